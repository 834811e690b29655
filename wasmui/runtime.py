"""The runtime: one host, its scheduler, node ids, and the commit cycle.

A commit runs the reconciler to build one op list, applies it with a single host
call, then runs what must follow it (refs, ``on_mount``, ``on_update``) in order.

There is one current runtime per page, created with the browser host on first
``mount()``; tests on plain CPython install one over a model DOM with
:func:`use_host`. When its last root unmounts, the runtime releases the host's
own resources (its frame callback proxy); they come back on the next mount.

Must not import ``js``.
"""

from __future__ import annotations

import gc
import itertools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import _ffi, errors, mode
from .devhooks import hooks
from .errors import MountError
from .reconcile import DiffContext
from .scheduler import Scheduler

if TYPE_CHECKING:
    from ._types import Host
    from .root import Root


COMMIT_RECURSION_LIMIT = 8_000
"""Python's recursion limit while a commit is built: room for trees about 2,000 levels
deep, and for :data:`~wasmui.reconcile.MAX_COMPONENT_DEPTH` nested components."""


class Runtime:
    """Drives one host."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.scheduler = Scheduler(self)
        self.roots: list[Root] = []
        self.node_ids = itertools.count(1)
        self._removed: list[list] = []
        self._gc_owed = False  # the collector waits for the idle period (see resume_gc)
        self._effect_cleanups: list[Callable[[], None]] = []
        self._effect_setups: list[Callable[[], None]] = []
        # the templates (by prototype id) whose prototype the host already holds
        self.templates: set[int] = set()
        self._depth = 0  # commits being built or applied (one inside another's hooks or effects)
        self._after_commits: list[Callable[[], None]] = []

    def new_node_id(self) -> int:
        return next(self.node_ids)

    def commit(self, work: Callable[[DiffContext], None], root: Root | None = None) -> None:
        """Runs ``work`` to build a commit, applies it in one host call, then its hooks;
        warnings raised while building it are emitted last, once the DOM and the
        virtual tree agree again (under ``-W error`` they then raise from here). What
        waits for the commits to end (:meth:`after_commits`) runs at the very end."""
        self._depth += 1
        try:
            self._commit(work, root)
        finally:
            self._depth -= 1
            if not self._depth and self._after_commits:
                waiting, self._after_commits = self._after_commits, []
                for callback in waiting:
                    callback()

    def after_commits(self, callback: Callable[[], None]) -> None:
        """Runs ``callback`` once no commit is under way: now, or when the outermost one
        ends (once however often asked meanwhile). For wasmui's own UI (the error overlay):
        an error is reported inside the commit that met it, and a commit of another root
        there would run that commit's effects and hooks before its own DOM changes."""
        if not self._depth:
            callback()
        elif callback not in self._after_commits:
            self._after_commits.append(callback)

    def _commit(self, work: Callable[[DiffContext], None], root: Root | None) -> None:
        ctx = DiffContext(self, root)
        # The cyclic GC waits during a diff: it allocates many containers, and the
        # collections they trigger cost up to a third of a 10,000-row create
        # (./build.sh bench). Safe only because the reconciler leaves no cycles behind
        # (see patch()): old trees are freed by reference counting, not by this GC.
        paused = self.pause_gc()
        # The reconciler recurses once or twice per level of the tree: the default limit
        # (1,000 frames) would stop a tree about 450 levels deep half-way through a commit.
        # Python-to-Python calls use no C stack, so a higher limit here is safe (#12).
        limit = sys.getrecursionlimit()
        if limit < COMMIT_RECURSION_LIMIT:
            sys.setrecursionlimit(COMMIT_RECURSION_LIMIT)
        try:
            work(ctx)
        finally:
            if paused:
                self.resume_gc()
            if limit < COMMIT_RECURSION_LIMIT:
                sys.setrecursionlimit(limit)
        # what the commit removed is freed when the page is idle, asked for with the ops
        # (one crossing for both)
        then_idle = self.free_removed if ctx.removed and not self._removed else None
        if ctx.removed:
            self._removed.append(ctx.removed)
        if ctx.ops:
            mismatches = self.host.apply(ctx.ops, then_idle)
            if mismatches and hooks.hydration_mismatch is not None:
                hooks.hydration_mismatch(root, mismatches)
        elif then_idle is not None:
            self.host.when_idle(then_idle)
        if self.host.prerendering:
            # the build-time first view is the first render only, as React's renderToString:
            # no ref, on_mount or effect (they start timers and fetches a build cannot run)
            self._effect_cleanups, self._effect_setups = [], []
        else:
            for callback in ctx.after_commit:
                callback()
            self._run_effects()
        if hooks.commit_done is not None:
            hooks.commit_done(len(ctx.ops))
        for category, message, at in ctx.warnings:
            errors.warn(category, message, at)

    def queue_effects(self, cleanups: list[Callable[[], None]], setups: list[Callable[[], None]]) -> None:
        """Queues a component's passive effects (``use_effect``) for the end of this commit."""
        self._effect_cleanups += cleanups
        self._effect_setups += setups

    def _run_effects(self) -> None:
        """The passive-effects phase, as React's: once the commit's hooks have run, every
        queued cleanup, then every setup, each in the order the components queued them
        (children before parents, as ``on_mount``/``on_update`` are called)."""
        while self._effect_cleanups or self._effect_setups:
            cleanups, self._effect_cleanups = self._effect_cleanups, []
            setups, self._effect_setups = self._effect_setups, []
            for effect in (*cleanups, *setups):
                effect()

    def free_removed(self, time_left: Callable[[], float] | None = None) -> None:
        """Frees the trees that earlier commits removed (already unmounted and released).

        Freeing thousands of Python objects costs as much as building them, so a commit
        keeps what it removed and the host calls this after the next paint, when the
        page is idle: an interaction waits for its DOM change only, as in JS, where the
        garbage collector frees removed trees later too. A collection that an event or a
        commit put off runs here too, once everything is freed (see :meth:`resume_gc`).

        Args:
            time_left: from the host's idle callback, the milliseconds left in the idle
                period: the trees are freed a piece at a time while it lasts, and the
                rest in the next one (freeing 1,000 rows takes about 5 ms, which would
                otherwise run into the next frame). ``None`` frees everything now.
        """
        if time_left is None:
            self._removed = []
            self._collect_owed()
            return
        removed = self._removed
        while removed:
            if time_left() < IDLE_MARGIN_MS:
                self.host.when_idle(self.free_removed)
                return
            _drop_a_piece(removed)
        if self._gc_owed:
            if time_left() < COLLECTION_MS:
                self.host.when_idle(self.free_removed)
                return
            self._collect_owed()

    def pause_gc(self) -> bool:
        """Stops the cyclic garbage collector for an event or a commit; whether it was
        running (and so is for :meth:`resume_gc` to bring back)."""
        if not gc.isenabled():
            return False
        gc.disable()
        return True

    def resume_gc(self) -> None:
        """Brings the collector back after :meth:`pause_gc`: at once if no collection is
        owed, else in the next idle period, right after that collection. Enabled with a
        collection owed, it would collect at the next allocation, still inside the
        interaction (Python 3.14's automatic collection also scans an increment of the
        old generation: 2-4 ms with 1,000 rows alive, ./build.sh bench)."""
        if gc.get_count()[0] < gc.get_threshold()[0]:
            gc.enable()
        else:
            self._gc_owed = True
            self.host.when_idle(self.free_removed)

    def _collect_owed(self) -> None:
        if self._gc_owed:
            self._gc_owed = False
            gc.enable()
            gc.collect(1)  # what the automatic collection does: the young generation, an increment of the old

    def root_closed(self, root: Root) -> None:
        """Forgets ``root``; after the last one, the host releases its own resources."""
        if root in self.roots:
            self.roots.remove(root)
        if not self.roots:
            self.free_removed()
            self.host.close()


COLLECTION_MS = 5.0
"""The idle time a collection owed waits for (with 1,000 rows alive one takes 2-4 ms)."""

IDLE_MARGIN_MS = 1.0
"""Freeing stops when less than this is left of the idle period (a piece takes less)."""

PIECE = 50
"""Removed nodes dropped at a time between checks of the idle time left."""


def _drop_a_piece(removed: list) -> None:
    """Drops up to :data:`PIECE` removed nodes from the end of ``removed``: a list of each
    commit's removals (lists the reconciler made for this, holding nodes and the small
    lists of nodes a re-render replaced; a cleared list's old children are in them one by
    one, so they are freed in pieces too). Only these lists are emptied: a list that
    belongs to a node is never changed."""
    batch = removed[-1]
    if batch:
        del batch[-PIECE:]
    else:
        removed.pop()


current_runtime: Runtime | None = None


def _set_current(runtime: Runtime | None) -> None:
    global current_runtime
    current_runtime = runtime


def get_runtime() -> Runtime:
    """The page's runtime, created over the browser on first use."""
    if current_runtime is None:
        if not _ffi.IN_BROWSER:
            raise MountError(
                "mount() outside a browser needs a model DOM: in tests, use wasmui.testing.render(...), "
                "or wasmui.runtime.use_host(wasmui.modeldom.ModelHost()) first"
            )
        from .browser_host import BrowserHost

        _set_current(Runtime(BrowserHost()))
        mode.activate()  # after: development tools may mount their own roots on this runtime
    return current_runtime


def use_host(host: Host) -> Runtime:
    """Makes a fresh runtime over ``host`` current (tests on a model DOM)."""
    runtime = Runtime(host)
    _set_current(runtime)
    mode.activate()
    return runtime


def flush() -> None:
    """Commits every pending update at once and frees what they removed (tests, imperative code)."""
    if current_runtime is not None:
        current_runtime.scheduler.flush()
        current_runtime.free_removed()
