"""An element of wasmui's own UI (the inspector panel, the error overlay) in a shadow root.

The shadow root keeps the page's CSS out and the tool's CSS in; the styles go in a
constructable stylesheet, never an inline ``<style>``, so a page under a strict
Content-Security-Policy shows it too. Reaches JS only through :mod:`wasmui._ffi`.
"""

from __future__ import annotations

from typing import Any

from . import _ffi


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
