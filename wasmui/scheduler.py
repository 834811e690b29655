"""When re-renders happen: dirty components, committed once per animation frame.

``set_state`` marks a component dirty and asks the host for a frame; however many
calls a task makes, the component renders once. A flush renders the dirty
components parents first (sorted by depth), skipping those that a parent's
re-render already brought up to date, and commits them as one batch. Hooks that
set state during a commit are picked up by the next round of the same flush.
A :class:`~wasmui.ListStore` with pending operations is scheduled the same way
(it has ``_dirty``, ``_alive`` and ``_depth``), just below the component that
renders it, and applies its operations where a component would re-render.

Must not import ``js``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .store import ListStore

if TYPE_CHECKING:
    from .component import Component
    from .runtime import Runtime

MAX_ROUNDS = 100
"""Rounds of one flush before it is treated as an update loop (a hook that always sets state)."""


class Scheduler:
    """The dirty list of one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._dirty: list[Component] = []
        self._in_event = False

    def schedule(self, component: Component) -> None:
        """Marks ``component`` dirty (once) and asks for a frame (the host coalesces
        requests), unless an event's handlers are running: the event commits itself."""
        if component._dirty:
            return
        component._dirty = True
        self._dirty.append(component)
        if not self._in_event:
            self._runtime.host.request_frame(self.flush)

    def event(self) -> _EventBatch:
        """Runs an event's handlers: what they change commits when they are done, in one
        flush before the next paint, with no frame requested for it.

        The cyclic garbage collector waits meanwhile, as it does during every commit:
        handlers that make many objects (a thousand new rows) triggered collections of
        2-4 ms each with a large tree alive (``./build.sh bench``), inside the interaction.
        A collection owed runs in the next idle period instead (:meth:`Runtime.resume_gc`);
        one event's garbage waits that long.
        """
        return _EventBatch(self)

    def flush(self) -> None:
        """Commits every pending update now."""
        from .reconcile import rerender

        rounds = 0
        while self._dirty:
            rounds += 1
            if rounds > MAX_ROUNDS:
                looping = self._dirty
                self._dirty = []
                for component in looping:
                    component._dirty = False
                errors.report(
                    looping[0],
                    "update",
                    errors.StateError(f"update loop: still re-rendering after {MAX_ROUNDS} rounds in one flush"),
                )
                return
            batch = sorted(self._dirty, key=lambda component: component._depth)
            self._dirty = []

            def render_batch(ctx, batch=batch):
                for component in batch:
                    if component._dirty and component._alive:
                        if component.__class__ is ListStore:
                            component._commit_pending(ctx)
                        else:
                            rerender(ctx, component)

            try:
                self._runtime.commit(render_batch)
            except BaseException:
                # a commit that failed part-way (no user value can do that, but a tree too deep
                # for the stack can) must not leave the rest of its batch marked dirty and
                # unqueued: they could never be scheduled again (#12)
                for component in batch:
                    component._dirty = False
                raise


class _EventBatch:
    """``with scheduler.event():`` (a class, not a generator: it runs on every event)."""

    __slots__ = ("_scheduler", "_outer", "_collecting")

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler

    def __enter__(self) -> None:
        scheduler = self._scheduler
        self._outer, scheduler._in_event = scheduler._in_event, True
        self._collecting = scheduler._runtime.pause_gc()

    def __exit__(self, kind: object, *_: object) -> None:
        scheduler = self._scheduler
        try:
            if kind is None:
                scheduler.flush()
        finally:
            scheduler._in_event = self._outer
            if self._collecting:
                scheduler._runtime.resume_gc()
            if scheduler._dirty and not self._outer:  # the flush failed: the next frame tries again
                scheduler._runtime.host.request_frame(scheduler.flush)
