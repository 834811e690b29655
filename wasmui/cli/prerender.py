"""The first view, rendered at build time.

Each ``<wasmui-app component="module:Class" props='...'>`` of the page is mounted on the
model DOM under CPython (the reconciler runs there unchanged) and its output written
into the element as static HTML, marked ``data-wasmui-prerendered``, so the real UI is
on screen at first paint, long before Pyodide has loaded. When the page boots, the
first commit adopts that DOM node by node (hydration, ``js/applier.js``) instead of
building it again. A component with ``prerender = False`` (browser-only data) is
written as its placeholder; one that fails on the host leaves its element empty, and
the build says which.

The first view is the first render only, as React's ``renderToString``: no ref,
``on_mount`` or effect runs at build time (they start timers and fetches, and a root a
component mounts in ``on_mount`` appears once the page has hydrated). The markup keeps
what hydration needs to find the same nodes: ``<!--|-->`` between adjacent text nodes
(HTML would merge them) and ``<!---->`` for an empty range.
"""

from __future__ import annotations

import html
import importlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

PRERENDERED = "data-wasmui-prerendered"
"""The attribute that tells the browser's first mount to adopt the container's DOM."""

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# a comment first, so that a <wasmui-app> mentioned in one is left alone
_ELEMENT = re.compile(r"<!--.*?-->|(<wasmui-app\b[^>]*>)(.*?)(</wasmui-app>)", re.S)


def prerender_page(page: str, import_roots: list[Path]) -> tuple[str, list[str]]:
    """``page`` with each ``<wasmui-app>`` filled with its component's first render;
    returns it and a note for each element left empty."""
    notes: list[str] = []

    def fill(match: re.Match) -> str:
        start, inner, end = match.groups()
        if start is None:
            return match.group(0)  # a comment
        attributes = _attributes(start)
        spec = attributes.get("component", "")
        if inner.strip() or not spec:
            return match.group(0)  # the page's own placeholder content stays
        try:
            markup = render_markup(spec, attributes.get("props"), import_roots)
        except Exception as exc:  # noqa: BLE001 - any failure leaves the element to the browser
            notes.append(f"{spec}: not pre-rendered ({type(exc).__name__}: {exc})")
            return match.group(0)
        return f"{start[:-1]} {PRERENDERED}>{markup}{end}"

    return _ELEMENT.sub(fill, page), notes


def render_markup(spec: str, props_json: str | None, import_roots: list[Path]) -> str:
    """The HTML of component ``"module:Class"`` after its first render on the model DOM."""
    from .. import errors, runtime
    from ..modeldom import ModelHost, element
    from ..root import mount

    module_name, _, class_name = spec.partition(":")
    previous = runtime.current_runtime
    host = ModelHost()
    host.prerendering = True
    reported = len(errors.recent)
    # on the path for the whole render: a component may import more as it mounts
    sys.path[:0] = [str(root) for root in import_roots]
    try:
        component = getattr(importlib.import_module(module_name), class_name)
        runtime.use_host(host)
        container = element("div")
        root = mount(component, container, json.loads(props_json) if props_json else None)
        failures = list(errors.recent)[reported:]
        markup = children_html(container)
        root.unmount()
    finally:
        del sys.path[: len(import_roots)]
        runtime._set_current(previous)
    if failures:  # a component that raised would pre-render a broken view: leave it to the browser
        raise RuntimeError(str(failures[0]))
    return markup


def children_html(node) -> str:
    """The HTML of ``node``'s children, ``<!--|-->`` between two texts."""
    parts = []
    previous = None
    for child in node.children:
        if previous is not None and previous.kind == "text" and child.kind == "text":
            parts.append("<!--|-->")
        parts.append(to_html(child))
        previous = child
    return "".join(parts)


def to_html(node) -> str:
    """Real HTML for a model node: text and attributes escaped, DOM properties as the
    attributes a first paint needs (value, checked, selected)."""
    if node.kind == "text":
        return html.escape(node.text, quote=False)
    if node.kind == "comment":
        return "<!---->"
    attributes = dict(node.attrs)
    for name, value in node.props.items():
        if name in ("checked", "selected", "muted") and value:
            attributes[name] = ""
        elif name == "value" and node.tag not in ("textarea", "select") and value is not None:
            attributes["value"] = str(value)
    if node.style:
        attributes["style"] = "; ".join(f"{key}: {value}" for key, value in node.style.items())
    start = node.tag + "".join(f' {name}="{html.escape(str(value))}"' for name, value in attributes.items())
    if node.tag in VOID:
        return f"<{start}>"
    inner = node.raw_html + children_html(node)  # raw_html: wasmui.unsafe.html, opted in
    if node.tag == "textarea" and node.props.get("value") is not None:
        inner = html.escape(str(node.props["value"]), quote=False)
    return f"<{start}>{inner}</{node.tag}>"


def _attributes(start_tag: str) -> dict[str, str]:
    found: dict[str, str] = {}

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update({name: value or "" for name, value in attrs})

    Reader().feed(start_tag)
    return found
