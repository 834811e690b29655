"""The gallery shell: pick an example, mount or unmount it, stress it, watch the numbers.

Each example is mounted as a root of its own into the stage, so unmounting it is
exactly what a page does when a widget goes away; the live numbers come from the
leak inspector's summary and should come back to the same values every time.

The same code runs on the page and in worker mode (gallery-worker.html): the inspector
counts what Python holds wherever it runs, and the page's DOM nodes, which a worker
cannot count, are read from the page with ``dom.read``.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

from wasmui import Component, dom, html, inspector, mount

EXAMPLES = [
    ("counter", "Counter", "examples.counter:Counter", "State, events, minimal re-renders."),
    ("todo", "Todo list", "examples.todo:TodoApp", "Keyed list, focus and caret kept, filters, localStorage."),
    ("clock", "Clock & stopwatch", "examples.clock:ClockAndStopwatch", "Timers owned by the component's scope."),
    ("chart", "Live chart", "examples.chart:LiveChart", "A new image every 250 ms; a bounded cache revokes old URLs."),
    ("dialog", "Dialog & popup", "examples.dialog:DialogDemo", "Listeners on document and window, gone with the component."),
    ("loading", "Data loading", "examples.loading:DataLoader", "A fetch with a loading state, cancelled on unmount."),
    ("table", "Big table", "examples.table:BigTable", "10,000 rows: windowed rendering, paging, sorting."),
    ("contacts", "Contacts app", "examples.contacts:ContactsApp", "Views with a router, hooks, a validated form."),
    ("modal", "Modal in a portal", "examples.modal:ModalDemo", "A portal escapes overflow; focus in, Escape, focus back."),
    ("resource", "Async data", "examples.resource:ResourceDemo", "use_resource: loading, error, retry, no stale result."),
]
IN_BROWSER = sys.platform == "emscripten"
METRICS = [("mounted", "components"), ("proxies", "proxies"), ("listeners", "listeners"), ("timers", "timers"),
           ("object_urls", "object URLs"), ("dom_nodes", "DOM nodes"), ("pyodide_proxies", "Pyodide proxies")]  # fmt: skip


def install_examples(sources):
    """Writes the examples beside this module, from the sources the page fetched (it shows
    them anyway), so that they import as a package: in a worker, Python reads none of the
    page's files. Under CPython (the build's pre-render) they import from www/ already."""
    if importlib.util.find_spec("examples") is not None:
        return
    package = Path(__file__).parent / "examples"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text('"""The gallery examples."""\n')
    for name, text in sources.items():
        (package / f"{name}.py").write_text(text)
    importlib.invalidate_caches()


def component_class(spec):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


class Gallery(Component):
    def on_init(self):
        self.state = {"selected": self.props.get("selected", "counter"), "mounted": False, "report": {}, "note": ""}
        install_examples(self.props["sources"])
        self.stage = None
        self.example_root = None

    def on_mount(self):
        self.scope.on_cleanup(self.unmount_example)
        self.mount_example()
        self.scope.set_interval(self.refresh, 1000)

    async def numbers(self):
        """The inspector's summary; in a worker, with the page's DOM node count read from the
        page (answered after every commit posted before it, so it counts them)."""
        report = inspector.summary()
        if self.page_counts(report):
            # document.all: every element, as the inspector's querySelectorAll("*") counts them, and a count is a plain value
            report["dom_nodes"] = await dom.read(self.stage, "ownerDocument.all.length")
        return report

    def page_counts(self, report):
        """Whether the page must count its DOM nodes (in a worker: no document there)."""
        return report["dom_nodes"] is None and IN_BROWSER and self.stage is not None

    def set_stage(self, element):
        self.stage = element

    def example(self):
        return next(e for e in EXAMPLES if e[0] == self.state["selected"])

    def mount_example(self):
        if self.example_root is None and self.stage is not None:
            self.example_root = mount(component_class(self.example()[2]), self.stage)
        self.set_state(mounted=True)
        self.refresh()

    def unmount_example(self):
        if self.example_root is not None:
            self.example_root.unmount()
            self.example_root = None
        if self.mounted:
            self.set_state(mounted=False)
            self.refresh()

    def select(self, name):
        self.unmount_example()
        self.set_state(selected=name, note="")
        self.mount_example()

    async def stress(self):
        """1,000 mount/unmount cycles of the selected example, then mounted again."""
        self.unmount_example()
        before = await self.numbers()
        component = component_class(self.example()[2])
        for _ in range(1000):
            mount(component, self.stage).unmount()
        self.mount_example()
        self.unmount_example()
        after = await self.numbers()
        same = all(before[k] == after[k] for k in ("proxies", "listeners", "timers", "object_urls", "dom_nodes"))
        self.set_state(note=f"1,000 cycles: {'nothing left behind' if same else 'numbers changed!'}")
        self.mount_example()

    def refresh(self):
        report = inspector.summary()
        if self.page_counts(report):
            self.scope.create_task(self.show_numbers())
        else:  # at once: no task whose pending callback the inspector would count for a moment
            self.set_state(report=report)

    async def show_numbers(self):
        self.set_state(report=await self.numbers())

    def render(self):
        key, title, spec, blurb = self.example()
        report = self.state["report"]
        mounted = self.state["mounted"]
        return html.div(
            html.nav(
                [html.button(t, key=k, class_=["example", k == key and "active"], data_example=k,
                             on_click=lambda e, k=k: self.select(k)) for k, t, _, _ in EXAMPLES],
                class_="examples", aria_label="examples",
            ),
            html.section(
                html.header(
                    html.div(html.h2(title), html.p(blurb, class_="muted")),
                    html.div(
                        html.button("Unmount" if mounted else "Mount", id="toggle-mount",
                                    on_click=self.unmount_example if mounted else self.mount_example),
                        html.button("Stress ×1,000", id="stress", class_="ghost", on_click=lambda: self.scope.create_task(self.stress())),
                        html.span(self.state["note"], class_="note", data_testid="note"),
                        class_="toolbar",
                    ),
                ),
                html.dl(
                    [html.div(html.dt(label), html.dd(str(report.get(k, "–")), data_metric=k), key=k) for k, label in METRICS],
                    class_="live-metrics", aria_label="live numbers from the leak inspector",
                ),
                html.div(
                    html.div(ref=self.set_stage, id="example", class_="stage", data_example_stage=key),
                    # a scrollable region the keyboard must reach: focusable, and named for a screen reader (#25)
                    html.pre(html.code(self.props["sources"].get(key, "")), class_="source", tabindex="0", role="region",
                             aria_label=f"{title} source"),
                    class_="split",
                ),
                class_="showcase",
            ),
            class_="gallery",
        )
