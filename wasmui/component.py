"""The Component base class: props, state, lifecycle hooks and its resource scope.

Lifecycle (all hooks optional, plain methods, no ``super()`` needed):

```
  h(Counter, {...}) --mount--> on_init() -> render() -> [DOM committed] -> on_mount()
  set_state(...) / new props --> render() -> [DOM committed] -> on_update()
  removed --> on_unmount() (parent first) -> children torn down -> scope closed
              (deepest first) -> DOM removed
```

Children's ``on_mount`` runs before their parent's, so a parent can rely on its
children's DOM in its own ``on_mount``.

Must not import ``js``: the DOM is reached through the runtime's host.
"""

from __future__ import annotations

import itertools
from types import CoroutineType
from typing import TYPE_CHECKING, Any

from . import errors, mode
from .devhooks import hooks
from .errors import StateError
from .scope import Scope
from .vnode import first_dom

_ids = itertools.count(1)

if TYPE_CHECKING:
    from .root import Root
    from .runtime import Runtime
    from .vnode import VNode


class Component:
    """Base class of user components.

    Attributes:
        props: what the parent passed (``children`` holds nested nodes, if any).
        state: the component's own data; change it with :meth:`set_state`.
        scope: owns every JS-side resource the component creates; closed at unmount.

    Example:
        ```python
        class Counter(Component):
            def on_init(self):
                self.state = {"count": 0}

            def render(self):
                return html.button(
                    f"{self.state['count']}",
                    on_click=lambda e: self.set_state(count=self.state["count"] + 1),
                )
        ```
    """

    def __init__(self, props: dict | None = None) -> None:
        self.props: dict = props if props is not None else {}
        self.state: dict = {}
        self._id = next(_ids)

    # Framework bookkeeping: class-level defaults, set on the instance only when they
    # change (a new component writes three attributes, not fourteen).
    _scope: Scope | None = None
    _vnode: VNode | None = None
    _parent_component: Component | None = None
    _root: Root | None = None
    _runtime: Runtime | None = None
    _depth = 0
    _alive = False
    _unmounted = False
    _dirty = False
    _rendering = False
    _initializing = False
    _prop_copies: dict | None = None  # development mode: see reconcile.copy_mutable_props
    _watching: list | None = None  # (Selector, key) pairs this component reads; dropped at unmount
    _contexts: dict | None = None  # context -> its provider (None: the default) read; unsubscribed at unmount
    # marks component classes for h() (vnode sits below this module and cannot import it)
    _wasmui_component = True

    # --- what users override -------------------------------------------------

    # Optional hooks. None here means "not defined": the framework checks for None,
    # which is quicker than a failed attribute lookup on every component.
    on_init = None
    """``on_init()``: before the first render; set up ``self.state`` here."""
    on_mount = None
    """``on_mount()``: once the DOM is in the document (children's first)."""
    on_update = None
    """``on_update()``: after a re-render is committed."""
    on_unmount = None
    """``on_unmount()``: before the DOM is removed (parent's first)."""
    on_error = None
    """``on_error(exc)``: a descendant raised; set state here to render a fallback."""

    prerender = True
    """False for a component that shows browser-only data (the time, ``localStorage``, the
    window's size): ``wasmui build`` then pre-renders its :meth:`placeholder`, the hydrating
    render in the browser shows the same, and the real view follows at once."""

    def render(self) -> Any:
        """Returns this component's nodes: a node, a string, a list, or ``None``."""
        return None

    def placeholder(self) -> Any:
        """What a component whose ``prerender`` is False shows in the pre-rendered page
        until the browser renders it: nothing by default (a skeleton, say, if overridden)."""
        return None

    # --- what users call -----------------------------------------------------

    def set_state(self, **changes: Any) -> None:
        """Updates ``self.state`` and schedules one re-render for all calls in this task.

        Values are compared by identity: setting a key to the object it already
        holds does not re-render (use :meth:`refresh` after mutating in place).

        Raises:
            StateError: when called from ``render()``, which must not change state.
        """
        if self._rendering:
            raise StateError(
                f"{type(self).__name__}.set_state() was called during render(); "
                "render must only read state (change it in a handler or hook)"
            )
        if self._unmounted:
            errors.warn(RuntimeWarning, f"{type(self).__name__}.set_state() after unmount is ignored")
            return
        if all(self.state.get(name, _MISSING) is value for name, value in changes.items()):
            return
        if mode.checks:
            self._warn_if_awaitable(changes)
        self.state = {**self.state, **changes}
        self._schedule()

    def _warn_if_awaitable(self, changes: dict[str, Any]) -> None:
        """Development mode: a coroutine stored as state is nearly always a missing
        ``await`` (``set_state(width=dom.read(...))``), which would render as
        ``<coroutine object ...>`` with no error."""
        for name, value in changes.items():
            if isinstance(value, CoroutineType):
                errors.warn(RuntimeWarning, f"{type(self).__name__}.set_state({name}=...): a coroutine, not its result: "
                                            f"a missing `await`? (e.g. `await dom.read(...)`)")

    def refresh(self) -> None:
        """Schedules a re-render without a state change (after mutating state in place)."""
        self._schedule()

    def _schedule(self) -> None:
        # set_state calls this, never refresh(): a user method named refresh must not
        # change what set_state does.
        if self._alive and not self._initializing:
            self._runtime.scheduler.schedule(self)

    @property
    def scope(self) -> Scope:
        """Owns this component's JS-side resources; closed at unmount.

        Made on first use (most components own nothing), as a child of the
        parent component's scope, or of the root's for a top component.
        """
        if self._scope is None:
            self._scope = Scope(type(self).__name__)
            if self._unmounted:
                self._scope.close()  # too late: adding to it raises instead of leaking
            elif self._alive:
                self._adopt_scope()
        return self._scope

    def _adopt_scope(self) -> None:
        parent = self._parent_component
        self._scope.adopt_into(parent.scope if parent is not None else self._root.scope, owner=self)

    def context(self, context: Any) -> Any:
        """The value of the nearest ``context.provide(...)`` above this component
        (``context.default`` without one); it re-renders when that value changes.

        Example:
            ```python
            class Badge(Component):
                def render(self):
                    return html.span(str(len(self.context(Cart).items)))
            ```
        """
        return context.read(self)

    @property
    def el(self) -> Any:
        """The component's first DOM node (a JS element in the browser), once mounted."""
        if not self._alive:
            return None
        return self._runtime.host.node(first_dom(self._vnode))

    @property
    def mounted(self) -> bool:
        """True between ``on_mount`` and ``on_unmount``."""
        return self._alive

    # --- called by the reconciler --------------------------------------------

    def _attach(self, vnode: VNode, parent: Component | None, root: Root, runtime: Runtime) -> None:
        self._vnode = vnode
        self._parent_component = parent
        self._root = root
        self._runtime = runtime
        self._depth = parent._depth + 1 if parent is not None else 0
        self._alive = True
        if self._scope is not None:  # made before mounting (e.g. in __init__)
            self._adopt_scope()
        if hooks.component_mounted is not None:
            hooks.component_mounted(self)

    def _mounted(self) -> None:
        if not self._alive:
            return
        call_hook(self, "on_mount")
        if self._root.strict:
            # Strict mode, like React's: unmount and mount again at once, so a
            # resource not created through the scope, or not re-created in
            # on_mount, shows at first mount instead of after hours of use.
            call_hook(self, "on_unmount")
            if self._scope is not None:
                self._scope.release_own()
            call_hook(self, "on_mount")

    def _updated(self) -> None:
        if self._alive:
            call_hook(self, "on_update")

    def _detach(self) -> None:
        """After ``on_unmount`` and the children's teardown: release what it owns."""
        self._alive = False
        self._unmounted = True
        self._dirty = False
        if self._scope is not None:
            self._scope.close()
        if self._watching is not None:
            for selector, key in self._watching:
                selector.forget(self, key)
            self._watching = None
        if self._contexts is not None:
            for provider in self._contexts.values():
                if provider is not None:
                    provider.unsubscribe(self)
            self._contexts = None
        self._vnode = None
        if hooks.component_unmounted is not None:
            hooks.component_unmounted(self)

    def __repr__(self) -> str:
        state = "mounted" if self._alive else ("unmounted" if self._unmounted else "new")
        # the address stays, as in object's repr: the inspector finds JS-held objects by it
        return f"<{type(self).__name__}#{self._id} {state} at {id(self):#x}>"


def call_safely(component: Component | None, phase: str, fn: Any, *args: Any) -> Any:
    """``fn(*args)``, user code run for ``component``: its error is reported against the
    component (and offered to a boundary), never raised; returns ``None`` then."""
    try:
        return fn(*args)
    except Exception as exc:
        errors.report(component, phase, exc)
        return None


def call_hook(component: Component, name: str) -> None:
    """Runs ``component.on_<name>()`` if defined, reporting (not raising) its errors."""
    hook = getattr(component, name, None)
    if hook is not None:
        call_safely(component, name, hook)


_MISSING = object()
