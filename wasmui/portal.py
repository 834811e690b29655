"""Portals (#24): children rendered into another container, still part of the component tree.

``portal(*children, target=None)`` is a node. Where it stands in its parent it leaves
only an empty comment; its children are mounted into a ``<div data-wasmui-portal>``
appended to the target (``document.body`` by default, a CSS selector, or an element),
so a modal or a tooltip escapes its ancestors' ``overflow`` and stacking context.

Everything else treats the children as where the portal stands, as React's
``createPortal`` and Solid's ``<Portal>`` do: they are the rendering component's
descendants for lifecycle, ``on_error`` and context; their handlers live in the
root's event table, and the root's delegated listeners are added to the portal's
container, an event from inside it bubbling through the portal's place in the tree
(a click in a modal reaches an ``on_click`` on an element around the portal). The
container and its listeners are removed when the portal unmounts.

The reconciler handles the node kind (``reconcile.portals``); this module only
makes the node. Must not import ``js``.
"""

from __future__ import annotations

from typing import Any

from .vnode import VNode, check_key, normalize_children


class Portal:
    """The type of a portal node: ``portal(...)`` makes one."""


def portal(*children: Any, target: Any = None, key: Any = None) -> VNode:
    """A node that renders ``children`` at the end of another element.

    Args:
        *children: the nodes shown there (as ``h()``'s children).
        target: where: ``None`` for ``document.body``, a CSS selector, or an element.
            A selector that matches nothing is an error reported against the component
            that rendered the portal (its children are then not shown).
        key: the node's key among its siblings.

    Example:
        ```python
        @component
        def Dialog(on_close):
            return portal(
                html.div(
                    html.p("Saved."),
                    html.button("Close", on_click=lambda: on_close()),
                    role="dialog", aria_modal="true", class_="modal",
                )
            )
        ```
    """
    return VNode(Portal, {"target": target}, normalize_children(children, Portal), check_key("portal()", key))
