"""Function components and hooks (#15): ``@component``, ``use_state``, ``use_effect``,
``use_ref``, ``use_memo``, ``use_scope``, as React's.

``@component`` turns a function of props into a :class:`~wasmui.component.Component`
subclass, so function and class components mix freely and everything that works on one
(strict mode, the inspector, ``wasmui.testing``, ``assert_no_leaks``) works on the
other. Hooks keep their values in slots on the component, found by call order, which is
why they must run in the same order on every render (never inside ``if``/``for``): a
changed order is a :class:`HookError` naming the component.

``use_state`` values live in the component's ``state`` (keys ``use_state#0``...), so
updates are batched like ``set_state``, the inspector shows them per hook, and hot
reload keeps them. Effects run in React's passive phase: after the commit's DOM and
hooks, every cleanup due, then every effect, children before parents; at unmount a
component's cleanups run (parents before children).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from .component import Component, call_safely
from .errors import RenderError
from .scope import Scope
from .values import same_value

_rendering: list[Component] = []


class HookError(RenderError):
    """A hook used outside a function component's render, or in a changed order."""


class Ref:
    """What ``use_ref`` returns: ``.current``, kept across renders, changing it re-renders nothing."""

    __slots__ = ("current",)

    def __init__(self, current: Any = None) -> None:
        self.current = current

    def __call__(self, value: Any) -> None:
        """A ref is also a ``ref=`` callback: ``html.input(ref=field)`` fills ``field.current``."""
        self.current = value

    def __repr__(self) -> str:
        return f"Ref({self.current!r})"


class _Effect:
    __slots__ = ("deps", "effect", "setup", "cleanup")

    def __init__(self) -> None:
        self.deps: Any = _UNSET
        self.effect: Callable | None = None  # the latest render's effect function
        self.setup: Callable | None = None  # due to run after this commit
        self.cleanup: Callable | None = None


_UNSET = object()


class FunctionComponent(Component):
    """Base of the classes ``@component`` makes; the function is ``_function``."""

    _function: Callable[..., Any]
    _takes_children = False
    _accepted: frozenset[str] | None = None  # see accepted_props()
    _slots: list | None = None
    _kinds: list | None = None  # the hook kinds in call order, fixed by the first render
    _first_render_done = False

    def render(self) -> Any:
        props = self.props
        if "children" in props and not self._takes_children:  # (a row has none: no copy made)
            props = {k: v for k, v in props.items() if k != "children"}
        first = self._kinds is None
        if first:
            self._slots, self._kinds = [], []
        self._hook_index = 0
        _rendering.append(self)
        try:
            output = self._function(**props)
        except TypeError:
            problem = self._props_problem(props)  # a prop it does not take, said plainly (#24)
            if problem is None:
                raise
            raise RenderError(problem) from None
        finally:
            _rendering.pop()
        self._first_render_done = True
        if not first and self._hook_index != len(self._kinds):
            raise HookError(
                f"{type(self).__name__} called {self._hook_index} hooks this render and {len(self._kinds)} the last: "
                "hooks must run in the same order every render (not inside if, for or after an early return)"
            )
        return output

    @classmethod
    def _props_problem(cls, props: dict) -> str | None:
        """What is wrong with ``props`` for the function's parameters, naming the component,
        where it is defined and the prop; ``None`` if they fit. Asked only once the call
        failed with a TypeError, so a render that works pays nothing."""
        parameters = inspect.signature(cls._function).parameters.values()
        accepted = accepted_props(cls)
        where = _definition_site(cls._function)
        if accepted is not None:
            unknown = [name for name in props if name not in accepted]
            if unknown:
                takes = ", ".join(sorted(accepted - {"children"})) or "no props"
                others = f" (nor {', '.join(map(repr, unknown[1:]))})" if len(unknown) > 1 else ""
                return (
                    f"{cls.__name__} ({where}) does not accept the prop {unknown[0]!r}{others}; it takes: {takes}. "
                    "Add a parameter for it (or **props), or stop passing it."
                )
        missing = [p.name for p in parameters if p.kind in _BY_NAME and p.default is p.empty and p.name not in props]
        if missing:
            return f"{cls.__name__} ({where}) needs the prop {missing[0]!r}, which was not passed"
        return None

    def _slot(self, kind: str, make: Callable[[], Any]) -> Any:
        index = self._hook_index
        self._hook_index += 1
        if index == len(self._kinds):
            if self._first_render_done:  # a hook that did not run on the first render
                raise HookError(f"{type(self).__name__}: hook #{index} ({kind}) did not run on the first render; "
                                "hooks must run in the same order every render")  # fmt: skip
            self._kinds.append(kind)
            self._slots.append(make())
        elif self._kinds[index] != kind:
            raise HookError(
                f"{type(self).__name__}: hook #{index} was {self._kinds[index]} on the last render and is {kind} now; "
                "hooks must run in the same order every render (not inside if or for)"
            )
        return index, self._slots[index]

    _strict_cycle = False  # strict mode's simulated unmount is under way
    _first_mount_done = False

    # the passive effects: queued on the runtime by the commit's on_mount / on_update
    def on_mount(self) -> None:
        first, self._first_mount_done = not self._first_mount_done, True
        if first and self._root.strict:
            # React's StrictMode: the effects run now, so that the simulated unmount that
            # follows cleans them up and the second on_mount runs them again
            self._strict_cycle = True
            for slot in self._effect_slots():
                self._setup(slot)
            return
        self._queue_effects()

    def on_update(self) -> None:
        self._queue_effects()

    def on_unmount(self) -> None:
        rearm, self._strict_cycle = self._strict_cycle, False
        for slot in self._effect_slots():
            if slot.cleanup is not None:
                cleanup, slot.cleanup = slot.cleanup, None
                call_safely(self, "use_effect cleanup", cleanup)
            if rearm:
                slot.setup = slot.effect
        if not rearm:
            # gone for good: the slots' closures (an effect holding a setter holds this
            # component) would make a reference cycle, and the reconciler frees removed
            # trees by reference counting alone; a Ref's DOM node goes with them
            self._slots = []

    def _effect_slots(self) -> list[_Effect]:
        return [slot for slot in self._slots or () if isinstance(slot, _Effect)]

    def _queue_effects(self) -> None:
        due = [slot for slot in self._slots or () if isinstance(slot, _Effect) and slot.setup is not None]
        if not due:
            return
        cleanups = [functools.partial(self._cleanup, slot) for slot in due if slot.cleanup is not None]
        self._runtime.queue_effects(cleanups, [functools.partial(self._setup, slot) for slot in due])

    def _cleanup(self, slot: _Effect) -> None:
        cleanup, slot.cleanup = slot.cleanup, None
        if cleanup is not None:
            call_safely(self, "use_effect cleanup", cleanup)

    def _setup(self, slot: _Effect) -> None:
        setup, slot.setup = slot.setup, None
        if setup is not None and self.mounted:
            result = call_safely(self, "use_effect", setup)
            slot.cleanup = result if callable(result) else None


def component(fn: Callable[..., Any]) -> type[Component]:
    """Turns ``fn(**props)`` into a component class, used like any other.

    The props are passed as keyword arguments: ``children`` only to a function with a
    ``children`` parameter (or ``**props``), ``key`` never (the reconciler's). A prop the
    function has no parameter for, or a required one missing, is a :class:`RenderError`
    naming the component, where it is defined and the prop.

    Example:
        ```python
        @component
        def Counter(start=0):
            count, set_count = use_state(start)
            return html.button(str(count), on_click=lambda: set_count(lambda n: n + 1))

        mount(Counter, "#app", {"start": 5})
        ```
    """
    parameters = inspect.signature(fn).parameters.values()
    takes_children = any(p.name == "children" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
    accepted = None
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        accepted = frozenset(p.name for p in parameters if p.kind in _BY_NAME)
    namespace = {"_function": staticmethod(fn), "_takes_children": takes_children, "_accepted": accepted,
                 "__doc__": fn.__doc__, "__module__": fn.__module__, "__qualname__": fn.__qualname__}  # fmt: skip
    return type(fn.__name__, (FunctionComponent,), namespace)


_BY_NAME = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def accepted_props(component_class: type[Component]) -> frozenset[str] | None:
    """The prop names a component accepts: for an ``@component`` function, its parameters
    that can be passed by name; ``None`` (any) for one that takes ``**props`` and for a
    class component, which reads ``self.props`` as it likes.

    Example:
        ```python
        @component
        def NotFound():
            return html.p("no such page")

        accepted_props(NotFound)  # frozenset(): pass it nothing, not even `path`
        ```
    """
    return getattr(component_class, "_accepted", None)


def _definition_site(fn: Callable[..., Any]) -> str:
    code = getattr(fn, "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else getattr(fn, "__qualname__", "?")


def _current(hook: str) -> FunctionComponent:
    if not _rendering:
        raise HookError(f"{hook}() was called outside a component's render: hooks work only while an @component function renders")
    return _rendering[-1]


def use_state(initial: Any) -> tuple[Any, Callable[[Any], None]]:
    """``value, set_value = use_state(initial)``: ``set_value(new)`` or ``set_value(lambda old: new)``
    re-renders, batched like ``set_state``. A callable ``initial`` is called once, for the first value."""
    owner = _current("use_state")
    index, key = owner._slot("use_state", lambda: f"use_state#{owner._hook_index - 1}")
    if key not in owner.state:
        owner.state = {**owner.state, key: initial() if callable(initial) else initial}

    def set_value(new: Any) -> None:
        value = new(owner.state[key]) if callable(new) else new
        owner.set_state(**{key: value})

    return owner.state[key], set_value


def use_effect(effect: Callable[[], Any], deps: list | tuple | None = None) -> None:
    """Runs ``effect`` after the commit; a callable it returns is its cleanup, run before the
    next run and at unmount. ``deps=None``: after every commit; ``[]``: once; otherwise when
    a dependency changed (compared as props are)."""
    _, slot = _current("use_effect")._slot("use_effect", _Effect)
    slot.effect = effect
    if deps is None or slot.deps is _UNSET or not _same_deps(slot.deps, deps):
        slot.deps = None if deps is None else tuple(deps)
        slot.setup = effect


def use_ref(initial: Any = None) -> Ref:
    """A :class:`Ref` kept across renders (``.current``); also usable as ``ref=``."""
    return _current("use_ref")._slot("use_ref", lambda: Ref(initial))[1]


def use_memo(compute: Callable[[], Any], deps: list | tuple) -> Any:
    """``compute()``'s value, computed again only when a dependency changed."""
    _, slot = _current("use_memo")._slot("use_memo", lambda: [_UNSET, None])
    if slot[0] is _UNSET or not _same_deps(slot[0], deps):
        slot[0], slot[1] = tuple(deps), compute()
    return slot[1]


def use_scope() -> Scope:
    """The component's :class:`~wasmui.scope.Scope`: every resource it makes is released at unmount."""
    return _current("use_scope").scope


def _same_deps(old: tuple, new: list | tuple) -> bool:
    return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new))
