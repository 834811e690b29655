"""Development mode: what a hydration mismatch is reported as.

When a pre-rendered first view (``wasmui build``) differs from the live render, the
applier repairs the DOM and returns where it differed; this turns the first difference
into a :class:`HydrationMismatchWarning` naming the component and the node, as React's
"Text content does not match" does. Production repairs silently.

Must not import ``js``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .errors import component_path

if TYPE_CHECKING:
    from .component import Component
    from .root import Root
    from .vnode import VNode


class HydrationMismatchWarning(UserWarning):
    """The pre-rendered page differed from the browser's first render and was repaired:
    usually a component reading browser-only data (give it ``prerender = False``)."""


def report_mismatches(root: Root, mismatches: list[dict]) -> None:
    """Warns once per hydration, naming the component and the first differing node."""
    first = mismatches[0]
    owner = owner_of(root._vnode, first["id"], None) or root.component
    more = f" (and {len(mismatches) - 1} more)" if len(mismatches) > 1 else ""
    errors.warn(
        HydrationMismatchWarning,
        f"{component_path(owner)}: the pre-rendered page differs from the first render at "
        f"{first['path'] or 'the container'}: expected {first['expected']}, found {first['found']}{more}; "
        "repaired. A component that shows browser-only data can set prerender = False.",
        errors.definition_site(owner) if owner is not None else None,
    )


def owner_of(node: VNode, node_id: int, owner: Component | None) -> Component | None:
    """The innermost component whose output holds the node with ``node_id`` (iterative:
    trees may be thousands of levels deep)."""
    stack = [(node, owner)]
    while stack:
        node, owner = stack.pop()
        if node.dom == node_id and node_id:
            return owner
        inner = node.component or owner
        below = node.rendered if node.component is not None else node.children
        stack.extend((child, inner) for child in reversed(below or ()))
    return None
