"""Roots: where a component tree meets a container element, and ``mount()``.

A root owns the container's delegated event listeners and its dispatch proxy
(through its scope), the event table of its tree, and the tree itself.
``Root.unmount()`` tears the tree down, removes the listeners, destroys the
proxy and, if it was the page's last root, releases the runtime's own resources.

Must not import ``js``.
"""

from __future__ import annotations

import warnings
from collections.abc import Coroutine
from typing import Any

from . import errors
from .component import Component
from .events import EventTable, call_handler
from .reconcile import DiffContext, diff_children, unmount
from .runtime import Runtime, get_runtime
from .scope import Scope
from .vnode import VNode, h, normalize_children


class Root:
    """A mounted tree. Made by :func:`mount`."""

    def __init__(self, runtime: Runtime, target: Any, name: str, strict: bool = False, internal: bool = False) -> None:
        self.name = name
        self.strict = strict
        # wasmui's own UI (the inspector panel): left out of the app's counts
        self.internal = internal
        self._runtime = runtime
        self.scope = Scope(f"root {name}", internal=internal)
        self.id = runtime.new_node_id()
        self.events = EventTable(self.id)
        try:
            self.container = runtime.host.attach(self.id, target, self._dispatch, self.scope)
        except Exception:
            self.scope.close()
            raise
        # a container with a pre-rendered first view: the first commit adopts its DOM
        self.hydrating = runtime.host.hydrating(self.id)
        # components that rendered their placeholder in that commit (see Component.prerender)
        self.after_hydration: list[Component] = []
        self._vnode = VNode("#root", {}, [], dom=self.id)
        self._unmounted = False
        runtime.roots.append(self)

    @property
    def component(self) -> Component | None:
        """The top component instance, if a component was mounted."""
        children = self._vnode.children
        return children[0].component if children else None

    @property
    def mounted(self) -> bool:
        return not self._unmounted

    def render(self, node: VNode) -> None:
        """Replaces what the root shows with ``node``, patching the DOM (commits now)."""
        if self._unmounted:
            raise errors.MountError(f"root {self.name}: render() after unmount()")
        new_children = normalize_children([node], f"root {self.name}")
        old_children = self._vnode.children

        def work(ctx: DiffContext) -> None:
            diff_children(ctx, self._vnode, old_children, new_children)
            # the new tree is the root's once it is built: a failure above leaves the old one
            self._vnode.children = new_children

        self._runtime.commit(work, self)
        if self.hydrating:
            self.hydrating = False
            waiting, self.after_hydration = self.after_hydration, []
            for component in waiting:
                component.refresh()  # its real view, in the next frame

    def unmount(self) -> None:
        """Unmounts the tree, removes its DOM and releases everything the root holds."""
        if self._unmounted:
            errors.warn(RuntimeWarning, f"root {self.name}: unmount() called twice")
            return
        self._unmounted = True
        old_children = self._vnode.children
        self._vnode.children = []

        def work(ctx: DiffContext) -> None:
            for child in old_children:
                unmount(ctx, child)
            ctx.removed += old_children

        try:
            self._runtime.commit(work, self)
        finally:
            self.scope.close()
            self._runtime.root_closed(self)

    def _dispatch(self, event_type: str, event: Any, *node_ids: int) -> None:
        """Called once per event by the delegated listener with the ids of the nodes that
        handle ``event_type``, target first; runs their handlers in that order until one
        stops propagation, then commits what they changed in one batch."""
        # state set by the handlers commits when they are done, in one batch
        with self._runtime.scheduler.event():
            last = node_ids[-1]
            for node_id in node_ids:
                entry = self.events.lookup(node_id, event_type)
                if entry is None:
                    continue
                handler, owner = entry
                try:
                    result = call_handler(handler, event)
                except Exception as exc:
                    errors.report(owner, f"on_{event_type} handler", exc)
                else:
                    if result is not None and isinstance(result, Coroutine):
                        self._run_async_handler(owner, event_type, result)
                # (read across the boundary only when another handler could still run)
                if node_id != last and getattr(event, "cancelBubble", False):
                    break

    def _run_async_handler(self, owner: Component | None, event_type: str, coroutine: Coroutine) -> None:
        """An ``async def`` handler (one that awaits ``dom.call(...)``, say): a task of its
        component's scope, so it is cancelled if the component unmounts first, and an error
        in it is reported as a handler's. Without this the coroutine was never run."""

        async def run() -> None:
            try:
                await coroutine
            except Exception as exc:  # (a cancellation is not an error: it goes on up)
                errors.report(owner, f"on_{event_type} handler", exc)

        task = run()
        task.__qualname__ = coroutine.__qualname__  # what the inspector names the task by
        (owner.scope if owner is not None else self.scope).create_task(task)

    def __repr__(self) -> str:
        return f"<Root {self.name} {'unmounted' if self._unmounted else 'mounted'}>"


def mount(
    component_or_node: type[Component] | VNode, target: Any, props: dict | None = None, *, strict: bool = False
) -> Root:
    """Mounts a component class (with ``props``) or a vnode into ``target``; commits now.

    Args:
        component_or_node: a Component subclass, or a node built with ``h()``/``html``.
        target: an element, or a CSS selector for one.
        props: the component's props (only with a component class).
        strict: development check: every component is mounted, unmounted and
            mounted again on first mount, so a missing cleanup shows at once.

    Returns:
        The :class:`Root`; ``root.unmount()`` releases everything it created.

    Raises:
        MountError: the target is missing or already holds a wasmui root.
        RenderError: ``component_or_node`` is neither a component class nor a node.

    Errors inside components (``render``, hooks, handlers) are not raised here: they
    are reported (``console.error`` with the component path and traceback, the
    inspector's error list, and in development the on-page overlay) and offered to
    the nearest ``on_error``, so one broken component never takes the page down.
    A warning turned into an error (``-W error``) is raised once the commit is
    complete, and the root is then unmounted.

    Example:
        ```python
        root = mount(Counter, "#app", {"start": 5})
        ...
        root.unmount()
        ```
    """
    if isinstance(component_or_node, type) and issubclass(component_or_node, Component):
        node = h(component_or_node, props)
    elif isinstance(component_or_node, VNode):
        if props is not None:
            raise errors.RenderError("mount(): props go with a component class, not with a node")
        node = component_or_node
    else:
        raise errors.RenderError(
            f"mount(): expected a Component subclass or a node, got {type(component_or_node).__name__}"
        )
    name = getattr(node.type, "__name__", str(node.type))
    root = Root(get_runtime(), target, name, strict)
    try:
        root.render(node)
    except BaseException:
        # the caller never gets the root: release it rather than leave it mounted and unreachable
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            root.unmount()
        raise
    return root
