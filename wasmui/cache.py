"""A bounded cache that releases what it evicts: images, blobs, rendered charts.

An unbounded dict of rendered frames is the classic slow leak of a long-running
GUI; ``LRU`` caps entries and/or bytes and hands each evicted value to
``on_evict`` (e.g. to revoke its object URL).

Example:
    ```python
    frames = LRU(max_items=20, on_evict=lambda key, url: self.scope.revoke_object_url(url))
    self.scope.on_cleanup(frames.clear)
    ```

Must not import ``js``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

_MISSING = object()


class LRU:
    """Least-recently-used cache bounded by item count and/or total size.

    Args:
        max_items: at most this many entries (``None``: no limit).
        max_bytes: at most this total ``size`` (``None``: no limit).
        on_evict: called as ``on_evict(key, value)`` for every entry that leaves
            by eviction, replacement, :meth:`pop` or :meth:`clear`.
    """

    def __init__(
        self,
        max_items: int | None = None,
        max_bytes: int | None = None,
        on_evict: Callable[[Hashable, Any], Any] | None = None,
    ) -> None:
        if max_items is not None and max_items < 1:
            raise ValueError(f"LRU: max_items must be at least 1, got {max_items}")
        if max_bytes is not None and max_bytes < 1:
            raise ValueError(f"LRU: max_bytes must be at least 1, got {max_bytes}")
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.on_evict = on_evict
        self.total_bytes = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value for ``key`` (now the most recently used), or ``default``."""
        entry = self._entries.get(key, _MISSING)
        if entry is _MISSING:
            return default
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value: Any, size: int = 0) -> None:
        """Stores ``value`` (of ``size`` bytes), evicting the least recently used as needed."""
        if key in self._entries:
            self._drop(key)
        self._entries[key] = (value, size)
        self.total_bytes += size
        while len(self._entries) > 1 and self._over_limit():
            self._drop(next(iter(self._entries)))

    def pop(self, key: Hashable) -> None:
        """Removes ``key`` (releasing its value through ``on_evict``)."""
        if key in self._entries:
            self._drop(key)

    def clear(self) -> None:
        """Releases every entry."""
        while self._entries:
            self._drop(next(iter(self._entries)))

    def _over_limit(self) -> bool:
        return (self.max_items is not None and len(self._entries) > self.max_items) or (
            self.max_bytes is not None and self.total_bytes > self.max_bytes
        )

    def _drop(self, key: Hashable) -> None:
        value, size = self._entries.pop(key)
        self.total_bytes -= size
        if self.on_evict is not None:
            self.on_evict(key, value)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)
