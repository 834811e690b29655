"""Portal nodes (#24): mount, patch and unmount children that live in another container.

A portal's own DOM, where it stands among its siblings, is one empty comment (its
``dom``), so the parent's range and the keyed moves treat it as any one-node child.
Its children go into a wrapper ``<div data-wasmui-portal>``, an element the
reconciler knows as an ordinary parent (``rendered[0]``, sharing the portal's child
list), so diffing them is :func:`diff_children` on an element. The ``PORTAL`` op
appends the wrapper to the target, held by the host under an id of its own, and
gives it the root's delegated listeners and the comment's id (the way an event goes
up from inside the wrapper); ``CLOSE_PORTAL`` undoes all of it. Unmounting always
emits ``CLOSE_PORTAL``: removing an ancestor removes the comment, never the wrapper.

A target that cannot be resolved (a selector matching nothing) is reported against
the component that rendered the portal, which then shows only its comment: the
commit goes on, as for any error in user input.

Must not import ``js``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import errors
from ..errors import RenderError
from ..ops import Op
from ..values import same_value
from ..vnode import VNode, comment_node

if TYPE_CHECKING:
    from . import DiffContext

WRAPPER_TAG = "div"
WRAPPER_MARK = "data-wasmui-portal"


def mount_portal(ctx: DiffContext, node: VNode, into: int) -> None:
    """Creates the portal's comment (appended to ``into`` when given) and opens it."""
    if not node.children:
        node.children = [comment_node()]  # never empty: an ancestor's unmount must reach it
    node.dom = ctx.new_id()
    ctx.ops += (Op.CREATE_COMMENT, node.dom, into)
    node.rendered = []
    _open(ctx, node)


def _open(ctx: DiffContext, node: VNode) -> None:
    target_id = _hold_target(ctx, node.props["target"])
    if target_id is None:
        return
    wrapper_id = ctx.new_id()
    wrapper = VNode(WRAPPER_TAG, {}, node.children, dom=wrapper_id)
    ctx.ops += (Op.CREATE_ELEMENT, wrapper_id, WRAPPER_TAG, 0, Op.SET_ATTR, wrapper_id, WRAPPER_MARK, "")
    mount_all(ctx, wrapper, node.children, wrapper_id)
    ctx.ops += (Op.PORTAL, wrapper_id, ctx.root.id, target_id, node.dom)
    node.rendered = [wrapper]


def _hold_target(ctx: DiffContext, target: object) -> int | None:
    """The id the host now holds the target element under, or ``None`` (reported)."""
    target_id = ctx.new_id()
    try:
        ctx.runtime.host.hold_target(target_id, target)
    except Exception as exc:
        owner = ctx.owner
        errors.report(owner, "render", RenderError(f"{errors.describe(owner)}: portal() prop 'target': {exc}"))
        return None
    return target_id


def patch_portal(ctx: DiffContext, old: VNode, new: VNode) -> None:
    """Patches the children in their container; a new target moves the container there."""
    new.dom, new.rendered = old.dom, old.rendered
    if not new.children:
        new.children = [comment_node()]
    if not old.rendered:  # its target was missing: try again
        _open(ctx, new)
        return
    wrapper = old.rendered[0]
    target = new.props["target"]
    if not same_value(old.props["target"], target):
        target_id = _hold_target(ctx, target)
        if target_id is not None:
            ctx.ops += (Op.PORTAL, wrapper.dom, ctx.root.id, target_id, new.dom)
    old_children = wrapper.children
    wrapper.children = new.children
    diff_children(ctx, wrapper, old_children, new.children)


def unmount_portal(ctx: DiffContext, node: VNode, remove_dom: bool) -> None:
    """Unmounts the children, closes the container (always) and removes the comment."""
    for child in node.children:
        unmount(ctx, child, False)
    if node.rendered:
        ctx.ops += (Op.CLOSE_PORTAL, node.rendered[0].dom)
    if remove_dom:
        ctx.ops += (Op.REMOVE, node.dom)


from . import unmount  # noqa: E402
from .children import diff_children, mount_all  # noqa: E402
