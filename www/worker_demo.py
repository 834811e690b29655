"""The worker-mode page's app (www/worker.html): a counter, a field Python reads and
renders back, a form whose submit the page stops (``prevent_default``), and a button that
keeps Python busy for three seconds while the page stays responsive. :class:`Reads`
measures, focuses, selects and scrolls through :mod:`wasmui.dom`, the same code in
worker and main-thread mode (tests/browser/test_worker.py mounts it in both).
:class:`ReadsNow` does the same synchronously (``dom.read_now``): in worker mode only on
a cross-origin isolated page (``worker.html?isolated`` in the tests).
:class:`Shortcuts` listens on the page's window and document (``wasmui.dom.window``,
``dom.document``): the page holds those listeners for the worker. :class:`Routed` is a
router whose history is the page's: a link changes the address without a page load, and
the browser's back returns to the first view. :class:`EveryKind` makes one resource of
every kind a scope owns and shows each working; unmounting it releases them all.
:class:`Broken` fails to render, for the error overlay. :class:`AsyncFocus` has an ``async
def`` handler."""

import json
import time

import js
from pyodide.ffi import to_js

from wasmui import Component, component, dom, flush, html
from wasmui.hooks import Ref
from wasmui.router import Link, Route, Router

BUSY_SECONDS = 3.0


def busy(seconds):
    """Pure Python work for ``seconds``: a loop of arithmetic, no sleeping."""
    end = time.perf_counter() + seconds
    rounds = 0
    while time.perf_counter() < end:
        rounds += sum(i * i for i in range(1000)) & 1
    return rounds


class WorkerDemo(Component):
    def on_init(self):
        self.state = {"count": 0, "text": "", "submitted": 0, "busy_ms": None, "ticks": 0}

    def on_mount(self):
        # a timer owned by the component's scope, in the worker: released at unmount
        self.scope.set_interval(lambda: self.set_state(ticks=self.state["ticks"] + 1), 200)

    def compute(self):
        start = time.perf_counter()
        busy(BUSY_SECONDS)
        self.set_state(busy_ms=round((time.perf_counter() - start) * 1000))

    def submit(self, event):
        self.set_state(submitted=self.state["submitted"] + 1, text=self.state["text"].strip())

    def render(self):
        state = self.state
        return html.div(
            html.p(
                html.button("Clicked ", html.span(str(state["count"]), id="count"), " times", id="increment",
                            on_click=lambda: self.set_state(count=state["count"] + 1)),
            ),
            html.form(
                html.label("Your name ", html.input(id="name", value=state["text"], autocomplete="off",
                                                    on_input=lambda event: self.set_state(text=event.target.value))),
                html.button("Save", type="submit", id="save"),
                on_submit=self.submit, prevent_default="submit", id="form",
            ),
            html.p("Hello, ", html.output(state["text"], id="echo"), f" (saved {state['submitted']} times)", id="saved"),
            html.p(
                html.button("Compute for 3 s", id="compute", on_click=self.compute),
                " ", html.output("" if state["busy_ms"] is None else f"busy for {state['busy_ms']} ms", id="busy"),
            ),
            html.p("Timer ticks in the worker: ", html.output(str(state["ticks"]), id="ticks")),
            class_="worker-demo",
        )


class AsyncFocus(Component):
    """An ``async def`` handler: it awaits the page's focus on its field (``dom.call``), then
    says so; wasmui runs it as a task of the component."""

    def on_init(self):
        self.field = Ref()
        self.state = {"done": False}

    async def focus_field(self):
        await dom.call(self.field, "focus")
        self.set_state(done=True)

    def render(self):
        return html.div(
            html.input(ref=self.field, id="async-field", aria_label="a field the button focuses"),
            html.button("Focus the field", id="async-focus", on_click=self.focus_field),
            html.output("focused" if self.state["done"] else "", id="async-done"),
        )


class Broken(Component):
    """A render that fails until its ``fixed`` prop says otherwise: the development overlay,
    which the worker draws on the page, lists the error until the render succeeds."""

    def render(self):
        if not self.props.get("fixed"):
            raise ValueError("broken on purpose")
        return html.p("fixed", id="fixed")


class Reads(Component):
    """DOM reads and calls, each awaited (one message round trip in worker mode): a width
    set by CSS, focus, a selection, a scroll, and the errors for removed and unmounted
    elements and a misspelt property. The results are rendered as JSON into ``#reads``."""

    def on_init(self):
        self.box, self.field, self.scroller, self.doomed, self.hidden = Ref(), Ref(), Ref(), Ref(), Ref()
        self.state = {"results": None, "shown": True}

    async def measure(self):
        results = {"width": await dom.read(self.box, "offsetWidth"),
                   "rect": await dom.call(self.box, "getBoundingClientRect")}  # fmt: skip
        await dom.call(self.field, "focus")
        await dom.call(self.field, "setSelectionRange", 2, 5)
        results["selection"] = [await dom.read(self.field, "selectionStart"), await dom.read(self.field, "selectionEnd")]
        await dom.call(self.scroller, "scrollTo", 0, 120)
        results["scrollTop"] = await dom.read(self.scroller, "scrollTop")
        await dom.write(self.scroller, "scrollTop", 40)
        results["scrollTop_written"] = await dom.read(self.scroller, "scrollTop")
        results["page"] = await self.page_reads()
        for name, target, path in [("removed", self.doomed, "offsetWidth"), ("invalid", self.box, "offsetWidht")]:
            try:
                await dom.read(target, path)
            except dom.DomError as exc:
                results[name] = f"{type(exc).__name__}: {exc}"
        unmounted = self.hidden.current
        self.set_state(shown=False)
        flush()  # the element is unmounted (and, in worker mode, the page told) before the read
        try:
            await dom.read(unmounted, "offsetWidth")
        except dom.NodeGoneError as exc:
            results["unmounted"] = f"{type(exc).__name__}: {exc}"
        self.set_state(results=results)

    @staticmethod
    async def page_reads():
        """The page's own window and document: its title read and written back, a scroll
        position, a call through a path (``localStorage.setItem``), and a misspelt write."""
        title = await dom.read(dom.document, "title")
        await dom.write(dom.document, "title", "measured")
        page = {"title": title, "title_written": await dom.read(dom.document, "title"),
                "scrollY": await dom.read(dom.window, "scrollY"), "width": await dom.read(dom.window, "innerWidth")}  # fmt: skip
        await dom.write(dom.document, "title", title)
        await dom.write(dom.document, "documentElement.dataset.wasmuiReads", "dark")  # a new dataset key: data-wasmui-reads
        page["data"] = await dom.call(dom.document, "documentElement.getAttribute", "data-wasmui-reads")
        await dom.call(dom.document, "documentElement.removeAttribute", "data-wasmui-reads")
        await dom.call(dom.window, "localStorage.setItem", "wasmui-reads", "kept")
        page["stored"] = await dom.call(dom.window, "localStorage.getItem", "wasmui-reads")
        await dom.call(dom.window, "localStorage.removeItem", "wasmui-reads")
        try:
            await dom.write(dom.document, "titel", "x")
        except dom.DomError as exc:
            page["misspelt"] = f"{type(exc).__name__}: {exc}"
        return page

    def render(self):
        no_box = {"padding": "0", "border": "0", "margin": "0"}
        return html.div(
            html.button("Measure", id="measure", on_click=lambda: self.scope.create_task(self.measure())),
            html.div(id="box", ref=self.box, style={**no_box, "width": "240px", "height": "10px"}),
            html.input(id="field", value="hello world", ref=self.field),
            html.div(html.div(style={"height": "400px"}), id="scroller", ref=self.scroller,
                     style={"height": "60px", "overflow": "auto"}),
            html.p("removed by the page", id="doomed", ref=self.doomed),
            html.p("unmounted by Python", id="hidden", ref=self.hidden) if self.state["shown"] else None,
            html.output("" if self.state["results"] is None else json.dumps(self.state["results"]), id="reads"),
        )


class ReadsNow(Component):
    """The same reads and calls as :class:`Reads`, synchronous (``dom.read_now``,
    ``dom.call_now``) in one plain handler: no task, no ``await``. Where the worker cannot
    wait for the page (a page that is not cross-origin isolated), the handler renders the
    error ``read_now`` raised and the awaited read it falls back to. The Time button
    times ``ROUNDS`` reads each way (each read's round trip, in ms, as the worker sees
    it). The results are rendered as JSON into ``#reads-now`` and ``#read-times``."""

    ROUNDS = 200
    LONG = "é" * 5000  # 10,000 bytes of UTF-8: more than the first buffer holds

    def on_init(self):
        self.box, self.field, self.scroller, self.doomed, self.long = Ref(), Ref(), Ref(), Ref(), Ref()
        self.state = {"results": None, "times": None}

    def measure(self):
        results = {"can": dom.can_read_now()}
        try:
            results["width"] = dom.read_now(self.box, "offsetWidth")
        except dom.DomError as exc:
            results["refused"] = f"{type(exc).__name__}: {exc}"
            self.scope.create_task(self.fall_back(results))
            return
        results["rect"] = dom.call_now(self.box, "getBoundingClientRect")
        dom.call_now(self.field, "focus")
        dom.call_now(self.field, "setSelectionRange", 2, 5)
        results["selection"] = [dom.read_now(self.field, "selectionStart"), dom.read_now(self.field, "selectionEnd")]
        results["scrolled"] = dom.call_now(self.scroller, "scrollTo", 0, 120)
        results["scrollTop"] = dom.read_now(self.scroller, "scrollTop")
        results["long"] = dom.read_now(self.long, "textContent") == self.LONG
        results["long_again"] = dom.read_now(self.long, "textContent") == self.LONG  # the grown buffer, kept
        results["title"] = dom.read_now(dom.document, "title")
        results["inner_width"] = dom.read_now(dom.window, "innerWidth")
        for name, target, path in [("removed", self.doomed, "offsetWidth"), ("invalid", self.box, "offsetWidht")]:
            try:
                dom.read_now(target, path)
            except dom.DomError as exc:
                results[name] = f"{type(exc).__name__}: {exc}"
        self.set_state(results=results)

    async def fall_back(self, results):
        results["width"] = await dom.read(self.box, "offsetWidth")
        self.set_state(results=results)

    async def time_reads(self):
        times = {"await": [], "now": []}
        for _ in range(self.ROUNDS):
            start = time.perf_counter()
            await dom.read(self.box, "offsetWidth")
            times["await"].append((time.perf_counter() - start) * 1000)
        for _ in range(self.ROUNDS if dom.can_read_now() else 0):
            start = time.perf_counter()
            dom.read_now(self.box, "offsetWidth")
            times["now"].append((time.perf_counter() - start) * 1000)
        self.set_state(times=times)

    def render(self):
        no_box = {"padding": "0", "border": "0", "margin": "0"}
        return html.div(
            html.button("Measure now", id="measure-now", on_click=self.measure),
            html.button("Time", id="time-reads", on_click=lambda: self.scope.create_task(self.time_reads())),
            html.div(id="box-now", ref=self.box, style={**no_box, "width": "240px", "height": "10px"}),
            html.input(id="field-now", value="hello world", ref=self.field),
            html.div(html.div(style={"height": "400px"}), id="scroller-now", ref=self.scroller,
                     style={"height": "60px", "overflow": "auto"}),
            html.p("removed by the page", id="doomed-now", ref=self.doomed),
            html.p(self.LONG, ref=self.long, hidden=True),
            html.output("" if self.state["results"] is None else json.dumps(self.state["results"]), id="reads-now"),
            html.output("" if self.state["times"] is None else json.dumps(self.state["times"]), id="read-times"),
        )


class Shortcuts(Component):
    """Keys pressed anywhere on the page (Escape's default stopped: declared, so the page
    decides it at once), and clicks anywhere in the document, with what was clicked."""

    def on_init(self):
        self.state = {"keys": [], "clicks": 0, "clicked": ""}

    def on_mount(self):
        self.scope.listen(dom.window, "keydown", self.key, prevent_default="Escape")
        self.scope.listen(dom.document, "click", self.click)

    def key(self, event):
        self.set_state(keys=[*self.state["keys"], event.key])

    def click(self, event):
        self.set_state(clicks=self.state["clicks"] + 1, clicked=event.target.tagName.lower() if event.target else "")

    def render(self):
        return html.p(
            "Keys: ", html.output(" ".join(self.state["keys"]), id="keys"),
            "; clicks in the document: ", html.output(f"{self.state['clicks']} {self.state['clicked']}".strip(), id="clicks"),
        )  # fmt: skip


@component
def first_view():
    return html.section(html.h2("The first view", id="first-view"),
                        Link("/worker-second?from=first", "To the second view", id="to-second"))  # fmt: skip


@component
def second_view():
    return html.section(html.h2("The second view", id="second-view"), Link("/worker.html", "Back to the first", id="to-first"))


class Routed(Component):
    def render(self):
        return Router([Route("/worker.html", first_view, title="wasmui · worker mode"),
                       Route("/worker-second", second_view, title="The second view · worker mode")])  # fmt: skip


PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8"><rect width="12" height="8" fill="teal"/></svg>'


class EveryKind(Component):
    """One resource of every kind a scope owns (as tests/browser/test_ownership.py's
    component), each shown working in ``#every`` (JSON of what was seen): a proxy and a
    once-callable JS calls, listeners on the page's window and document and on a
    MessageChannel's port, timers, the page's animation frame, an object URL an <img>
    shows, the page's three observers watching ``#every-box``, a fetch (and, given the
    prop ``slow``, one still in flight at unmount) in a task, and a cleanup. The List
    button renders the kinds the component's scope holds."""

    def on_init(self):
        self.box = Ref()
        self.state = {"seen": {}, "kinds": [], "url": None}

    def saw(self, name, value=True):
        self.set_state(seen={**self.state["seen"], name: value})

    def on_mount(self):
        s = self.scope
        self.keep = s.create_proxy(lambda: self.saw("proxy"))
        js.setTimeout(s.create_once_callable(lambda: self.saw("once")), 0)
        js.setTimeout(self.keep, 0)
        s.listen(dom.window, "resize", lambda: self.saw("resize"))
        s.listen(dom.document, "keydown", lambda event: self.saw("keydown", event.key), capture=True)
        s.set_timeout(lambda: self.saw("late timeout"), 60_000)
        s.set_timeout(lambda: self.saw("timeout"), 0)
        s.set_interval(lambda: self.state["seen"].get("interval") or self.saw("interval"), 50)
        s.request_animation_frame(lambda timestamp: self.saw("frame", timestamp > 0))
        s.release(s.request_animation_frame(lambda: self.saw("cancelled frame ran")))  # cancelled at once
        blob = js.Blob.new(to_js([PICTURE]), to_js({"type": "image/svg+xml"}, dict_converter=js.Object.fromEntries))
        self.set_state(url=s.object_url(blob))
        sizes = s.observer(dom.ResizeObserver, lambda entries: self.saw("width", entries[-1].contentRect.width))
        sizes.observe(self.box)
        seen = s.observer(dom.IntersectionObserver, lambda entries: self.saw("intersecting", entries[-1].isIntersecting),
                          {"threshold": [0, 1]})  # fmt: skip
        seen.observe(self.box)
        changes = s.observer(dom.MutationObserver, self.mutated)
        changes.observe(self.box, {"attributes": True, "attributeFilter": ["data-mark"]})
        pipe = self.pipe = js.MessageChannel.new()
        s.listen(pipe.port1, "message", lambda event: self.saw("message", event.data))
        pipe.port1.start()
        s.on_cleanup(pipe.port1.close)
        pipe.port2.postMessage("over the channel")
        s.create_task(self.load())

    def mutated(self, records):
        record = records[-1]
        self.saw("mutation", [record.type, record.attributeName, record.target == self.box.current])

    async def load(self):
        response = await self.scope.fetch("worker_demo.py")
        self.saw("fetch", response.status)
        if self.props.get("slow"):
            await self.scope.fetch(self.props["slow"])
            self.saw("dead code ran")

    def list_kinds(self):
        self.set_state(kinds=sorted({resource.kind for resource in self.scope.resources}))

    def render(self):
        state = self.state
        return html.div(
            html.div(id="every-box", ref=self.box, style={"width": "240px", "height": "20px"}),
            html.img(id="blob-img", src=state["url"], alt="a picture made in Python") if state["url"] else None,
            html.button("List", id="list-kinds", on_click=self.list_kinds),
            html.output(" ".join(state["kinds"]), id="kinds"),
            html.output(json.dumps(state["seen"], sort_keys=True), id="every"),
        )
