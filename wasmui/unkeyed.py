"""Development check: stateful children without keys that change order (#24).

wasmui matches children without keys by position, as React and Preact do. When such
children change order, each DOM node and component stays at its position and is
patched with another child's props: text typed into row "a" stays in the row now
labelled "c", and a component keeps the state of the one that was there. React warns
about missing keys; this warns when it actually matters, naming the parent and the
user's line.

How a change of order is told without keys: the diff gives the old and the new
children. Each unkeyed child gets a fingerprint, its type with its plain props and
the first texts of its subtree (a row's label), handlers and other objects left out.
The children changed order when the fingerprints, position by position, differ at
two or more places while the old and new lists hold the same fingerprints (the same
multiset): the same rows, elsewhere. An edit of one row, an insertion or a removal
changes the multiset and is not a reorder; neither is a list whose rows cannot be
told apart. Of the children that moved, two or more must be stateful: a component,
or an element that is or holds an ``<input>``, ``<textarea>``, ``<select>`` or
``<details>`` (content that keeps what the user did to it).

Installed by development mode (:mod:`wasmui.devtools`) as the ``children_diffed``
dev hook; a production page never imports it and pays one ``is None`` test per
diff of several children. Each place (the component's render and the parent) warns
once.

Must not import ``js``.
"""

from __future__ import annotations

from collections import Counter
from itertools import compress, count
from operator import is_not
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import UnkeyedReorderWarning
from .template import Template
from .values import PLAIN_TYPES
from .vnode import TEXT, Fragment, describe_type

if TYPE_CHECKING:
    from .reconcile import DiffContext
    from .vnode import VNode

STATEFUL_TAGS = frozenset({"input", "textarea", "select", "details"})
"""Elements whose DOM keeps what the user did to them (typed text, a choice, open or not)."""

_FINGERPRINT_NODES = 12  # nodes of a child's subtree read for its texts: enough for a row's label
_STATE_SEARCH_NODES = 64  # nodes of a moved element's subtree searched for a stateful element

_warned: set[tuple[str, int, str]] = set()


def children_diffed(ctx: DiffContext, parent: VNode, old_children: list[VNode], new_children: list[VNode]) -> None:
    """The dev hook: queues an :class:`UnkeyedReorderWarning` when stateful children
    without keys changed order (see the module docstring for how that is told)."""
    if len(old_children) != len(new_children):
        return
    moved = _moved(old_children, new_children)
    if moved is None:
        return
    stateful = [child for child in moved if _stateful(child)]
    if len(stateful) < 2:
        return
    where = describe_type(parent.type) if parent.type.__class__ is str else errors.describe(ctx.owner)
    needle = rf"\b{parent.type}\b" if parent.type.__class__ is str else None
    site = errors.definition_site(ctx.owner, needle)
    once = (site.filename, site.lineno, where)
    if once in _warned:
        return
    _warned.add(once)
    kinds = sorted({describe_type(child.type) for child in stateful})
    ctx.warn(
        UnkeyedReorderWarning,
        f"{errors.component_path(ctx.owner)}: {len(stateful)} children of {where} without keys changed order "
        f"({', '.join(kinds)}). Unkeyed children are matched by position, so each keeps the DOM state "
        "(typed text, focus, a choice) and component state of the child that was at its place before. "
        "Give each child a key that stays with it: key=item.id.",
        needle,
    )


def _moved(old_children: list[VNode], new_children: list[VNode]) -> list[VNode] | None:
    """The new unkeyed children that took another's place, if the unkeyed ones changed
    order (the same fingerprints, at two or more other positions); else ``None``."""
    differing = list(compress(count(), map(is_not, old_children, new_children)))
    if len(differing) < 2:
        return None
    old_prints, new_prints, moved = [], [], []
    for index in differing:
        old, new = old_children[index], new_children[index]
        if old.key is not None or new.key is not None:
            continue
        old_print, new_print = _fingerprint(old), _fingerprint(new)
        old_prints.append(old_print)
        new_prints.append(new_print)
        if old_print != new_print:
            moved.append(new)
    if len(moved) < 2 or Counter(old_prints) != Counter(new_prints):
        return None
    return moved


def _fingerprint(node: VNode) -> tuple:
    """What tells a child from its siblings: its type, plain props and first texts."""
    kind = node.type
    if kind.__class__ is Template:
        return (kind, tuple(value for value in node.props if value.__class__ in PLAIN_TYPES))
    texts: list[str] = []
    stack, seen = [node], 0
    while stack and seen < _FINGERPRINT_NODES:
        current = stack.pop()
        seen += 1
        if current.type is TEXT:
            texts.append(current.text)
        elif current.type.__class__ is str or current.type is Fragment:
            stack.extend(reversed(current.children))
    props = node.props
    plain = tuple(sorted((name, value) for name, value in props.items() if value.__class__ in PLAIN_TYPES)) if props else ()
    return (kind, plain, tuple(texts))


def _stateful(node: VNode) -> bool:
    """A component, or an element that is or holds one whose DOM keeps user state."""
    kind = node.type
    if kind.__class__ is Template or kind is TEXT:
        return False
    if kind.__class__ is not str:
        return kind is not Fragment or any(_stateful(child) for child in node.children)
    stack, seen = [node], 0
    while stack and seen < _STATE_SEARCH_NODES:
        current = stack.pop()
        seen += 1
        if current.type.__class__ is str:
            if current.type in STATEFUL_TAGS or current.props.get("contenteditable") not in (None, False, "false"):
                return True
            stack.extend(current.children)
        elif current.type is Fragment:
            stack.extend(current.children)
        elif current.type.__class__ is not Template and current.type is not TEXT:
            return True  # a component inside the row: it has state of its own
    return False
