"""Prop changes -> DOM operations. Every attribute, property and style quirk lives here.

Only what changed is written: a prop whose value is the same object, or equal and
of the same type, emits nothing. Handlers never emit an op when they are merely
replaced (a new lambda each render): the event table is updated in Python, and the
DOM hears only that a node gained or lost a handler type.

Must not import ``js``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import UnsafeContentWarning, describe
from ..ops import Op
from ..sanitize import MARKUP_ATTRIBUTES, URL_ATTRIBUTES, UnsafeURL, dangerous_url
from ..values import same_value
from ..vnode import UNSAFE_HTML

if TYPE_CHECKING:
    from ..vnode import VNode
    from . import DiffContext

_MISSING = object()

# Written as DOM properties, not attributes: the attribute is only the default,
# and reading back the property is what keeps a user's typing and caret (#3).
DOM_PROPERTIES = frozenset({"value", "checked", "selected", "indeterminate", "muted", "volume"})
# Written after the element's children (#12): a <select>'s value names one of its
# options, which must exist first, as in Preact's diffElementNodes.
AFTER_CHILDREN = frozenset({"value", "checked"})
_PROPERTY_RESET = {"value": "", "checked": False, "selected": False, "indeterminate": False, "muted": False}
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def diff_props(ctx: DiffContext, node: VNode, old: dict, new: dict) -> list[str] | None:
    """Emits the operations that turn ``old`` props into ``new`` on ``node``'s element.

    Args:
        ctx: the commit being built.
        node: the element vnode (already holding its DOM id).
        old: the props last committed (``{}`` on mount).
        new: the props to commit.

    Returns:
        The names in :data:`AFTER_CHILDREN` that changed on an element with children,
        for the caller to write (:func:`write_late`) once the children are patched.
    """
    late = None
    for name, value in new.items():
        old_value = old.get(name, _MISSING)
        if value is old_value:
            continue
        if name in AFTER_CHILDREN and node.children:
            if not value == old_value or type(value) is not type(old_value):
                late = [*(late or ()), name]
        elif name.startswith("on_"):
            ctx.set_handler(node, name[3:], value)
            node.releases = True
        elif name == "ref":
            node.releases = True
            if not same_value(old_value, value):  # a bound method is a new object each access, but equal
                ctx.change_ref(node, None if old_value is _MISSING else old_value, value)
        elif name == "children":
            continue
        elif name == "style":
            _diff_style(ctx.ops, node.dom, None if old_value is _MISSING else old_value, value)
        elif value != old_value or type(value) is not type(old_value):
            write_attribute(ctx, node.dom, node.type, name, value)
    for name, old_value in old.items():
        if name in new:
            continue
        if name.startswith("on_"):
            ctx.set_handler(node, name[3:], None)
        elif name == "ref":
            ctx.change_ref(node, old_value, None)
        elif name == "style":
            _diff_style(ctx.ops, node.dom, old_value, None)
        elif name in DOM_PROPERTIES:
            ctx.ops += (Op.SET_PROP, node.dom, name, _PROPERTY_RESET.get(name))
        else:
            ctx.ops += (Op.REMOVE_ATTR, node.dom, name)
    return late


def write_late(ctx: DiffContext, node: VNode, names: list[str]) -> None:
    """Writes the props :func:`diff_props` or :func:`mount_props` left for after the children."""
    for name in names:
        write_attribute(ctx, node.dom, node.type, name, node.props[name])


def mount_props(ctx: DiffContext, node: VNode) -> list[str] | None:
    """The ops for a new element's props: like ``diff_props`` from ``{}``, minus the
    removals (there is nothing to remove on a new element, e.g. ``class_=None``).
    Returns the names left for after the children, as :func:`diff_props` does."""
    ops, node_id = ctx.ops, node.dom
    late = None
    for name, value in node.props.items():
        if value.__class__ is str and name in _plain_attributes:
            ops += (Op.SET_ATTR, node_id, name, value)
        elif name in AFTER_CHILDREN and node.children:
            late = [*(late or ()), name]
        elif value is None or value is False:
            if name in DOM_PROPERTIES and value is False:
                ops += (Op.SET_PROP, node_id, name, False)
        elif name.startswith("on_"):
            ctx.set_handler(node, name[3:], value)
            node.releases = True
        elif name == "ref":
            ctx.change_ref(node, None, value)
            node.releases = True
        elif name == "style":
            _diff_style(ops, node_id, None, value)
        else:
            if value.__class__ is str and _is_plain_attribute(name):
                _plain_attributes.add(name)
            write_attribute(ctx, node.dom, node.type, name, value)
    return late


# DOM names written as a plain attribute when their value is a string (no property,
# URL or markup check, not a handler, ref or style): filled as names are first seen
_plain_attributes: set[str] = set()


def _is_plain_attribute(name: str) -> bool:
    return not (
        name in DOM_PROPERTIES or name in URL_ATTRIBUTES or name in MARKUP_ATTRIBUTES
        or name.startswith("on_") or name in ("ref", "style", "children")
    )  # fmt: skip


def write_attribute(ctx: DiffContext, node_id: int, tag: str, name: str, value: Any) -> None:
    """The op that sets attribute or property ``name`` of element ``node_id`` (a ``<tag>``)
    to ``value``: ``None``/``False`` remove it, ``True`` is the empty string, URL and
    markup attributes are checked."""
    ops = ctx.ops
    if name in DOM_PROPERTIES:
        ops += (Op.SET_PROP, node_id, name, _PROPERTY_RESET.get(name) if value is None else value)
    elif value is None or value is False:
        ops += (Op.REMOVE_ATTR, node_id, name)
    elif value is True:
        ops += (Op.SET_ATTR, node_id, name, "")
    elif name in URL_ATTRIBUTES or name in MARKUP_ATTRIBUTES:
        _write_checked(ctx, node_id, tag, name, value)
    else:
        ops += (Op.SET_ATTR, node_id, name, value if isinstance(value, str) else str(value))


def _write_checked(ctx: DiffContext, node_id: int, tag: str, name: str, value: Any) -> None:
    """URL and markup attributes: refused (and any old value removed) unless safe or
    explicitly wrapped in ``wasmui.unsafe`` (#8)."""
    if isinstance(value, UnsafeURL):
        ctx.ops += (Op.SET_ATTR, node_id, name, value.value)
        return
    if name in MARKUP_ATTRIBUTES:
        if getattr(value, "type", None) is UNSAFE_HTML:
            ctx.ops += (Op.SET_ATTR, node_id, name, value.text)
            return
        reason = "raw markup (wrap it in wasmui.unsafe.html(...) if it is trusted)"
    else:
        text = value if isinstance(value, str) else str(value)
        reason = dangerous_url(tag, name, text)
        if reason is None:
            ctx.ops += (Op.SET_ATTR, node_id, name, text)
            return
        reason += " (wrap it in wasmui.unsafe.url(...) if it is really meant)"
    ctx.ops += (Op.REMOVE_ATTR, node_id, name)
    ctx.warn(UnsafeContentWarning, f"{describe(ctx.owner)}: refused <{tag} {name}>: {reason}", rf"\b{name}_?\s*=")


def css_name(name: str) -> str:
    """``background_color`` and ``backgroundColor`` -> ``background-color``; ``--x`` kept."""
    if name.startswith("--"):
        return name
    return _CAMEL.sub(r"-\1", name).replace("_", "-").lower()


def _diff_style(ops: list, node_id: int, old: dict | None, new: dict | None) -> None:
    """Style entries through CSSOM only (h() turned style strings into dicts)."""
    old = old or {}
    new = new or {}
    for name, value in new.items():
        if old.get(name, _MISSING) != value:
            ops += (Op.SET_STYLE, node_id, css_name(name), "" if value is None else str(value))
    for name in old:
        if name not in new:
            ops += (Op.SET_STYLE, node_id, css_name(name), "")
