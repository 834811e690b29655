"""The address and history the router reads and changes (#24), in a browser or in memory.

One small interface, two implementations, so that routed apps run wherever wasmui does:

- :class:`BrowserLocation`: the page's ``location`` and ``history`` (through
  :mod:`wasmui._ffi`), in history mode (real paths, ``pushState``) or hash mode (``#/path``);
- :class:`MemoryLocation`: a list of entries in Python, for the model DOM (tests under
  plain CPython, :func:`wasmui.testing.render` with ``url=``) and for ``wasmui build``'s
  pre-render, which renders each route at its own address;
- :class:`WorkerLocation`: the page's, seen from worker mode's worker (#26): each change
  is one ``"history"`` message the page carries out, and the page's ``popstate`` comes
  back through a listener the page holds for the worker (``scope.listen(dom.window, ...)``).

:func:`current` picks one: the current host's own location when it has one (the model
host's, the worker host's), else the browser's. Besides the address, a location owns what a route change does to
the page outside the view: the document title, the focus, the scroll position of each
history entry (restored on back and forward) and the screen-reader announcement. The
router decides when; a location only knows how, so both implementations stay small and
the router has no branch on where it runs.

Must not import ``js`` (only :mod:`wasmui._ffi` does).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from typing import Any

from . import _ffi, dom, runtime

PUSH, REPLACE, POP = "push", "replace", "pop"
"""How the location changed: a new entry, the same entry at another address, or a move
through the history (back, forward, a link to a fragment, the address bar)."""

_keys = itertools.count(1)
_SESSION = os.urandom(4).hex()  # entry keys stay unique across page loads of one tab


def _new_key() -> str:
    return f"{_SESSION}-{next(_keys)}"


class Location:
    """What the two locations share: listeners and the scroll position of each entry.

    Attributes:
        mode: ``"history"`` or ``"hash"``, set by the router (how the browser's address
            holds the app's path; a memory location keeps paths as they are either way).
    """

    mode = "history"

    def __init__(self) -> None:
        self._listeners: list[Callable[[str], None]] = []
        self._positions: dict[str, tuple[float, float]] = {}  # entry key -> scroll position when left
        self._key = ""

    # --- the address -----------------------------------------------------------------

    @property
    def path(self) -> str:
        """The app's path now, with its query (``/users/7?tab=a``)."""
        raise NotImplementedError

    def push(self, path: str) -> None:
        """Goes to ``path`` in a new history entry (a new entry starts at the top)."""
        self._leave()
        self._key = _new_key()
        self._push_entry(path, self._key)
        self._notify(PUSH)

    def replace(self, path: str) -> None:
        """Goes to ``path`` in the current history entry."""
        self._replace_entry(path, self._key)
        self._notify(REPLACE)

    def subscribe(self, scope: Any, listener: Callable[[str], None]) -> None:
        """Calls ``listener(kind)`` after every change (``PUSH``, ``REPLACE`` or ``POP``),
        until ``scope`` closes: the scope owns whatever this needs (a browser listener)."""
        self._listeners.append(listener)
        scope.on_cleanup(lambda: self._unsubscribe(listener))

    def _unsubscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.remove(listener)

    def _notify(self, kind: str) -> None:
        for listener in list(self._listeners):
            listener(kind)

    def _popped(self, key: str | None) -> None:
        """The history moved to an entry whose key is ``key`` (``None``: an entry wasmui did
        not make, such as a fragment link's, which gets one now)."""
        self._leave()
        if key is None:
            key = _new_key()
            self._tag_entry(key)
        self._key = key
        self._notify(POP)

    def _leave(self) -> None:
        """Remembers where the entry being left was scrolled to (a later back restores it)."""
        self._positions[self._key] = self.scroll_position()

    # --- the page around the view ------------------------------------------------------

    def settle_scroll(self, kind: str) -> None:
        """After a change's view is shown: a new entry starts at the top, a move through
        the history restores where its entry was left (the top if never seen here);
        a replaced entry stays where it is."""
        if kind == PUSH:
            self.scroll_to(0, 0)
        elif kind == POP:
            self.scroll_to(*self._positions.get(self._key, (0, 0)))

    def scroll_position(self) -> tuple[float, float]:
        raise NotImplementedError

    def scroll_to(self, x: float, y: float) -> None:
        raise NotImplementedError

    def _push_entry(self, path: str, key: str) -> None:
        raise NotImplementedError

    def _replace_entry(self, path: str, key: str) -> None:
        raise NotImplementedError

    def _tag_entry(self, key: str) -> None:
        """Gives the current entry ``key``, its address unchanged."""
        self._replace_entry(self.path, key)


class MemoryLocation(Location):
    """A history kept in Python: what the model DOM and the build's pre-render use.

    It records what the browser would show, for tests to read: ``title``, ``focused``
    (the node focus moved to), ``scroll`` (set it to simulate the user scrolling) and
    ``announcements`` (each text given to screen readers).

    Example:
        ```python
        view = render(App, url="/cart")      # wasmui.testing: a MemoryLocation at /cart
        navigate("/items/7"); back()
        assert view.location.path == "/cart" and view.location.title == "Cart"
        ```
    """

    def __init__(self, url: str = "/") -> None:
        super().__init__()
        if not url.startswith("/"):
            raise ValueError(f"MemoryLocation({url!r}): a path starts with '/'")
        self._key = _new_key()
        self.entries: list[tuple[str, str]] = [(url, self._key)]  # (path, key)
        self.index = 0
        self.title = ""
        self.focused: Any = None
        self.scroll: tuple[float, float] = (0, 0)
        self.announcements: list[str] = []

    @property
    def path(self) -> str:
        return self.entries[self.index][0]

    def back(self) -> None:
        """As the browser's back button: nothing at the first entry."""
        self.go(-1)

    def forward(self) -> None:
        """As the browser's forward button: nothing at the last entry."""
        self.go(1)

    def go(self, delta: int) -> None:
        target = self.index + delta
        if delta and 0 <= target < len(self.entries):
            self.index = target
            self._popped(self.entries[target][1])

    def _push_entry(self, path: str, key: str) -> None:
        del self.entries[self.index + 1 :]  # a new entry drops the forward ones, as a browser does
        self.entries.append((path, key))
        self.index += 1

    def _replace_entry(self, path: str, key: str) -> None:
        self.entries[self.index] = (path, key)

    def scroll_position(self) -> tuple[float, float]:
        return self.scroll

    def scroll_to(self, x: float, y: float) -> None:
        self.scroll = (x, y)

    def set_title(self, title: str) -> None:
        self.title = title

    def focus(self, node: Any) -> None:
        """Focus moves to ``node``, made focusable (``tabindex="-1"``) if it was not."""
        node.attrs.setdefault("tabindex", "-1")
        self.focused = node

    def announce(self, text: str, scope: Any = None) -> None:
        self.announcements.append(text)

    def __repr__(self) -> str:
        return f"MemoryLocation({self.path!r}, entry {self.index + 1} of {len(self.entries)})"


class BrowserLocation(Location):
    """The page's own ``location`` and ``history``; one per page (see :func:`current`)."""

    def __init__(self) -> None:
        super().__init__()
        self._announcer: Any = None
        self._watching = False
        # The path last pushed or replaced: what the app asked for, even where the browser
        # ignored it (Chrome drops history changes past about 200 in 10 s); a move through
        # the history or an edited address reads the browser's again.
        self._asked: str | None = None

    @property
    def path(self) -> str:
        if self._asked is not None:
            return self._asked
        location = _ffi.js_global("location")
        if self.mode == "hash":
            return str(location.hash)[1:] or "/"
        return f"{location.pathname}{location.search}"

    def back(self) -> None:
        """``history.back()``: the view changes at the ``popstate`` that follows."""
        _ffi.js_global("history").back()

    def forward(self) -> None:
        _ffi.js_global("history").forward()

    def subscribe(self, scope: Any, listener: Callable[[str], None]) -> None:
        if not self._watching:
            self._start()
        super().subscribe(scope, listener)
        window = _ffi.js_global("window")
        # each subscriber's scope owns its listeners; the first to run for an event
        # handles it for all (the others find the entry already current)
        scope.listen(window, "popstate", self._moved)
        if self.mode == "hash":
            scope.listen(window, "hashchange", self._moved)  # an address edited by hand

    def _unsubscribe(self, listener: Callable[[str], None]) -> None:
        """With no router left, the path the app last asked for is forgotten: a router
        mounted later reads the address as it is then (it may have changed with no event
        a router heard: another script's replaceState, another app's)."""
        super()._unsubscribe(listener)
        if not self._listeners:
            self._asked = None

    def _start(self) -> None:
        """Takes over scroll restoration (the browser's would restore before the view is
        shown) and keys the entry the page was loaded in."""
        self._watching = True
        history = _ffi.js_global("history")
        history.scrollRestoration = "manual"
        self._key = self._entry_key() or _new_key()
        self._tag_entry(self._key)

    def _moved(self, *_: Any) -> None:
        self._asked = None
        key, path = self._entry_key(), self.path
        if key is not None and key == self._key and path == self._seen_path:
            return  # another subscriber's listener handled this event already
        self._popped(key)

    @property
    def _seen_path(self) -> str:
        return getattr(self, "_last_path", "")

    def _notify(self, kind: str) -> None:
        self._last_path = self.path
        super()._notify(kind)

    def _entry_key(self) -> str | None:
        state = _ffi.js_global("history").state
        key = None if _ffi.is_nullish(state) else getattr(state, "wasmui", None)
        return None if _ffi.is_nullish(key) else str(key)

    def _url(self, path: str) -> str:
        return f"#{path}" if self.mode == "hash" else path

    def _push_entry(self, path: str, key: str) -> None:
        _ffi.js_global("history").pushState(_ffi.to_js_object({"wasmui": key}), "", self._url(path))
        self._asked = path

    def _replace_entry(self, path: str, key: str) -> None:
        _ffi.js_global("history").replaceState(_ffi.to_js_object({"wasmui": key}), "", self._url(path))
        self._asked = path

    def _tag_entry(self, key: str) -> None:
        # no URL argument: the address stays exactly as it is (its fragment too)
        _ffi.js_global("history").replaceState(_ffi.to_js_object({"wasmui": key}), "")

    def scroll_position(self) -> tuple[float, float]:
        window = _ffi.js_global("window")
        return (float(window.scrollX), float(window.scrollY))

    def scroll_to(self, x: float, y: float) -> None:
        _ffi.js_global("window").scrollTo(x, y)

    @property
    def title(self) -> str:
        return str(_ffi.js_global("document").title)

    def set_title(self, title: str) -> None:
        _ffi.js_global("document").title = title

    @property
    def focused(self) -> Any:
        return _ffi.js_global("document").activeElement

    def focus(self, node: Any) -> None:
        """Focus moves to ``node`` (made focusable with ``tabindex="-1"`` if it has no
        tabindex), without scrolling: the scroll position is the history's to set."""
        if not node.hasAttribute("tabindex"):
            node.setAttribute("tabindex", "-1")
        node.focus(_ffi.to_js_object({"preventScroll": True}))

    def announce(self, text: str, scope: Any) -> None:
        """Puts ``text`` in a polite live region, which screen readers read out (Next.js's
        route announcer): one for the page, made on first use and removed when ``scope``
        (the router that made it) closes, so an unmounted app leaves no node behind."""
        if self._announcer is None or not self._announcer.isConnected:
            document = _ffi.js_global("document")
            region = document.createElement("div")
            region.setAttribute("aria-live", "assertive")
            region.setAttribute("aria-atomic", "true")
            region.setAttribute("data-wasmui-announcer", "")
            # visually hidden, still read: set through the CSSOM, which a strict CSP allows
            region.style.cssText = (
                "position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;"
                "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
            )
            document.body.appendChild(region)
            self._announcer = region
            scope.on_cleanup(lambda: self._remove_announcer(region))
        self._announcer.textContent = text

    def _remove_announcer(self, region: Any) -> None:
        region.remove()
        if self._announcer is region:
            self._announcer = None

    @property
    def announcements(self) -> list[str]:
        """The latest announcement (the browser keeps only the region's current text)."""
        return [] if self._announcer is None else [str(self._announcer.textContent)]


class WorkerLocation(Location):
    """The page's ``location`` and ``history`` from worker mode's worker, which has
    neither: the page's address comes with the boot (and with each ``popstate``), and
    each change is one ``"history"`` message (``post(json)``) that the page carries out in
    its own task: ``pushState``/``replaceState``, ``back``, the title, the focus, the
    scroll, the announcement (``wasmui/js/wasmui.js``). The page also keeps the scroll
    position each entry was left at, since only it can read one at once; so ``_leave``
    records nothing here and :meth:`settle_scroll` asks the page."""

    def __init__(self, post: Callable[[str], None], page: dict[str, Any]) -> None:
        super().__init__()
        self._post = lambda **message: post(json.dumps(message))
        self._page = page  # {"path": pathname + search, "hash": ..., "key": history.state.wasmui}
        self._asked: str | None = None  # as BrowserLocation's
        self._watching = False
        self._announced: list[str] = []
        self.title = ""

    @property
    def path(self) -> str:
        if self._asked is not None:
            return self._asked
        if self.mode == "hash":
            return self._page["hash"][1:] or "/"
        return self._page["path"]

    def back(self) -> None:
        """``history.back()`` on the page: the view changes at the ``popstate`` that follows."""
        self._post(op="back")

    def forward(self) -> None:
        self._post(op="forward")

    def subscribe(self, scope: Any, listener: Callable[[str], None]) -> None:
        if not self._watching:
            self._watching = True
            self._post(op="start")  # the page takes over scroll restoration
            self._key = self._page.get("key") or _new_key()
            self._tag_entry(self._key)
        super().subscribe(scope, listener)
        scope.listen(dom.window, "popstate", self._moved)
        if self.mode == "hash":
            scope.listen(dom.window, "hashchange", self._moved)

    def _unsubscribe(self, listener: Callable[[str], None]) -> None:
        super()._unsubscribe(listener)
        if not self._listeners:
            self._asked = None

    def _moved(self, event: Any) -> None:
        """A ``popstate`` (or ``hashchange``): the page's address and entry key come with it."""
        self._asked = None
        self._page = event.page
        key = self._page.get("key")
        if key is not None and key == self._key and self.path == getattr(self, "_last_path", ""):
            return  # another subscriber's listener handled this event already
        self._popped(key)

    def _notify(self, kind: str) -> None:
        self._last_path = self.path
        super()._notify(kind)

    def _url(self, path: str) -> str:
        return f"#{path}" if self.mode == "hash" else path

    def _push_entry(self, path: str, key: str) -> None:
        self._post(op="push", url=self._url(path), key=key)
        self._asked = path

    def _replace_entry(self, path: str, key: str) -> None:
        self._post(op="replace", url=self._url(path), key=key)
        self._asked = path

    def _tag_entry(self, key: str) -> None:
        self._post(op="replace", url=None, key=key)  # the address stays exactly as it is

    def _leave(self) -> None:
        """The page records the position of the entry left (it can read it at once)."""

    def settle_scroll(self, kind: str) -> None:
        if kind in (PUSH, POP):
            self._post(op="scroll", kind=kind, key=self._key)

    def set_title(self, title: str) -> None:
        self.title = title
        self._post(op="title", title=title)

    def focus(self, node: Any) -> None:
        """Focus moves to the page's node (a :class:`~wasmui.worker_protocol.RemoteNode`),
        made focusable if it has no tabindex, without scrolling."""
        self._post(op="focus", node=node.wid)

    def announce(self, text: str, scope: Any) -> None:
        """As :meth:`BrowserLocation.announce`: the page's live region, removed when
        ``scope`` (the router that made it) closes."""
        if not self._announced:
            scope.on_cleanup(self._unannounce)
        self._announced[:] = [text]
        self._post(op="announce", text=text)

    def _unannounce(self) -> None:
        self._announced.clear()
        self._post(op="unannounce")

    @property
    def announcements(self) -> list[str]:
        return list(self._announced)


_browser: list[BrowserLocation] = []


def current() -> Location:
    """The location routers use now: the host's own when the current runtime's has one
    (the model host's in tests and the pre-render, the worker host's), else the page's.

    Raises:
        RuntimeError: under plain CPython with no model DOM to route on.
    """
    active = runtime.current_runtime
    own = getattr(active.host, "location", None) if active is not None else None
    if own is not None:
        return own
    if not _ffi.IN_BROWSER:
        raise RuntimeError(
            "wasmui.router outside a browser routes on the model DOM: render the app with "
            "wasmui.testing.render(App, url='/...') first"
        )
    if not _browser:
        _browser.append(BrowserLocation())
    return _browser[0]
