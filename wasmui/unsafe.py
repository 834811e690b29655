"""Explicit escape hatches: the only ways to write a script-capable URL or raw markup.

Each call is a visible decision in the code under review; everything else wasmui
writes is inert text or a checked attribute (see :mod:`wasmui.sanitize`).

Example:
    ```python
    from wasmui import unsafe
    html.a("run", href=unsafe.url("javascript:void(0)"))
    unsafe.html("<b>trusted</b> markup from our own server")
    ```

Must not import ``js``.
"""

from __future__ import annotations

from typing import Any

from .errors import RenderError
from .sanitize import UnsafeURL
from .vnode import UNSAFE_HTML, VNode, type_name

__all__ = ["UnsafeURL", "html", "url"]


def url(value: str) -> UnsafeURL:
    """Marks ``value`` as a URL to write without the script-scheme check."""
    if not isinstance(value, str):
        raise RenderError(f"unsafe.url(): expected a str, got {type_name(value)}")
    return UnsafeURL(value)


def html(markup: Any, key: Any = None) -> VNode:
    """A node of raw markup (parsed by the browser: it may run script; trust its source).

    Args:
        markup: a str, or a Trusted Types ``TrustedHTML`` object.
        key: identity among siblings, as for any node.
    """
    if not isinstance(markup, str):
        if not hasattr(markup, "toString"):  # a JS TrustedHTML (or any JS object with a string form)
            raise RenderError(f"unsafe.html(): expected a str or a TrustedHTML, got {type_name(markup)}")
        markup = str(markup)  # TrustedHTML's string form; the applier wraps it again
    return VNode(UNSAFE_HTML, {}, [], key, markup)
