"""Fine-grained selection: only the components whose answer changes re-render.

A list with a selected row usually keeps the selection in the parent's state, so
selecting re-renders the parent and compares every row: O(rows) of Python per click
for a change that concerns two rows. A :class:`Selector` (Solid's ``createSelector``)
keeps the selected key instead; each row asks ``is_selected(key, self)`` while it
renders, and ``set()`` re-renders just the rows that asked about the old key and
the new one, however long the list.

A reader is forgotten when it unmounts, so the selector holds no unmounted
component (and none of their keys).

A row that a :class:`~wasmui.ListStore`'s ``make(item)`` builds without a component
(a template instance, say) reads with ``is_selected(key)`` alone: the store is then
the one making a row, and that row is the reader; a change makes it again and patches
it (Solid's rows, which have no component either).

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from .errors import StateError
from .values import PLAIN_TYPES, same_value

if TYPE_CHECKING:
    from .component import Component


reads: list | None = None
"""While a :class:`~wasmui.ListStore` runs its ``make(item)``: the (selector, key) pairs
that make has read, which the store subscribes the row to (the row being made is the
reader of a read with no component). Set by the store."""


_NONE = object()


def settle_reads(reader: Component, before: list | None) -> None:
    """After ``reader``'s render: it stops reading the keys its previous render read and
    this one did not (``before``: the previous render's reads), so a component that reads
    other keys over time does not stay subscribed to every key it ever read."""
    now = reader._watching or ()
    if before is None or before == now:
        return
    for pair in before:
        if pair not in now:
            pair[0].forget(reader, pair[1])


class Selector:
    """One selected key among many readers.

    Example:
        ```python
        class App(Component):
            def on_init(self):
                self.selected = Selector()

            def render(self):
                return html.ul([h(Item, {"key": i, "id": i, "selected": self.selected}) for i in range(1000)])

        class Item(Component):
            def render(self):
                chosen = self.props["selected"].is_selected(self.props["id"], self)
                return html.li(self.props["id"], class_="danger" if chosen else None,
                               on_click=lambda: self.props["selected"].set(self.props["id"]))
        ```
    """

    def __init__(self, value: Hashable | None = None) -> None:
        self._value = value
        # key -> its reader, or a set of them when several (nearly every key has one: a
        # row; a set per row cost an allocation each for 1,000 rows)
        self._readers: dict[Hashable, Component | set[Component]] = {}

    @property
    def value(self) -> Hashable | None:
        """The selected key (``None``: nothing selected)."""
        return self._value

    def is_selected(self, key: Hashable, reader: Component | None = None) -> bool:
        """Whether ``key`` is selected; ``reader`` (the component rendering now) re-renders
        when that answer changes. Without a reader, inside a ListStore's ``make(item)``:
        the row being made is made again when the answer changes.

        Raises:
            StateError: ``reader`` is not rendering (a read from a handler or hook would
                subscribe a component that never shows the answer), or no reader was
                given outside a ListStore's ``make``.
        """
        if reader is None:
            if reads is None:
                raise StateError(
                    f"Selector.is_selected({key!r}) needs a reader: pass the component whose render() is "
                    "running (is_selected(key, self)), or call it inside a ListStore's make(item)"
                )
            reads.append((self, key))  # the store subscribes the row to what its make read
        elif not reader._rendering:
            raise StateError(
                f"Selector.is_selected({key!r}) needs the component whose render() is running as its reader, "
                f"got {type(reader).__name__}, which is not rendering"
            )
        else:
            if reader._watching is None:
                reader._watching = []
            reader._watching.append((self, key))  # what this render read (see settle_reads)
            readers = self._readers.get(key)
            if readers is not reader and not (readers.__class__ is set and reader in readers):
                self._add_reader(key, reader, readers)
        value = self._value
        if value is key:
            return True
        if value.__class__ is not key.__class__:
            return False
        return value == key if value.__class__ in PLAIN_TYPES else same_value(value, key)  # (no call for plain keys)

    def _add_reader(self, key: Hashable, reader: Any, readers: Any = _NONE) -> None:
        """Adds ``reader`` to ``key``'s ``readers`` (none yet, one, or a set of several;
        looked up here unless given); the reader keeps its own list of what it reads."""
        if readers is _NONE:
            readers = self._readers.get(key)
            if readers is reader or (readers.__class__ is set and reader in readers):
                return
        if readers is None:
            self._readers[key] = reader
        elif readers.__class__ is set:
            readers.add(reader)
        else:
            self._readers[key] = {readers, reader}

    def set(self, value: Hashable | None) -> None:
        """Selects ``value``: the readers of the old and the new key re-render (batched as
        ``set_state`` is); nothing happens if it is selected already."""
        if same_value(self._value, value):
            return
        previous, self._value = self._value, value
        for key in (previous, value):
            readers = self._readers.get(key)
            for reader in tuple(readers) if readers.__class__ is set else (readers,) if readers is not None else ():
                reader._schedule()  # not refresh(): a user may define a method of that name

    def forget(self, reader: Component, key: Hashable) -> None:
        """Drops ``reader`` from ``key``'s readers (it unmounted)."""
        readers = self._readers.get(key)
        if readers is reader:
            del self._readers[key]
        elif readers.__class__ is set:
            readers.discard(reader)
            if not readers:
                del self._readers[key]

    @property
    def reader_count(self) -> int:
        """How many (reader, key) subscriptions are held: 0 once every reader unmounted."""
        return sum(len(readers) if readers.__class__ is set else 1 for readers in self._readers.values())

    def __repr__(self) -> str:
        value: Any = self._value
        return f"<Selector {value!r}, {self.reader_count} readers>"
