"""A list changed by operations: each one patches its own rows, nothing re-renders the table.

Even with remembered nodes (:class:`~wasmui.MappedList`), a list held in a component's
state costs O(rows) per change: the owner re-renders, the list is looked up and the
children are scanned, however small the change. A :class:`ListStore` (Solid's stores
with ``<For>``) is the list itself: ``remove``, ``insert``, ``rows[i] = item``,
``swap`` and the rest record what they did, and at the next commit the store applies
just that to its element's children: a removal unmounts one row, a swap moves two, an
assignment patches one. The component that renders it does not re-render at all.

Its nodes, ``store.nodes()``, must be an element's only children
(``html.tbody(rows.nodes())``): that element is where the operations apply. While no
element shows it (before the first render, or after the owner stopped rendering it),
the store only keeps its items and nodes; the next render mounts them.

A row needs no component: ``make`` may return a template instance, and read a
:class:`~wasmui.Selector` with ``is_selected(key)`` (no reader). The row is then the
reader: when the answer changes, the store makes that row again and patches it. A
row costs a clone, not a component (Solid's keyed rows, which have none either).

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableSequence
from typing import TYPE_CHECKING, Any

from . import errors, selector
from .errors import RenderError
from .ops import Op
from .reconcile import DiffContext, diff_children, mount, patch, patch_component, unmount
from .reconcile.children import mount_all
from .reconcile.templates import patch_instance
from .template import Template
from .vnode import StoreNodes, VNode, dom_ids, first_dom

if TYPE_CHECKING:
    from .component import Component
    from .root import Root
    from .runtime import Runtime

# what the store did, replayed in order at the commit as (kind, node, other) (nodes,
# never indexes: a later operation moves the indexes, not the nodes)
_PLACE = 0  # (PLACE, new node, the node it goes before or None)
_DELETE = 1  # (DELETE, node, None)
_SET = 2  # (SET, old node, new node): the new one takes the old one's place
_MOVE = 3  # (MOVE, node, the node it goes before or None)
_REPLACE = 4  # (REPLACE, (old nodes, new nodes), None)
_APPEND = 5  # (APPEND, new nodes, None)
_CLEAR = 6  # (CLEAR, old nodes, None)
_REMAKE = 7  # (REMAKE, the row's reader, None): a Selector's answer changed, made again


class StoreRow:
    """The reader of a row made without a component that read a :class:`~wasmui.Selector`
    (``is_selected(key)`` inside ``make``): a Selector's change makes the row again.

    Made for a row whose ``make`` read a selector; a row that reads nothing has none. It
    reads exactly what its latest ``make`` read: a row assigned another item stops
    reading the old one's key.
    """

    __slots__ = ("store", "node", "_watching")

    def __init__(self, store: ListStore) -> None:
        self.store = store
        self.node: VNode | None = None
        self._watching: list = []  # (selector, key) pairs, as the latest make read them

    def _schedule(self) -> None:
        self.store._remake(self)

    def watch(self, reads: list) -> None:
        """Reads ``reads`` from now on (other pairs than it read: the caller compares):
        subscribes to the new pairs, leaves the others."""
        watching = self._watching
        for pair in reads:
            if pair not in watching:
                pair[0]._add_reader(pair[1], self)
        for pair in watching:
            if pair not in reads:
                pair[0].forget(self, pair[1])
        self._watching = reads

    def forget(self) -> None:
        """Leaves every selector it reads (the row left the list)."""
        for watched, key in self._watching:
            watched.forget(self, key)
        self._watching = []


class ListStore(MutableSequence):
    """A list of items shown as one node each, made by ``make(item)``, and changed in place.

    Reads are a list's (``len``, indexing, iteration, ``in``, ``index``); so are the
    changes (``append``, ``extend``, ``insert``, ``pop``, ``remove``, ``del store[i]``,
    ``store[i] = item``, ``clear``, ``sort``, ``reverse``), plus :meth:`swap` and
    :meth:`replace`. Each change costs the rows it touches; an assignment patches the
    row in place when the new node has the old one's key and type. Items are kept as
    given: put a new object in the list for a changed item.

    Example:
        ```python
        class Todos(Component):
            def on_init(self):
                self.items = ListStore(lambda todo: h(Todo, {"key": todo.id, "todo": todo, "list": self.items}))

            def render(self):
                return html.ul(self.items.nodes())

        class Todo(Component):
            def render(self):
                return html.li(self.props["todo"].text, on_click=lambda: self.props["list"].remove(self.props["todo"]))
        ```
    """

    # the scheduler's view of a store: dirty while operations wait for a commit; ordered
    # just below the component that renders it
    _dirty = False
    _depth = 0

    def __init__(self, make: Callable[[Any], VNode], items: Iterable[Any] = ()) -> None:
        self._make = make
        self._items: list = []
        self._nodes = StoreNodes()  # one node per item, in order: what nodes() renders
        self._nodes.store = self
        self._pending: list[tuple] = []  # operations the DOM has not seen yet
        self._parent: VNode | None = None  # the element showing the nodes, while one does
        self._owner: Component | None = None
        self._root: Root | None = None
        self._runtime: Runtime | None = None
        self._rows: dict[VNode, StoreRow] = {}  # node -> its reader, for rows that read a selector
        self._rows_forgotten = False  # readers dropped when no element showed the store
        self.extend(items)

    def nodes(self) -> StoreNodes:
        """The rows, for ``render()``: an element's only children (``html.tbody(store.nodes())``)."""
        if self._rows_forgotten:  # shown again: rows read their selectors again as they are made
            self._rows_forgotten = False
            self._nodes[:] = [self._node_for(item) for item in self._items]
        return self._nodes

    # --- reading --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int | slice) -> Any:
        return self._items[index]

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def index(self, item: Any, start: int = 0, stop: int = 2**63) -> int:
        return self._items.index(item, start, stop)

    def count(self, item: Any) -> int:
        return self._items.count(item)

    def __repr__(self) -> str:
        return f"<ListStore of {len(self._items)} items{', shown' if self._parent is not None else ''}>"

    # --- changing -------------------------------------------------------------------

    def insert(self, index: int, item: Any) -> None:
        node = self._node_for(item)
        index = _clamp(index, len(self._items))
        self._items.insert(index, item)
        self._nodes.insert(index, node)
        self._record(_PLACE, node, self._after(index))

    def __delitem__(self, index: int) -> None:
        if index.__class__ is slice:
            raise TypeError("ListStore: del store[a:b] is not supported; use replace(items)")
        node = self._nodes[index]
        del self._items[index]
        del self._nodes[index]
        if self._rows:
            self._forget_rows((node,))
        self._record(_DELETE, node, None)

    def __setitem__(self, index: int, item: Any) -> None:
        if index.__class__ is slice:
            raise TypeError("ListStore: store[a:b] = items is not supported; use replace(items)")
        nodes = self._nodes
        old = nodes[index]  # IndexError as a list's, before anything changes
        row = self._rows.pop(old, None) if self._rows else None
        try:
            node = self._node_for(item, row)  # the row's reader, if any, goes to the new node
        except BaseException:
            if row is not None:
                self._rows[old] = row
            raise
        if index < 0:
            index += len(nodes)
        self._items[index] = item
        nodes[index] = node
        if self._parent is not None:  # as _record does (an update sets many rows: no call)
            self._pending.append((_SET, old, node))
            if not self._dirty:
                self._runtime.scheduler.schedule(self)

    def swap(self, first: int, second: int) -> None:
        """Exchanges two items: their rows move (two DOM moves), neither re-renders."""
        size = len(self._items)
        first, second = sorted(i if i >= 0 else i + size for i in (first, second))
        if not 0 <= first < size or not 0 <= second < size:
            raise IndexError("ListStore.swap: index out of range")
        if first == second:
            return
        items, nodes = self._items, self._nodes
        items[first], items[second] = items[second], items[first]
        nodes[first], nodes[second] = nodes[second], nodes[first]
        self._record(_MOVE, nodes[second], self._after(second))
        self._record(_MOVE, nodes[first], self._after(first))

    def replace(self, items: Iterable[Any]) -> None:
        """Makes the list ``items``: rows of items already in it (the same objects) are kept
        and moved, the others made; the rows are then diffed by key as a re-render's are."""
        items = list(items)
        kept = {id(item): node for item, node in zip(self._items, self._nodes)}
        size = len(kept)
        nodes = []
        for item in items:
            node = kept.pop(id(item), None)  # popped: an item given twice gets a second row
            nodes.append(node if node is not None else self._node_for(item))
        old_nodes = list(self._nodes)
        self._items[:] = items
        self._nodes[:] = nodes
        if self._rows:
            self._forget_rows(kept.values())  # the rows not kept
        if len(kept) < size:  # some rows stay: matched by key
            self._record(_REPLACE, (old_nodes, nodes), None)
            return
        if old_nodes:  # none stays: the element is emptied in one operation, then filled
            self._record(_CLEAR, old_nodes, None)
        if nodes:
            self._record(_APPEND, nodes, None)

    def clear(self) -> None:
        self.replace(())

    def extend(self, items: Iterable[Any]) -> None:
        items = list(items)  # (a copy, too, when extended by itself)
        nodes = [self._node_for(item) for item in items]  # all made before any is added
        self._items += items
        self._nodes += nodes
        if nodes:
            self._record(_APPEND, nodes, None)

    def sort(self, *, key: Callable[[Any], Any] | None = None, reverse: bool = False) -> None:
        self.replace(sorted(self._items, key=key, reverse=reverse))

    def reverse(self) -> None:
        self.replace(self._items[::-1])

    def _node_for(self, item: Any, row: StoreRow | None = None) -> VNode:
        """``make(item)``, checked; ``row``: the reader the row had (a row made again)."""
        outer_reads, selector.reads = selector.reads, []  # what this make reads (a make may run another's)
        try:
            node = self._make(item)
        finally:
            reads, selector.reads = selector.reads, outer_reads
        if node.__class__ is not VNode:
            raise RenderError(
                f"ListStore: make(item) must return a node (h(), html.<tag>, a template), got "
                f"{type(node).__name__} {node!r:.60} for item {item!r:.60}"
            )
        if node.dom or node.component is not None or node.parent_dom:  # .mounted
            node = node.fresh_copy()
        if reads or row is not None:
            if row is None:  # a new row that reads
                row = StoreRow(self)
            if reads != row._watching:  # (a row made again reads as before, nearly always)
                row.watch(reads)
            if reads:
                row.node = node
                self._rows[node] = row
        return node

    def _forget_rows(self, nodes: Iterable[VNode]) -> None:
        """Rows that left the list stop reading their selectors."""
        rows = self._rows
        for node in nodes:
            row = rows.pop(node, None)
            if row is not None:
                row.forget()

    def _remake(self, row: StoreRow) -> None:
        """A row's selector answer changed: it is made again (at the commit, if shown)."""
        if self._rows.get(row.node) is not row:  # it left the list, or was made again since
            return
        if self._parent is None:  # not shown: made again now, mounted as it is by the next render
            self._made_safely(self._nodes.index(row.node), row)
            return
        self._record(_REMAKE, row, None)

    def _made_safely(self, index: int, row: StoreRow) -> VNode | None:
        """The row at ``index`` made again in its place, or ``None`` if ``make`` raised:
        reported against the store's owner (a selector's change is not the caller's
        error), the row left as it was."""
        try:
            node = self._node_for(self._items[index], row)
        except Exception as exc:
            errors.report(self._owner, "render", exc)
            return None
        del self._rows[self._nodes[index]]
        self._nodes[index] = node
        return node

    def _after(self, index: int) -> VNode | None:
        nodes = self._nodes
        return nodes[index + 1] if index + 1 < len(nodes) else None

    def _record(self, kind: int, node: Any, before: VNode | None) -> None:
        """Queues an operation for the DOM, if an element shows the store (else the next
        render mounts the nodes as they are), and asks for a commit."""
        if self._parent is None:
            return
        self._pending.append((kind, node, before))
        if not self._dirty:
            self._runtime.scheduler.schedule(self)

    # --- the reconciler's side ------------------------------------------------------

    @property
    def _alive(self) -> bool:
        return self._parent is not None

    def _attach(self, element: VNode, ctx: DiffContext) -> None:
        """``element`` (mounted or patched) now shows the nodes; ``ctx.owner`` renders it.
        The element is marked as one to release, so that its unmount lets the store go
        even when it shows no row."""
        self._parent = element
        element.releases = True
        if self._owner is not ctx.owner:
            owner = self._owner = ctx.owner
            self._depth = owner._depth + 1 if owner is not None else 0
        self._root, self._runtime = ctx.root, ctx.runtime

    def _release(self, ctx: DiffContext) -> None:
        """The element stops showing the nodes (unmounted, or rendered with other children):
        what is pending is applied first, so the DOM matches the nodes it is diffed from.
        Rows stop reading their selectors (a selector outliving the owner would keep them),
        and read again when the store is shown again."""
        if self._pending:
            self._commit_pending(ctx)
        self._parent = self._owner = self._root = self._runtime = None
        self._dirty = False
        if self._rows:
            self._forget_rows(list(self._rows))
            self._rows_forgotten = True

    def _commit_pending(self, ctx: DiffContext) -> None:
        """Applies the pending operations to the element's DOM (the scheduler's call)."""
        self._dirty = False
        pending, self._pending = self._pending, []
        parent = self._parent
        parent_dom = parent.dom
        previous_root, previous_owner = ctx.root, ctx.owner
        ctx.root, ctx.owner = self._root, self._owner
        ops = ctx.ops
        for kind, node, other in pending:
            if kind == _SET:  # first: an update sets many rows
                self._put(ctx, node, other, parent)
                continue
            if kind == _REMAKE:  # a selection: the row whose answer changed, made again
                old = node.node
                if self._rows.get(old) is not node or not old.mounted:
                    continue  # left the list, or replaced by a node not mounted yet (made after the change)
                node = self._made_safely(self._nodes.index(old), node)
                if node is not None:
                    self._put(ctx, old, node, parent)
                continue
            if kind == _PLACE:
                mount(ctx, node, parent)
            elif kind == _DELETE:
                unmount(ctx, node)
                ctx.removed.append(node)
                continue
            elif kind == _APPEND:
                mount_all(ctx, parent, node, parent_dom)
                continue
            elif kind == _CLEAR:
                for old in node:
                    unmount(ctx, old, remove_dom=False)
                ctx.removed += node  # one by one: freed a piece at a time when idle
                ops += (Op.CLEAR, parent_dom)
                continue
            elif kind == _REPLACE:
                diff_children(ctx, parent, *node)
                continue
            # a new, replaced or moved row: placed before the row that followed it then
            anchor = 0 if other is None else other.dom or first_dom(other)
            for node_id in [node.dom] if node.dom else dom_ids(node):
                ops += (Op.INSERT_BEFORE, parent_dom, node_id, anchor)
        ctx.root, ctx.owner = previous_root, previous_owner

    def _put(self, ctx: DiffContext, old: VNode, node: VNode, parent: VNode) -> None:
        """``node`` takes the place of ``old`` (mounted): patched from it with the same key
        and type, else mounted before it and ``old`` removed."""
        if old.key == node.key and old.type == node.type:
            kind = node.type
            if kind.__class__ is Template:  # a row without a component: its holes, with no dispatch
                patch_instance(ctx, old, node)
            elif old.component is not None:
                patch_component(ctx, old, node)
            else:
                patch(ctx, old, node, parent)
            return
        mount(ctx, node, parent)
        anchor = old.dom or first_dom(old)
        for node_id in [node.dom] if node.dom else dom_ids(node):
            ctx.ops += (Op.INSERT_BEFORE, parent.dom, node_id, anchor)
        unmount(ctx, old)
        ctx.removed.append(old)


def _clamp(index: int, size: int) -> int:
    """``list.insert``'s reading of an index: negative from the end, clamped to the list."""
    if index < 0:
        index += size
    return min(max(index, 0), size)
