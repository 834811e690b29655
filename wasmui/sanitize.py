"""What may be written into the DOM: URL checks and CSS declaration parsing (#8).

wasmui never builds markup, so strings are always text; the remaining script
vectors are URL-bearing attributes (``href="javascript:..."``) and raw markup
sinks (``srcdoc``). URLs are checked the way browsers parse them: leading and
trailing C0 control characters and spaces are ignored, tabs and newlines are
removed anywhere, and the scheme is case-insensitive.

Style strings are split into declarations and written with CSSOM
``style.setProperty``, never as a ``style`` attribute, which a strict
Content-Security-Policy (no ``'unsafe-inline'``) would refuse.

Must not import ``js``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UnsafeURL:
    """A URL written as given, even with a ``javascript:`` or ``data:text/html`` scheme
    (made by ``wasmui.unsafe.url``)."""

    value: str

    def __str__(self) -> str:
        return self.value

# Attributes whose value the browser may navigate to or fetch as a document.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background",
     "data", "codebase", "manifest", "ping", "longdesc", "lowsrc", "dynsrc", "usemap"}
)  # fmt: skip
# Attributes whose value is parsed as a whole HTML document.
MARKUP_ATTRIBUTES = frozenset({"srcdoc"})
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
# data: documents that can run script when navigated to or framed.
_ACTIVE_DATA_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml")
# Where an active data: type is only ever decoded as an image, never run.
_IMAGE_ONLY = frozenset({("img", "src"), ("image", "href"), ("image", "xlink:href"), ("video", "poster")})
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def normalize_url(value: str) -> str:
    """The URL as a browser's parser sees its scheme: trimmed, tab/newline-free, lower case."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_EDGES)).lower()


def dangerous_url(tag: str, attribute: str, value: str) -> str | None:
    """Why ``value`` must not be written to ``attribute`` of ``<tag>``, or ``None`` if safe.

    Example:
        ```python
        dangerous_url("a", "href", " JaVa\\tScRiPt:alert(1)")  # -> "a javascript: URL"
        ```
    """
    url = normalize_url(value)
    for scheme in _SCRIPT_SCHEMES:
        if url.startswith(scheme):
            return f"a {scheme} URL"
    if url.startswith("data:") and (tag.lower(), attribute) not in _IMAGE_ONLY:
        media_type = url[5:].split(",", 1)[0].split(";", 1)[0].strip()
        if media_type in _ACTIVE_DATA_TYPES:
            return f"a data:{media_type} URL"
    return None


def parse_style(text: str) -> dict[str, str]:
    """Splits ``"color: red; background: url('a;b')"`` into declarations.

    Semicolons inside quotes or parentheses do not split; an ``!important`` flag
    is kept in the value (``setProperty`` receives it as the priority).
    """
    declarations: dict[str, str] = {}
    for chunk in _split_outside(text, ";"):
        name, colon, value = chunk.partition(":")
        if colon and name.strip() and value.strip():
            declarations[name.strip().lower() if not name.strip().startswith("--") else name.strip()] = value.strip()
    return declarations


def _split_outside(text: str, separator: str) -> list[str]:
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts
