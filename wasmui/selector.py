"""Fine-grained selection: only the components whose answer changes re-render.

A list with a selected row usually keeps the selection in the parent's state, so
selecting re-renders the parent and compares every row: O(rows) of Python per click
for a change that concerns two rows. A :class:`Selector` (Solid's ``createSelector``)
keeps the selected key instead; each row asks ``is_selected(key, self)`` while it
renders, and ``set()`` re-renders just the rows that asked about the old key and
the new one, however long the list.

A reader is forgotten when it unmounts, so the selector holds no unmounted
component (and none of their keys).

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from .errors import StateError
from .values import PLAIN_TYPES, same_value

if TYPE_CHECKING:
    from .component import Component


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
        self._readers: dict[Hashable, set[Component]] = {}

    @property
    def value(self) -> Hashable | None:
        """The selected key (``None``: nothing selected)."""
        return self._value

    def is_selected(self, key: Hashable, reader: Component) -> bool:
        """Whether ``key`` is selected; ``reader`` (the component rendering now) re-renders
        when that answer changes.

        Raises:
            StateError: ``reader`` is not rendering (a read from a handler or hook would
                subscribe a component that never shows the answer).
        """
        if not reader._rendering:
            raise StateError(
                f"Selector.is_selected({key!r}) needs the component whose render() is running as its reader, "
                f"got {type(reader).__name__}, which is not rendering"
            )
        readers = self._readers.get(key)
        if readers is None:
            readers = self._readers[key] = set()
        if reader not in readers:
            readers.add(reader)
            if reader._watching is None:
                reader._watching = []
            reader._watching.append((self, key))
        value = self._value
        if value is key:
            return True
        if value.__class__ is not key.__class__:
            return False
        return value == key if value.__class__ in PLAIN_TYPES else same_value(value, key)  # (no call for plain keys)

    def set(self, value: Hashable | None) -> None:
        """Selects ``value``: the readers of the old and the new key re-render (batched as
        ``set_state`` is); nothing happens if it is selected already."""
        if same_value(self._value, value):
            return
        previous, self._value = self._value, value
        for key in (previous, value):
            for reader in tuple(self._readers.get(key, ())):
                reader._schedule()  # not refresh(): a user may define a method of that name

    def forget(self, reader: Component, key: Hashable) -> None:
        """Drops ``reader`` from ``key``'s readers (it unmounted)."""
        readers = self._readers.get(key)
        if readers is not None:
            readers.discard(reader)
            if not readers:
                del self._readers[key]

    @property
    def reader_count(self) -> int:
        """How many (reader, key) subscriptions are held: 0 once every reader unmounted."""
        return sum(map(len, self._readers.values()))

    def __repr__(self) -> str:
        value: Any = self._value
        return f"<Selector {value!r}, {self.reader_count} readers>"
