"""The in-page leak inspector panel: a wasmui component in a shadow root.

Opened by the URL parameter ``?wasmui-inspect``, the keys Ctrl+Shift+L, or
:func:`open`. It works from the keyboard (#25): opening moves focus into it, Tab
reaches every control, Escape (or Ctrl+Shift+L) closes it, and focus goes back to
where it was. While open it refreshes about once a second from
:func:`wasmui.inspector.report`; while closed it holds nothing but the one
keyboard listener (and ``window.wasmui.report`` for outside tools). It renders in
a shadow root, so the page's CSS does not reach it, and its root is internal, so
its own components, resources and nodes are left out of every count it shows.

Browser only: ``install()`` runs at the first mount of a page in development mode. In
worker mode (#26) the page holds the shortcut, ``?wasmui-inspect`` and
``window.wasmui.report()`` (``wasmui.js``) and asks the worker (:func:`from_page`); the
panel is the same component, rendered by the worker into an element the page made.
"""

from __future__ import annotations

import json
from typing import Any

from . import _ffi, html, inspector, tracker
from .component import Component
from .root import Root
from .runtime import get_runtime
from .scope import Scope
from .shadow_host import open_tool
from .vnode import h

HISTORY = 60
"""Samples kept for the memory charts (about a minute at one per second)."""

METRICS = [
    ("mounted", "components"),
    ("zombies", "zombies"),
    ("proxies", "proxies"),
    ("listeners", "listeners"),
    ("timers", "timers"),
    ("object_urls", "object URLs"),
    ("observers", "observers"),
    ("dom_nodes", "DOM nodes"),
    ("pyodide_proxies", "Pyodide proxies"),
]
CHARTS = [
    ("py_heap_bytes", "Python heap", "bytes"),
    ("wasm_heap_bytes", "wasm memory", "bytes"),
    ("js_heap_bytes", "JS heap", "bytes"),
    ("dom_nodes", "DOM nodes", "count"),
    ("pyodide_proxies", "Pyodide proxies", "count"),
]
TABS = ["components", "growth", "zombies", "resources", "memory", "heap", "dom"]
PAGE = 50
"""Instances shown at a time in an expanded group (the list is windowed, not all 10,000)."""

_state: dict[str, Any] = {"root": None, "tool": None, "scope": None}


class InspectorPanel(Component):
    """Shows the report; one interval while open, nothing else.

    The two heap searches (zombies' retention paths, detached nodes) run only while
    their tab is shown: every second on a large page they would cost more than the
    rest of the report together.
    """

    def on_init(self) -> None:
        self.state = {"tab": "components", "history": [], "heap": [], "snapshots": 0, "filter": "",
                      "expanded": None, "offset": 0}  # fmt: skip
        self.state.update(self._sampled())

    def on_mount(self) -> None:
        self.scope.set_interval(self.sample, 1000)

    def sample(self) -> None:
        self.set_state(**self._sampled())

    def _sampled(self) -> dict:
        tab = self.state["tab"]
        inspector.sample()  # the growth view's history: one sample a second while open
        report = inspector.report(with_paths=tab == "zombies", with_detached=tab == "dom")
        history = [*self.state["history"], {key: report.get(key) for key, _, _ in CHARTS}][-HISTORY:]
        return {"report": report, "history": history}

    def show(self, tab: str) -> None:
        self.set_state(tab=tab)
        if tab in ("zombies", "dom"):
            self.sample()  # its heap search, now rather than at the next tick

    def snapshot(self) -> None:
        self.set_state(snapshots=inspector.take_snapshot(), heap=inspector.compare_snapshots())

    def render(self) -> Any:
        report = self.state["report"]
        return html.section(
            html.header(
                html.strong("wasmui inspector"),
                html.span("Esc or Ctrl+Shift+L closes", class_="hint"),
                html.button("×", class_="close", title="Close (Esc)", aria_label="Close the inspector", on_click=lambda: close()),
            ),
            html.div([_metric(report, key, label) for key, label in METRICS], class_="metrics"),
            html.nav(
                [
                    html.button(tab, key=tab, class_=["tab", tab == self.state["tab"] and "active"], data_tab=tab,
                                aria_pressed=_flag(tab == self.state["tab"]), on_click=lambda event, tab=tab: self.show(tab))
                    for tab in TABS
                ],
                aria_label="inspector views",
            ),
            # it scrolls: a keyboard user reaches it with Tab to scroll it (axe: scrollable-region-focusable)
            html.div(self._tab(report), class_="body", tabindex="0", role="region", aria_label=f"{self.state['tab']} view"),
            class_=["panel", report["zombies"] and "has-zombies"],
            role="dialog",
            aria_label="wasmui leak inspector",
            tabindex="-1",  # focus lands on the dialog itself at open; Tab goes on to its controls
            on_keydown=_on_keydown,
        )  # fmt: skip

    def expand(self, key: str) -> None:
        self.set_state(expanded=None if self.state["expanded"] == key else key, offset=0)

    def mark(self) -> None:
        inspector.mark()
        self.sample()

    def _components(self, groups: list[dict]) -> Any:
        wanted = self.state["filter"].lower()
        shown = [g for g in groups if wanted in g["name"].lower()]
        items = []
        for group in shown:
            open_ = group["key"] == self.state["expanded"]
            items.append(
                html.li(
                    html.button(f"{'▾' if open_ else '▸'} {group['name']}", class_="name group", aria_expanded=_flag(open_),
                                on_click=lambda event, key=group["key"]: self.expand(key)),
                    html.span(f"× {group['count']:,}", class_="count"),
                    html.span(group["site"], class_="site"),
                    self._instances(group) if open_ else None,
                    key=group["key"], data_group=group["name"], data_count=group["count"],
                )  # fmt: skip
            )
        return html.div(
            html.input(type="search", placeholder="filter by class", value=self.state["filter"], class_="filter",
                       aria_label="filter components", on_input=lambda e: self.set_state(filter=str(e.target.value))),
            html.ul(items, class_="tree") if items else _empty("No component is mounted." if not groups else "No match."),
        )  # fmt: skip

    def _instances(self, group: dict) -> Any:
        offset = self.state["offset"]
        page = inspector.components_of(group["key"], offset, PAGE)
        last = min(offset + PAGE, group["count"])
        return html.div(
            html.div(
                html.button("‹", disabled=offset == 0, aria_label="previous instances",
                            on_click=lambda: self.set_state(offset=max(0, offset - PAGE))),
                html.span(f"{offset + 1}–{last} of {group['count']:,}", class_="hint"),
                html.button("›", disabled=last >= group["count"], aria_label="next instances",
                            on_click=lambda: self.set_state(offset=offset + PAGE)),
                class_="pager",
            ),
            html.ul(
                [html.li(html.span(f"#{c['id']}", class_="id"), html.span(f"{c['resources']} resources", class_="count"),
                         html.code(f"props {_inline(c['props'])}  state {_inline(c['state'])}", class_="data"),
                         key=c["id"], data_component=c["name"]) for c in page],
            ),
            class_="instances",
        )  # fmt: skip

    def _tab(self, report: dict) -> Any:
        tab = self.state["tab"]
        if tab == "components":
            return self._components(report["components"])
        if tab == "growth":
            return _growth(report["growth"], self.mark)
        if tab == "zombies":
            return _zombies(report["zombies"])
        if tab == "resources":
            return _resources(report["resources"], report["untracked_proxies"])
        if tab == "memory":
            return _charts(self.state["history"])
        if tab == "heap":
            return _heap(self.state["snapshots"], self.state["heap"], self.snapshot)
        return _detached(report["detached_nodes"])


def _on_keydown(event: Any) -> None:
    """Escape anywhere in the panel closes it (the page's own Escape is left alone)."""
    if event.key == "Escape":
        if _ffi.in_page():  # (in a worker the page has handled the key already: too late to stop it)
            event.preventDefault()
        close()


def _flag(value: bool) -> str:
    """An ARIA state's value: the attribute takes the strings, not a boolean attribute."""
    return "true" if value else "false"


def _metric(report: dict, key: str, label: str) -> Any:
    value = report.get(key)
    shown = len(value) if isinstance(value, list) else ("–" if value is None else value)
    bad = key == "zombies" and shown
    return html.div(html.b(str(shown), data_metric=key), html.span(label), class_=["metric", bad and "bad"], key=key)


def _empty(text: str) -> Any:
    return html.p(text, class_="empty")


def _growth(rows: list[dict], mark: Any) -> Any:
    note = ("Counts per component class and resource kind. Press Mark, repeat an action a few times: "
            "what grows each time is flagged, with where it is created.")  # fmt: skip
    body = [
        html.tr(
            html.td(r["what"]), html.td(r["name"], class_="name"), html.td(str(r["count"])),
            html.td(f"{r['change']:+d}"), html.td("–" if r["since_mark"] is None else f"{r['since_mark']:+d}"),
            html.td("grows steadily" if r["suspect"] else "", class_="bad"), html.td(r["site"], class_="site"),
            key=f"{r['what']}:{r['name']}", class_=r["suspect"] and "suspect", data_growth=r["name"],
        )  # fmt: skip
        for r in rows
    ]
    return html.div(
        html.button("Mark", on_click=lambda: mark(), class_="action", data_action="mark"),
        html.p(note, class_="empty"),
        html.table(
            html.thead(html.tr(html.th("what"), html.th("name"), html.th("now"), html.th("10 s"), html.th("since mark"),
                               html.th("trend"), html.th("created at"))),
            html.tbody(body),
        ) if body else _empty("Nothing counted yet."),
    )  # fmt: skip


def _zombies(zombies: list[dict]) -> Any:
    if not zombies:
        return _empty("No zombies: every unmounted component has been collected.")
    return html.ul(
        [
            html.li(
                html.div(html.b(z["name"]), html.span(f" #{z['id']} unmounted but alive; kept by:")),
                html.ol([html.li(step) for step in reversed(z["path"])], class_="path"),
                key=z["id"],
                class_="zombie",
                data_zombie=z["name"],
            )
            for z in zombies
        ]
    )


def _resources(resources: list[dict], untracked: list[str]) -> Any:
    rows = [
        html.tr(
            html.td(r["kind"]), html.td(r["owner"]), html.td(r["name"]), html.td(r["site"], class_="site"),
            class_=r["orphan"] and "orphan",
        )
        for r in resources
    ]
    rows += [html.tr(html.td("proxy"), html.td("no scope", class_="bad"), html.td(text), html.td("untracked"), class_="orphan") for text in untracked]
    if not rows:
        return _empty("No live resources.")
    return html.table(html.thead(html.tr(html.th("kind"), html.th("owner"), html.th("resource"), html.th("created at"))), html.tbody(rows))


def _charts(history: list[dict]) -> Any:
    return html.div([_chart(history, key, label, unit) for key, label, unit in CHARTS], class_="charts")


def _chart(history: list[dict], key: str, label: str, unit: str) -> Any:
    values = [sample[key] for sample in history if sample.get(key) is not None]
    if not values:
        return html.figure(html.figcaption(label, " – not available in this browser"), key=key)
    low, high = min(values), max(values)
    span = (high - low) or 1
    points = " ".join(f"{i * 200 / max(1, HISTORY - 1):.1f},{38 - (v - low) * 36 / span:.1f}" for i, v in enumerate(values))
    return html.figure(
        html.figcaption(label, html.b(_amount(values[-1], unit))),
        h("svg", {"viewBox": "0 0 200 40", "class": "spark", "preserveAspectRatio": "none"}, h("polyline", {"points": points})),
        key=key,
    )


def _heap(snapshots: int, diff: list[dict], take: Any) -> Any:
    note = "Take a snapshot, use the app, take another: the top growth by file:line appears here."
    rows = [html.tr(html.td(d["site"], class_="site"), html.td(_amount(d["size_diff"], "bytes")), html.td(f"{d['count_diff']:+d}")) for d in diff]
    return html.div(
        html.button("Take snapshot" if snapshots < 1 else "Take snapshot and compare", on_click=lambda: take(), class_="action"),
        html.table(html.thead(html.tr(html.th("allocated at"), html.th("growth"), html.th("blocks"))), html.tbody(rows)) if rows else _empty(note),
    )


def _detached(nodes: list[dict]) -> Any:
    if not nodes:
        return _empty("No detached DOM node is referenced from Python.")
    return html.ul([html.li(html.code(f"<{n['node']}>"), " held by ", n["held_by"]) for n in nodes])


def _inline(data: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in data.items()) + "}"


def _amount(value: float, unit: str) -> str:
    if unit != "bytes":
        return str(value)
    for suffix in ("B", "KB", "MB", "GB"):
        if abs(value) < 1024 or suffix == "GB":
            return f"{value:.0f} {suffix}" if suffix == "B" else f"{value:.1f} {suffix}"
        value /= 1024
    return str(value)


# --- opening and closing ------------------------------------------------------------


def is_open() -> bool:
    return _state["root"] is not None


def open(*, focus: bool = True) -> Root:  # noqa: A001 - the public name the issue asks for
    """Opens the panel (a no-op if it is open); returns its root.

    Args:
        focus: move focus into the panel, as a keyboard user needs; ``False`` for a
            panel opened as the page loads, which should not take the page's first Tab.
    """
    if _state["root"] is not None:
        return _state["root"]
    tracker.install()  # opened on demand in production: count from now on
    tool = open_tool("wasmui-inspector", PANEL_CSS, take_focus=focus)
    root = Root(get_runtime(), tool.container, "inspector", internal=True)
    _state.update(root=root, tool=tool)
    root.render(h(InspectorPanel))
    if focus:
        tool.focus(".panel")
    return root


def close() -> None:
    """Closes the panel and releases everything it holds; focus goes back to where it was
    before the panel took it, if it is still in the panel (Escape, the close button)."""
    root, tool = _state["root"], _state["tool"]
    if root is None:
        return
    _state.update(root=None, tool=None)
    tool.remove()  # first, while the focus is still in the panel's nodes (the unmount removes them)
    root.unmount()


def toggle() -> None:
    close() if is_open() else open()


def from_page(action: str) -> str:
    """Worker mode's inspector requests, from the page's shortcut, ``?wasmui-inspect`` and
    ``window.wasmui.report()``: ``"toggle"``, ``"open"`` (without taking the focus, as at
    the page's load) or ``"report"`` (the report as JSON, what the main thread's
    ``window.wasmui.report()`` parses). Returns ``""`` but for the report."""
    if action == "report":
        return json.dumps(inspector.report(), default=str)
    if action == "toggle":
        toggle()
    elif action == "open":
        open(focus=False)
    else:
        raise ValueError(f"inspector request: expected 'toggle', 'open' or 'report', got {action!r}")
    return ""


def install() -> None:
    """The always-on part: the Ctrl+Shift+L listener, ``window.wasmui.report()``, and
    opening at once for ``?wasmui-inspect``. Idempotent."""
    if _state["scope"] is not None:
        return
    scope = Scope("wasmui inspector", internal=True)
    _state["scope"] = scope
    window = _ffi.js_global("window")

    def on_key(event: Any) -> None:
        if event.ctrlKey and event.shiftKey and str(event.key).lower() == "l":
            event.preventDefault()
            toggle()

    scope.listen(window, "keydown", on_key)
    _expose_report(scope, lambda: json.dumps(inspector.report(), default=str))
    if _ffi.js_global("URLSearchParams").new(_ffi.js_global("location").search).has("wasmui-inspect"):
        document = _ffi.js_global("document")

        def open_with_the_page() -> None:
            open(focus=False)  # the page's first Tab stays the page's

        if _ffi.is_nullish(document.body):
            scope.listen(document, "DOMContentLoaded", open_with_the_page, once=True)
        else:
            open_with_the_page()


def _expose_report(scope: Scope, produce_json: Any) -> None:
    """``window.wasmui.report()`` for selenium, Playwright or a CI script."""
    window = _ffi.js_global("window")
    namespace = getattr(window, "wasmui", None)
    if _ffi.is_nullish(namespace):
        namespace = _ffi.js_global("Object").new()
        window.wasmui = namespace
    _ffi.applier_module().exposeReport(namespace, scope.create_proxy(produce_json))


PANEL_CSS = """
:host { all: initial; }
.panel { position: fixed; right: 12px; bottom: 12px; width: min(560px, calc(100vw - 24px)); max-height: min(70vh, 640px);
  display: flex; flex-direction: column; background: #101522; color: #e6e9f0; border-radius: 10px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(0,0,0,.35); font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; z-index: 2147483647; }
.panel.has-zombies { outline: 2px solid #f97066; }
header { display: flex; align-items: center; gap: 10px; padding: 8px 12px; background: #1a2133; }
header strong { font: 600 13px system-ui, sans-serif; letter-spacing: .02em; }
.hint { color: #8a93a6; font-size: 11px; }
.close { margin-left: auto; background: none; border: 0; color: #c3c9d6; font-size: 18px; cursor: pointer; line-height: 1; }
:focus-visible { outline: 2px solid #9ecbff; outline-offset: 1px; }
.panel:focus-visible { outline-offset: -2px; }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 1px; background: #232b3f; }
.metric { background: #141a29; padding: 6px 10px; display: flex; flex-direction: column; }
.metric b { font-size: 16px; color: #fff; }
.metric span { color: #8a93a6; font-size: 11px; }
.metric.bad b { color: #f97066; }
nav { display: flex; gap: 2px; padding: 6px 8px 0; background: #141a29; border-bottom: 1px solid #232b3f; }
.tab { background: none; border: 0; color: #8a93a6; padding: 6px 10px; cursor: pointer; border-radius: 6px 6px 0 0; font: inherit; }
.tab.active { background: #101522; color: #fff; }
.body { overflow: auto; padding: 8px 12px 12px; }
ul, ol { margin: 0; padding: 0; list-style: none; }
.tree li { display: flex; flex-wrap: wrap; gap: 8px; padding: 3px 6px; border-bottom: 1px solid #1b2234; }
.name { color: #9ecbff; } .id { color: #8a93a6; } .count { color: #d4b86a; }
.data { flex-basis: 100%; color: #8a93a6; white-space: pre-wrap; word-break: break-all; }
.zombie { padding: 6px 0; border-bottom: 1px solid #232b3f; color: #f97066; }
.path { list-style: decimal; padding-left: 22px; color: #e6e9f0; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; color: #8a93a6; font-weight: normal; }
td, th { padding: 3px 6px; border-bottom: 1px solid #1b2234; vertical-align: top; word-break: break-all; }
.orphan td { color: #f97066; } .bad { color: #f97066; }
.site { color: #8a93a6; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
figure { margin: 0; background: #141a29; border-radius: 6px; padding: 6px 8px; }
figcaption { display: flex; justify-content: space-between; color: #8a93a6; font-size: 11px; }
figcaption b { color: #fff; }
.spark { width: 100%; height: 40px; }
.spark polyline { fill: none; stroke: #9ecbff; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
.action { background: #3056d3; color: #fff; border: 0; border-radius: 6px; padding: 6px 12px; cursor: pointer; font: inherit; margin-bottom: 8px; }
.empty { color: #8a93a6; }
.group { background: none; border: 0; padding: 0; cursor: pointer; font: inherit; }
.filter { width: 100%; margin-bottom: 6px; background: #141a29; color: #e6e9f0; border: 1px solid #232b3f; border-radius: 6px; padding: 4px 8px; font: inherit; }
.instances { flex-basis: 100%; padding-left: 14px; }
.pager { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.pager button { background: #232b3f; color: #e6e9f0; border: 0; border-radius: 4px; cursor: pointer; }
.suspect td { color: #f97066; }
"""
