"""The reconciler: turns the difference between two virtual trees into DOM operations.

Split by vnode kind (element, text, comment, fragment, component), in Preact's
order: match children first, unmount the old ones left over, then patch or mount,
then place (see :mod:`.children`). It never touches the DOM itself; it appends
to ``DiffContext.ops``, which the runtime sends across in one call per commit, and
queues the hooks and refs that must run once that commit is in the document.

Errors from a component's ``on_init`` or ``render`` are contained to that
component: it keeps its previous output (or renders nothing on first mount), the
error is reported, and the rest of the commit goes on, so the DOM is never left
half-patched.

Must not import ``js``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MethodType
from typing import TYPE_CHECKING

from .. import errors, mode
from ..component import call_hook, call_safely
from ..devhooks import hooks
from ..errors import MutatedPropWarning
from ..events import UndeclaredSubmitWarning, UnknownEventWarning, undeclared_submit, unknown_event_hint
from ..ops import Op
from ..portal import Portal
from ..selector import settle_reads
from ..template import Template
from ..values import same_value
from ..vnode import COMMENT, TEXT, UNSAFE_HTML, Fragment, StoreNodes, VNode, comment_node, normalize_children
from .props import diff_props, mount_props, write_late

if TYPE_CHECKING:
    from ..component import Component
    from ..root import Root
    from ..runtime import Runtime


@dataclass
class DiffContext:
    """State of one commit: the ops built so far and what to run after they apply."""

    runtime: Runtime
    root: Root | None = None
    ops: list = field(default_factory=list)
    # Run in order after the ops are applied: refs, then on_mount / on_update.
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    anchors: int = 0
    # the element in the document that mount_all() fills: a child element mounted into
    # it is built aside and placed whole (templates and texts are whole when created)
    live_parent: int = 0
    # The component whose output is being diffed (None at a root's top): the owner
    # of the refs and handlers met, named when one of them fails.
    owner: Component | None = None
    # Removed trees, kept until the runtime frees them after the commit (see Runtime).
    removed: list = field(default_factory=list)
    # (category, message) pairs, emitted once the commit is applied: a warning turned
    # into an error (pytest -W error) must not abort a half-built commit (#12)
    warnings: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.new_id: Callable[[], int] = self.runtime.node_ids.__next__  # one C call per node

    def new_anchor(self) -> int:
        self.anchors += 1
        return self.anchors

    def set_handler(self, node: VNode, event_type: str, handler: Callable | None) -> None:
        events = self.root.events
        if mode.checks and handler is not None and event_type not in events.delegated:
            hint = unknown_event_hint(event_type)
            if hint is not None:
                message = f"{errors.describe(self.owner)}: <{node.type}> prop 'on_{event_type}': {hint}"
                self.warn(UnknownEventWarning, message, rf"\bon_{re.escape(event_type)}\b")
        if (mode.checks and event_type == "submit" and handler is not None
                and self.runtime.host.handlers_run_late and undeclared_submit(node.props)):  # fmt: skip
            self.warn(UndeclaredSubmitWarning,
                      f"{errors.describe(self.owner)}: <{node.type}> has on_submit without prevent_default: in worker "
                      f"mode the page submits the form (a page load: the app's state is lost) before the handler "
                      f"runs in the worker, and event.preventDefault() there comes too late. Declare it on the "
                      f"element: prevent_default=\"submit\"", r"\bon_submit\b")  # fmt: skip
        events.set(self.ops, node.dom, event_type, handler, self.owner)

    def warn(self, category: type[Warning], message: str, needle: str | None = None) -> None:
        """Queues a warning for after the commit, pointing at the user's code: the render
        of the component being diffed, at the first line of it matching ``needle`` (a
        pattern for the prop at fault) if any (see :func:`wasmui.errors.warn`)."""
        self.warnings.append((category, message, errors.definition_site(self.owner, needle)))

    def change_ref(self, node: VNode, old_ref: Callable | None, new_ref: Callable | None) -> None:
        host = self.runtime.host
        owner = self.owner
        if old_ref is not None:
            self.after_commit.append(lambda: call_safely(owner, "ref", old_ref, None))
        if new_ref is not None:
            node_id = node.dom
            self.after_commit.append(lambda: call_safely(owner, "ref", new_ref, host.node(node_id)))




# --- mount --------------------------------------------------------------------------


def mount(ctx: DiffContext, node: VNode, parent: VNode, into: int = 0) -> None:
    """Creates the DOM for ``node``.

    Args:
        into: the id of a new element (itself still detached) to append the node's DOM
            to, in order; ``0`` leaves it detached, for the caller to place.
    """
    kind = node.type
    if kind is TEXT:
        node.dom = ctx.new_id()
        ctx.ops += (Op.CREATE_TEXT, node.dom, node.text, into)
    elif kind is COMMENT:
        node.dom = ctx.new_id()
        ctx.ops += (Op.CREATE_COMMENT, node.dom, into)
    elif kind is UNSAFE_HTML:
        node.dom = ctx.new_id()
        placed_later = into == ctx.live_parent and into != 0  # filled aside, as _mount_element's
        ctx.ops += (Op.CREATE_ELEMENT, node.dom, "wasmui-html", 0 if placed_later else into)
        ctx.ops += (Op.SET_STYLE, node.dom, "display", "contents", Op.SET_HTML, node.dom, node.text)
        if placed_later:
            ctx.ops += (Op.INSERT_BEFORE, into, node.dom, 0)
    elif kind.__class__ is str:
        _mount_element(ctx, node, parent, into)
    elif kind is Fragment:
        _enter_range(node, parent)
        if not node.children:
            node.children = [comment_node()]
        children = node.children
        for index, child in enumerate(children):
            mount(ctx, child if not child.mounted else fresh_at(children, index), node, into)
    elif kind.__class__ is Template:
        mount_instance(ctx, node, parent, into)
    elif kind is Portal:
        mount_portal(ctx, node, into)
    else:
        _enter_range(node, parent)
        _mount_component(ctx, node, into)


def _enter_range(node: VNode, parent: VNode) -> None:
    """A component's or fragment's range: where its DOM lives, and in which namespace."""
    node.parent_dom = parent.dom or parent.parent_dom
    node.svg = parent.svg and parent.type != "foreignObject"


def fresh_at(siblings: list[VNode], index: int) -> VNode:
    """A vnode object used twice: the second use gets a fresh copy in its place."""
    copy = siblings[index] = siblings[index].fresh_copy()
    return copy


def _mount_element(ctx: DiffContext, node: VNode, parent: VNode, into: int) -> None:
    ops = ctx.ops
    node.dom = node_id = ctx.new_id()
    placed_later = into == ctx.live_parent and into != 0  # built aside, placed whole: one DOM mutation
    created_in = 0 if placed_later else into
    if parent.svg and parent.type != "foreignObject" or node.type == "svg":
        node.svg = True
        ops += (Op.CREATE_SVG_ELEMENT, node_id, node.type, created_in)
    else:
        ops += (Op.CREATE_ELEMENT, node_id, node.type, created_in)
    late = mount_props(ctx, node) if node.props else None
    children = node.children
    for index, child in enumerate(children):
        if child.dom or child.component is not None or child.parent_dom:  # inlined .mounted
            child = fresh_at(children, index)
        if child.type is TEXT:  # inlined mount() of the most common child
            child.dom = child_id = ctx.new_id()
            ops += (Op.CREATE_TEXT, child_id, child.text, node_id)
        else:
            mount(ctx, child, node, node_id)
    if children.__class__ is StoreNodes:
        children.store._attach(node, ctx)
    if late:
        write_late(ctx, node, late)
    if placed_later:
        ops += (Op.INSERT_BEFORE, into, node_id, 0)


def _mount_component(ctx: DiffContext, node: VNode, into: int) -> None:
    parent_component = ctx.owner
    component = node.type(own_props(node))
    component._attach(node, parent_component, ctx.root, ctx.runtime)
    node.component = component
    rendered = render_component(component, initial=True)
    node.rendered = rendered if rendered is not None else [comment_node()]
    ctx.owner = component
    for child in node.rendered:
        mount(ctx, child, node, into)
    ctx.owner = parent_component
    if component.on_mount is not None or ctx.root.strict:
        ctx.after_commit.append(component._mounted)


def _first_view(component: Component) -> bool:
    """Whether ``component`` renders the pre-rendered first view now: at build time, or in
    its root's hydrating commit (which then renders it again, for real, at once)."""
    root = component._root
    if root.hydrating:
        root.after_hydration.append(component)
        return True
    return component._runtime.host.prerendering


def render_component(component: Component, initial: bool = False) -> list[VNode] | None:
    """Calls ``on_init`` (first time) and ``render``; returns the normalised output.

    Returns ``None`` if user code raised: the error is reported and the caller
    keeps the previous output.
    """
    phase = "on_init" if initial else "render"
    try:
        if initial and component._depth >= MAX_COMPONENT_DEPTH:  # (a component never moves deeper)
            phase = "render"
            raise errors.RenderError(
                f"{type(component).__name__} is nested {component._depth} components deep; does a component "
                "render itself (or an ancestor) with no condition that stops it?"
            )
        if initial and component.on_init is not None:
            component._initializing = True
            try:
                component.on_init()
            finally:
                component._initializing = False
        phase = "render"
        read_before = component._watching  # the selector reads of its last render, if any
        if read_before is not None:
            component._watching = None  # this render's reads, collected afresh
        component._rendering = True
        try:
            output = component.render() if component.prerender or not _first_view(component) else component.placeholder()
            if output.__class__ is VNode and output.key is None:  # the common single root
                rendered = [output]
            else:
                rendered = normalize_children([output], type(component))
        except BaseException:
            if read_before is not None:  # failed: its old output stays, so do its old reads
                component._watching = read_before + (component._watching or [])
            raise
        finally:
            component._rendering = False
        if read_before is not None:
            settle_reads(component, read_before)
    except Exception as exc:
        errors.report(component, phase, _with_component(component, phase, exc))
        return None
    if hooks.component_rendered is not None:
        hooks.component_rendered(component)
    if mode.checks:
        copy_mutable_props(component)
    return rendered or [comment_node()]


MAX_COMPONENT_DEPTH = 1000
"""Components nested deeper than this do not render: almost always a component that
renders itself forever, which would otherwise exhaust the stack mid-commit."""


def _with_component(component: Component, phase: str, exc: Exception) -> Exception:
    """Prefixes framework errors with the component's name (user errors stay as raised)."""
    if isinstance(exc, errors.WasmuiError) and not str(exc).startswith(type(component).__name__):
        exc.args = (f"{type(component).__name__}.{phase}: {exc}", *exc.args[1:])
    return exc


# --- patch --------------------------------------------------------------------------


def patch(ctx: DiffContext, old: VNode, new: VNode, parent: VNode) -> None:
    """Updates ``old``'s DOM in place to match ``new`` (same type and key); ``new`` takes over."""
    if new is old:
        return
    if old.component is not None:  # first: a list of component rows reaches here 1,000 times
        patch_component(ctx, old, new)
        return
    kind = new.type
    if kind is TEXT:
        new.dom = old.dom
        if new.text != old.text:
            ctx.ops += (Op.SET_TEXT, new.dom, new.text)
    elif kind is COMMENT:
        new.dom = old.dom
    elif kind is UNSAFE_HTML:
        new.dom = old.dom
        if new.text != old.text:
            ctx.ops += (Op.SET_HTML, new.dom, new.text)
    elif kind.__class__ is str:
        new.dom, new.svg, new.releases = old.dom, old.svg, old.releases
        late = diff_props(ctx, new, old.props, new.props)
        old_children, children = old.children, new.children
        if children is not old_children:
            if old_children.__class__ is StoreNodes:  # a store shown here until now
                old_children.store._release(ctx)
            diff_children(ctx, new, old_children, children)
        if children.__class__ is StoreNodes:  # the same store's list: it applies its own changes
            children.store._attach(new, ctx)
        if late:
            write_late(ctx, new, late)
    elif kind is Fragment:
        new.parent_dom, new.svg = old.parent_dom, old.svg
        if not new.children:
            new.children = [comment_node()]
        diff_children(ctx, new, old.children, new.children)
    elif kind.__class__ is Template:
        patch_instance(ctx, old, new)
    elif kind is Portal:
        patch_portal(ctx, old, new)
    else:
        patch_component(ctx, old, new)


def patch_component(ctx: DiffContext, old: VNode, new: VNode) -> None:
    component = old.component
    new.component = component
    new.parent_dom, new.svg = old.parent_dom, old.svg
    component._vnode = new
    new.rendered = old.rendered
    if not component._dirty and same_props(old.props, new.props):
        if mode.checks and component._prop_copies is not None:
            _warn_if_mutated_in_place(ctx, component, new.props)
        new.props = old.props  # equal, and private (see own_props)
        return  # props unchanged and no pending state: the subtree cannot differ
    component.props = own_props(new)
    rerender(ctx, component)


def own_props(node: VNode) -> dict:
    """The props a component receives from its node: a copy, without the node's ``key``.

    ``h()`` keeps the caller's dict in the node (most nodes of a re-rendered list are
    skipped unchanged, so a copy made there was mostly wasted); the copies are made here,
    when the component takes the props: its own, and the node's, which replaces the
    caller's dict. A mounted component's node thus holds props nobody else can change,
    key included, which :func:`same_props` compares with the next render's dict name by
    name; a dict the caller changes in place and passes again is still compared against
    the values the component rendered with.
    """
    node.props = props = node.props.copy()
    own = props.copy()
    if "key" in own:
        del own["key"]
    return own


def same_props(old: dict, new: dict) -> bool:
    """Whether a mounted component node's props (the private copy of :func:`own_props`)
    equal its new node's (the caller's dict): each value the same object, compared first
    (nearly every prop of a skipped row), a bound method of the same function and object
    (a handler such as ``self.select``, new each render: its ``==`` compares both by
    identity, no user code), or equal by :func:`same_value`. Written for the fewest
    steps per prop: a list's every row pays them on every render of its parent."""
    if len(old) != len(new):
        return False
    try:
        for name, value in new.items():
            previous = old[name]
            if (
                previous is not value
                and not (value.__class__ is MethodType is previous.__class__ and previous == value)
                and not same_value(previous, value)
            ):  # fmt: skip
                return False
    except KeyError:  # a name the old props lack (as many names: another one was dropped)
        return False
    return True


_MUTABLE = (list, dict, set)


def copy_mutable_props(component: Component) -> None:
    """Development mode: remembers the contents of list, dict and set props as rendered,
    so that one mutated in place and passed again can be told apart (see below)."""
    copies = {
        name: value.copy() for name, value in component.props.items() if name != "children" and value.__class__ in _MUTABLE
    }
    component._prop_copies = copies or None


def _warn_if_mutated_in_place(ctx: DiffContext, component: Component, props: dict) -> None:
    """The same list/dict/set object passed again with other contents: props are compared
    by value, so the child did not re-render; a new object would have made it (#12)."""
    for name, copy in component._prop_copies.items():
        try:
            unchanged = copy == props.get(name)
        except Exception:  # contents that cannot compare: nothing can be said
            continue
        if unchanged is not True:
            kind = type(copy).__name__
            ctx.warn(
                MutatedPropWarning,
                f"{errors.describe(ctx.owner)} passed the same {kind} as {type(component).__name__}'s prop "
                f"{name!r} again, changed in place, so {type(component).__name__} did not re-render: props are "
                f"compared by value, and the old value is that same object. Pass a new {kind} "
                f"(e.g. items=[*items, new]) instead of mutating it.",
                rf"\b{re.escape(name)}\s*=[^=]|['\"]{re.escape(name)}['\"]\s*:",
            )


def rerender(ctx: DiffContext, component: Component) -> None:
    """Renders ``component`` again and patches its DOM range; queues ``on_update``."""
    component._dirty = False
    node = component._vnode
    rendered = render_component(component)
    if rendered is None:
        return
    previous_root, previous_owner = ctx.root, ctx.owner
    ctx.root, ctx.owner = component._root, component
    old_rendered = node.rendered
    kind = rendered[0].type
    if kind.__class__ is Template and len(rendered) == 1 == len(old_rendered) and old_rendered[0].type is kind:
        # a row: one template instance again (as diff_children would, without two calls)
        new_root, old_root = rendered[0], old_rendered[0]
        if new_root is not old_root and new_root.key == old_root.key:
            mounted = new_root.dom or new_root.component is not None or new_root.parent_dom  # .mounted
            patch_instance(ctx, old_root, fresh_at(rendered, 0) if mounted else new_root)
        else:
            diff_children(ctx, node, old_rendered, rendered)
    else:
        diff_children(ctx, node, old_rendered, rendered)
    ctx.root, ctx.owner = previous_root, previous_owner
    ctx.removed.append(node.rendered)  # the nodes patched over, freed after the paint
    node.rendered = rendered
    if component.on_update is not None:
        ctx.after_commit.append(component._updated)


# --- unmount ------------------------------------------------------------------------


def unmount(ctx: DiffContext, node: VNode, remove_dom: bool = True) -> None:
    """Tears ``node`` down: hooks parent-first, resources deepest-first, then the DOM.

    Args:
        remove_dom: emit ``REMOVE`` for the node's top-level DOM nodes; ``False``
            when an ancestor's removal (or a ``CLEAR``) takes them away already.
    """
    component = node.component
    if component is not None:
        if component.on_unmount is not None and not ctx.runtime.host.prerendering:  # at build time, on_mount never ran
            call_hook(component, "on_unmount")
        owner, ctx.owner = ctx.owner, component
        for child in node.rendered:
            unmount(ctx, child, remove_dom)
        ctx.owner = owner
        component._detach()
    elif node.type is Fragment:
        for child in node.children:
            unmount(ctx, child, remove_dom)
    elif node.type.__class__ is Template:
        if node.releases:
            release_instance(ctx, node)
        if remove_dom:
            ctx.ops += (Op.REMOVE, node.dom)
    elif node.type is Portal:
        unmount_portal(ctx, node, remove_dom)
    else:
        if node.releases:
            _release_element(ctx, node)
        for child in node.children:
            # a leaf without handlers or refs (text, an empty <td>) has nothing to release
            if child.children or child.releases or child.component is not None:
                unmount(ctx, child, False)
        if remove_dom:
            ctx.ops += (Op.REMOVE, node.dom)


def _release_element(ctx: DiffContext, node: VNode) -> None:
    if node.children.__class__ is StoreNodes:
        node.children.store._release(ctx)
    ctx.root.events.forget(node.dom)
    ref = node.props.get("ref")
    if ref is not None:
        owner = ctx.owner
        ctx.after_commit.append(lambda: call_safely(owner, "ref", ref, None))


# children.py builds on the functions above (a cycle by design: children patch children).
from .children import diff_children  # noqa: E402
from .templates import mount_instance, patch_instance, release_instance  # noqa: E402
from .portals import mount_portal, patch_portal, unmount_portal  # noqa: E402
