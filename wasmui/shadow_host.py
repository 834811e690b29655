"""An element of wasmui's own UI (the inspector panel, the error overlay) in a shadow root.

The shadow root keeps the page's CSS out and the tool's CSS in; the styles go in a
constructable stylesheet, never an inline ``<style>``, so a page under a strict
Content-Security-Policy shows it too. Reaches JS only through :mod:`wasmui._ffi`.

:func:`open_tool` is the mode-independent way in (#26): on a page it makes the element
here (:class:`PageTool`); in a worker the page makes it on the worker's behalf
(:meth:`wasmui.worker_host.WorkerHost.open_tool`). Either way a :class:`~wasmui.root.Root`
mounts into the tool's ``container``, and the tool puts the focus back where it was when
it is removed.
"""

from __future__ import annotations

from typing import Any, Protocol

from . import _ffi


class Tool(Protocol):
    """One of wasmui's own panels, open on the page."""

    container: Any
    """What a :class:`~wasmui.root.Root` mounts into (inside the shadow root)."""

    def focus(self, selector: str) -> None:
        """Moves the focus to the first element in the tool matching ``selector``."""

    def remove(self) -> None:
        """Takes the tool off the page; if the focus was in it, gives it back to the
        element that had it when the tool opened (if that is still on the page)."""


def open_tool(tag: str, css: str, *, take_focus: bool) -> Tool:
    """A ``<tag>`` with a shadow root styled by ``css``, on the page, wherever Python runs.

    Args:
        take_focus: the tool will take the focus (:meth:`Tool.focus`): the element focused
            now is remembered, to get it back at :meth:`Tool.remove`.
    """
    if _ffi.in_page():
        return PageTool(tag, css, take_focus)
    from .worker_host import current_host

    host = current_host()
    if host is None:
        raise RuntimeError(f"<{tag}>: wasmui's tools need a page, or a worker host started by wasmui.js")
    return host.open_tool(tag, css, take_focus)


class PageTool:
    """A tool made here, on the page (main-thread mode)."""

    def __init__(self, tag: str, css: str, take_focus: bool) -> None:
        opener = _focused() if take_focus else None
        # a WeakRef, not the element: the tool must not keep a node the page removes alive
        # (the inspector's own detached-nodes view would then report it)
        self._opener = None if opener is None else _ffi.js_global("WeakRef").new(opener)
        self.element, self.container = create_shadow_host(tag, css)

    def focus(self, selector: str) -> None:
        self.container.querySelector(selector).focus()

    def remove(self) -> None:
        had_focus = _ffi.js_global("document").activeElement == self.element
        self.element.remove()
        opener = None if self._opener is None else self._opener.deref()
        self._opener = None
        if had_focus and not _ffi.is_nullish(opener) and opener.isConnected:
            opener.focus()


def _focused() -> Any:
    """The element with focus, looked for inside open shadow roots; ``None`` for none."""
    element = _ffi.js_global("document").activeElement
    while not _ffi.is_nullish(element) and not _ffi.is_nullish(element.shadowRoot):
        inner = element.shadowRoot.activeElement
        if _ffi.is_nullish(inner):
            break
        element = inner
    return None if _ffi.is_nullish(element) else element


def create_shadow_host(tag: str, css: str) -> tuple[Any, Any]:
    """A ``<tag>`` at the end of ``<body>`` with an open shadow root styled by ``css``;
    returns the host element and a ``<div>`` inside the shadow root to fill."""
    document = _ffi.js_global("document")
    host = document.createElement(tag)
    shadow = host.attachShadow(_ffi.to_js_object({"mode": "open"}))
    sheet = _ffi.js_global("CSSStyleSheet").new()
    sheet.replaceSync(css)
    shadow.adoptedStyleSheets = _ffi.to_js_array([sheet])
    container = document.createElement("div")
    shadow.appendChild(container)
    document.body.appendChild(host)
    return host, container
