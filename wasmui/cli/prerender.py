"""The first view, rendered at build time.

Each ``<wasmui-app component="module:Class" props='...'>`` of the page is mounted on the
model DOM under CPython (the reconciler runs there unchanged) and its output written
into the element as static HTML, marked ``data-wasmui-prerendered``, so the real UI is
on screen at first paint, long before Pyodide has loaded. When the page boots, the
first commit adopts that DOM node by node (hydration, ``js/applier.js``) instead of
building it again. A component with ``prerender = False`` (browser-only data) is
written as its placeholder; one that fails on the host leaves its element empty, and
the build says which.

A routed app gets a page per route (#24): :func:`route_files` renders each route
whose path has no parameters, and each parameter value its ``Route(prerender=...)``
lists, at its own address (on a :class:`~wasmui.location.MemoryLocation`), into
``<path>/index.html``, the file static hosts serve for a deep link with no rewrite rule.
So ``/cart`` paints its own view at once, and hydrates as the first page does.

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
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from ..embed import missing_component
from .errors import CliError

PRERENDERED = "data-wasmui-prerendered"
"""The attribute that tells the browser's first mount to adopt the container's DOM."""

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# a comment first, so that a <wasmui-app> mentioned in one is left alone
_ELEMENT = re.compile(r"<!--.*?-->|(<wasmui-app\b[^>]*>)(.*?)(</wasmui-app>)", re.S)
_TITLE = re.compile(r"(<title\b[^>]*>)(.*?)(</title>)", re.S | re.I)


@dataclass
class View:
    """A component's first render at an address: its markup, the title its router set,
    and the routes of every history-mode router it showed (for the pages to write)."""

    markup: str
    title: str | None = None
    routes: list = field(default_factory=list)


def prerender_page(page: str, import_roots: list[Path], url: str = "/", routes: list | None = None) -> tuple[str, list[str]]:
    """``page`` with each ``<wasmui-app>`` filled with its component's first render at
    ``url``; returns it and a note for each element left empty. A router's route title
    becomes the page's ``<title>``; ``routes``, if given, receives the routes shown."""
    notes: list[str] = []
    titles: list[str] = []

    def fill(match: re.Match) -> str:
        start, inner, end = match.groups()
        if start is None:
            return match.group(0)  # a comment
        attributes = start_tag_attributes(start)
        spec = attributes.get("component", "")
        if inner.strip() or not spec:
            return match.group(0)  # the page's own placeholder content stays
        try:
            view = render_view(spec, attributes.get("props"), import_roots, url)
        except CliError:
            raise  # the page cannot work in any browser: the build fails
        except Exception as exc:  # noqa: BLE001 - any other failure leaves the element to the browser
            notes.append(f"{spec}: not pre-rendered ({failure(exc)})")
            return match.group(0)
        if view.title is not None:
            titles.append(view.title)
        if routes is not None:
            routes.extend(view.routes)
        return f"{start[:-1]} {PRERENDERED}>{view.markup}{end}"

    filled = _ELEMENT.sub(fill, page)
    if titles:
        filled = _TITLE.sub(lambda m: f"{m.group(1)}{html.escape(titles[-1], quote=False)}{m.group(3)}", filled, count=1)
    return filled, notes


_BROWSER_ONLY = ("js", "pyodide")


def failure(exc: BaseException) -> str:
    """What stopped a pre-render, for the build's note: the error, and for a browser-only
    module imported at a module's top (``import js``: the host has none) the line that
    did it and what to do, since one such line leaves the whole app unrendered."""
    text = f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, ModuleNotFoundError) or (exc.name or "").split(".")[0] not in _BROWSER_ONLY:
        return text
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if not frame.filename.startswith("<")]
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return (f"{text}{where}: the browser's module, imported where the build renders on the host; import it inside "
            "the function that runs in the browser, or use wasmui.dom and self.scope, which run on the host too")


def render_markup(spec: str, props_json: str | None, import_roots: list[Path], url: str = "/") -> str:
    """The HTML of component ``"module:Class"`` after its first render on the model DOM."""
    return render_view(spec, props_json, import_roots, url).markup


def render_view(spec: str, props_json: str | None, import_roots: list[Path], url: str = "/") -> View:
    """Component ``"module:Class"``'s first render on the model DOM, at address ``url``."""
    from .. import errors, runtime
    from ..modeldom import ModelHost, element
    from ..root import mount

    module_name, _, class_name = spec.partition(":")
    previous = runtime.current_runtime
    host = ModelHost(url)
    host.prerendering = True
    reported = len(errors.recent)
    # on the path for the whole render: a component may import more as it mounts
    sys.path[:0] = [str(root) for root in import_roots]
    try:
        module = importlib.import_module(module_name)  # (a module only the browser has, by src=, stays a note)
        component = getattr(module, class_name, None)
        if component is None:
            raise CliError(missing_component(spec, module))
        runtime.use_host(host)
        container = element("div")
        root = mount(component, container, json.loads(props_json) if props_json else None)
        failures = list(errors.recent)[reported:]
        view = View(children_html(container))
        _read_routers(root, view)
        root.unmount()
    finally:
        del sys.path[: len(import_roots)]
        runtime._set_current(previous)
    if failures:  # a component that raised would pre-render a broken view: leave it to the browser
        raise RuntimeError(str(failures[0]))
    return view


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


def _read_routers(root, view: View) -> None:
    """The title and routes of the routers in ``root``'s tree (the innermost's title wins)."""
    from ..router import RouterView

    stack = [root._vnode] if root._vnode is not None else []
    while stack:
        node = stack.pop()
        component = node.component
        if isinstance(component, RouterView):
            view.title = component.title() or view.title
            if component.props["mode"] == "history":  # a hash route is no address a host serves
                view.routes.extend(component.props["routes"])
        below = node.rendered if component is not None else node.children
        stack.extend(reversed(below or ()))


def route_pages(page: str, import_roots: list[Path]) -> tuple[dict[str, str], list[str], bool]:
    """A page for each route of the app's history-mode routers, by path (``/`` excepted:
    that is ``page`` itself), notes on what could not be pre-rendered, and whether the
    page shows any such router at all (then an unknown address is the router's to fill).

    Routes are found by rendering: those of the routers shown at ``/``, then of those
    shown at each route found (a router inside a view adds its routes), once each.
    Each page is ``page`` filled at the route's address, its references as they were
    (the build writes every page's references absolute, so they work at any depth).
    """
    template = _emptied(page)
    pages: dict[str, str] = {}
    notes: list[str] = []
    queue, seen = ["/"], {"/"}
    routed = False
    while queue:
        url = queue.pop(0)
        found: list = []
        try:
            filled, page_notes = prerender_page(template, import_roots, url, found)
        except Exception as exc:  # noqa: BLE001 - one route's failure must not stop the others
            notes.append(f"{url}: not pre-rendered ({failure(exc)})")
            continue
        if url != "/":
            pages[url] = filled
            notes += [f"{url}: {note}" for note in page_notes]
        routed = routed or bool(found)
        for route in found:
            try:
                paths = route.prerender_paths()
            except Exception as exc:  # noqa: BLE001 - a listing that fails is reported, the rest built
                notes.append(f"{route.path}: no pages ({type(exc).__name__}: {exc})")
                continue
            for path in paths:
                path = path.rstrip("/") or "/"
                if path not in seen:
                    seen.add(path)
                    queue.append(path)
    return pages, notes, routed


def route_files(page: str, import_roots: list[Path]) -> list[tuple[str, str]]:
    """``(output path, page)`` for each route of the built ``page`` (see
    :func:`route_pages`): ``/cart`` as ``cart/index.html``, the file a static host serves
    for ``/cart`` and ``/cart/`` with no rewrite rule. Prints what could not be rendered.

    A routed app also gets its ``404.html``, the page static hosts send for any other
    address: its apps left empty for the router to fill there, as on a plain mount. The
    view pre-rendered at ``/`` would paint the home page at an address that is not home,
    then be replaced by the router's own view (a flash of the wrong page, and a repair).
    """
    pages, notes, routed = route_pages(page, import_roots)
    for note in notes:
        print(f"wasmui build: {note}")
    files = [("/".join(unquote(part) for part in url.strip("/").split("/")) + "/index.html", text) for url, text in pages.items()]
    return [*files, ("404.html", _emptied(page))] if routed else files


def _emptied(page: str) -> str:
    """``page`` with every pre-rendered ``<wasmui-app>`` back to empty (to fill again)."""

    def empty(match: re.Match) -> str:
        start, _, end = match.groups()
        if start is None or PRERENDERED not in start:
            return match.group(0)
        return f"{start.replace(' ' + PRERENDERED, '')}{end}"

    return _ELEMENT.sub(empty, page)


def start_tag_attributes(start_tag: str) -> dict[str, str]:
    """The attributes of an HTML start tag, as the browser reads them (any order, quotes, case)."""
    found: dict[str, str] = {}

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update({name: value or "" for name, value in attrs})

    Reader().feed(start_tag)
    return found
