"""A list's nodes, made once per item and remembered while the item stays in the list.

Re-rendering a long list usually builds a node for every item and lets the diff
compare them: O(items) of Python per change, however small the change. A
:class:`MappedList` (Solid's ``mapArray``) remembers the node it made for each item
object and hands the same node back while that object is in the list; the
reconciler skips a node it has committed already (Preact's "same vnode"), at C speed
(see ``reconcile/children.py``). So an edit that replaces, adds, moves or removes a
few items makes and diffs only those.

Items are matched by value (hash and ``==``), so treat them as immutable: a tuple,
a frozen dataclass, a string; put a new object in the list for a changed item.
Unhashable items (a dict, a list) are matched by identity instead, as Solid's
``mapArray`` does, and the list keeps them alive so that an ``id()`` is never reused
while it stands for one of them. ``make`` must depend on the item alone.

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress, count, repeat
from operator import is_, itemgetter
from typing import Any

from .errors import RenderError
from .vnode import NodeList, VNode


class MappedList:
    """Maps items to nodes with ``make(item)``, once per item while it stays in the list.

    Example:
        ```python
        class Table(Component):
            def on_init(self):
                self.rows = MappedList(lambda row: h(Row, {"key": row.id, "row": row}))

            def render(self):
                return html.tbody(self.rows(self.props["rows"]))
        ```
    """

    def __init__(self, make: Callable[[Any], VNode]) -> None:
        self._make = make
        self._nodes: dict = {}  # item (or id(item), for unhashable items) -> its node
        self._kept: list = []  # the unhashable items whose ids are keys, kept alive

    def __call__(self, items: Sequence[Any]) -> NodeList:
        """The nodes for ``items``, in order: remembered ones again, new ones made now."""
        keys = items
        try:
            nodes, complete = _look_up(self._nodes, keys)
        except TypeError:  # an unhashable item: by identity
            keys = list(map(id, items))
            nodes, complete = _look_up(self._nodes, keys)
        missing = [] if complete else list(compress(count(), map(is_, nodes, repeat(None))))
        for index in missing:
            node = self._make(items[index])
            if node.__class__ is not VNode:
                raise RenderError(
                    f"MappedList: make(item) must return a node (h(), html.<tag>, a template), got "
                    f"{type(node).__name__} {node!r:.60} for item {items[index]!r:.60}"
                )
            nodes[index] = node
        # forget the items that left (a rebuild at C speed; none when none left or came)
        if missing or len(nodes) != len(self._nodes):
            self._nodes = dict(zip(keys, nodes))
            self._kept = list(items) if keys is not items else []
        return nodes

    def __len__(self) -> int:
        return len(self._nodes)


def _look_up(nodes: dict, keys: Sequence[Any]) -> tuple[NodeList, bool]:
    """``nodes[key]`` for each key, ``None`` where there is none, and whether every key was
    there: one C pass (``itemgetter``) in that case, as after a removal, a move or a
    selection."""
    if len(keys) < 2:
        found = NodeList(nodes.get(key) for key in keys)
        return found, None not in found
    try:
        return NodeList(itemgetter(*keys)(nodes)), True
    except KeyError:
        return NodeList(map(nodes.get, keys)), False
