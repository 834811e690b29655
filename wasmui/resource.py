"""Async data (#24): ``use_resource(load, deps)``, a value that arrives later.

What every app otherwise writes by hand, with its races: a loading state, an error
state, a retry, the load of inputs that changed cancelled, its late result never
shown, and nothing left running after unmount. Modelled on Solid's
``createResource``: the inputs (``deps``) drive the loader, and a newer input makes
every older result irrelevant.

Each load runs in a scope of its own (a child of the component's), closed when a
newer load starts, when the deps change and at unmount: closing it cancels the
load's task and aborts its ``scope.fetch`` requests, and unregisters them at once.
Independently of cancellation, a result is shown only if it belongs to the newest
load (a generation number), so a load that swallows its cancellation still cannot
show a stale value. The render after a change of deps already shows ``loading``
with no value: the old inputs' value is never rendered next to the new inputs.

The loading runs in the passive-effects phase (``use_effect``): at build time and
in the hydrating render a resource shows its loading state, and strict mode's
simulated unmount cancels the first load and starts it again, as it does effects.

Must not import ``js``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from .hooks import _current, use_effect, use_ref, use_state
from .scope import Scope
from .values import same_value

_UNSET = object()


class ResourceState:
    """What :func:`use_resource` returns for one render (read-only).

    Attributes:
        loading: a load is under way (the first, one for new deps, or a reload).
        value: the newest load's result; ``None`` while the deps' first load runs and
            after an error. A :meth:`reload` keeps the value shown until its result.
        error: the exception the newest load raised, or ``None``. Raise it from
            ``render()`` to hand it to the nearest ``on_error``.
    """

    __slots__ = ("loading", "value", "error", "_loader")

    def __init__(self, loading: bool, value: Any, error: BaseException | None, loader: _Loader) -> None:
        self.loading = loading
        self.value = value
        self.error = error
        self._loader = loader

    def reload(self) -> None:
        """Loads again with the same deps (a retry): the current load, if any, is
        cancelled; ``loading`` is true until the new result."""
        self._loader.reload()

    def __repr__(self) -> str:
        if self.loading:
            return "ResourceState(loading)"
        return f"ResourceState(error={self.error!r})" if self.error is not None else f"ResourceState(value={self.value!r})"


class _Loader:
    """One ``use_resource`` slot: its deps, its current load and what renders show."""

    def __init__(self, owner: Any, bump: Callable[[Any], None]) -> None:
        self.owner = owner
        self.bump = bump  # a use_state setter: re-renders the owner
        self.deps: Any = _UNSET
        self.generation = 0
        self.scope: Scope | None = None
        self.load: Callable[..., Any] | None = None
        self.state = ResourceState(True, None, None, self)

    def renew(self, deps: tuple) -> None:
        """New deps (during render): older results stop counting now, and this render
        shows loading with no value."""
        self.deps = deps
        self.generation += 1
        self.state = ResourceState(True, None, None, self)

    def start(self) -> Callable[[], None]:
        """Starts a load of the latest ``load`` (the effect); returns the cleanup."""
        self.cancel()
        self.generation += 1
        generation = self.generation
        scope = self.scope = self.owner.scope.child(f"use_resource {getattr(self.load, '__qualname__', '')}".rstrip())
        try:
            result = self.load(scope) if _takes_scope(self.load) else self.load()
        except Exception as exc:
            self.settle(generation, None, exc)
            return self.cancel
        if inspect.isawaitable(result):
            # the awaitable is the task itself (no wrapping coroutine): cancelled before its
            # first step, a coroutine is closed by asyncio, never left "never awaited"
            task = scope.create_task(result)
            task.add_done_callback(lambda done: self._done(generation, done))
        else:
            self.settle(generation, result, None)
        return self.cancel

    def _done(self, generation: int, task: Any) -> None:
        if task.cancelled():
            return
        error = task.exception()
        self.settle(generation, None if error is not None else task.result(), error)

    def settle(self, generation: int, value: Any, error: BaseException | None) -> None:
        """A load ended: shown only if it is the newest and the owner is still mounted."""
        if generation != self.generation or not self.owner.mounted:
            return
        self.state = ResourceState(False, value, error, self)
        self.bump(lambda n: n + 1)

    def reload(self) -> None:
        if not self.owner.mounted or self.load is None:
            return
        self.state = ResourceState(True, self.state.value, None, self)
        self.bump(lambda n: n + 1)
        self.start()

    def cancel(self) -> None:
        """Ends the current load: its task is cancelled, its fetches aborted."""
        scope, self.scope = self.scope, None
        if scope is not None:
            scope.close()


def _takes_scope(load: Callable[..., Any]) -> bool:
    """Whether ``load`` takes a positional parameter (the load's scope)."""
    try:
        parameters = inspect.signature(load).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: called bare
        return False
    return any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty or p.kind is p.VAR_POSITIONAL
        for p in parameters
    )


def use_resource(load: Callable[..., Any], deps: list | tuple) -> ResourceState:
    """Loads ``load()``'s result, again whenever a dependency changes (compared as props are).

    Args:
        load: returns the value, or an awaitable of it (an ``async def`` function's
            coroutine, a JS promise). It may take one parameter: a :class:`Scope` of
            that load alone, for the ``fetch`` requests, timers and tasks it starts,
            all released when the load is superseded or the component unmounts.
        deps: the inputs ``load`` reads. A change starts a new load and cancels the
            previous one, whose result is then never shown.

    Returns:
        This render's :class:`ResourceState`: ``loading``, ``value``, ``error`` and ``reload()``.

    Example:
        ```python
        @component
        def User(user_id):
            async def load(scope):
                response = await scope.fetch(f"/api/users/{user_id}")
                return await response.json()

            user = use_resource(load, [user_id])
            if user.loading:
                return html.p("Loading...")
            if user.error is not None:
                return html.p("Failed. ", html.button("Retry", on_click=lambda: user.reload()))
            return html.p(user.value["name"])
        ```
    """
    if not callable(load):
        raise TypeError(f"use_resource(): load must be a function returning the value or an awaitable, got {type(load).__name__}")
    if not isinstance(deps, (list, tuple)):
        raise TypeError(f"use_resource(): deps must be a list or a tuple of the values load reads, got {type(deps).__name__}")
    owner = _current("use_resource")
    _, bump = use_state(0)
    slot = use_ref(None)
    loader = slot.current
    if loader is None:
        loader = slot.current = _Loader(owner, bump)
    loader.load = load
    if loader.deps is _UNSET or not _same_deps(loader.deps, deps):
        loader.renew(tuple(deps))
    use_effect(loader.start, deps)
    return loader.state


def _same_deps(old: tuple, new: list | tuple) -> bool:
    return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new))
