"""The worker-mode page's app (www/worker.html): a counter, a field Python reads and
renders back, a form whose submit the page stops (``prevent_default``), and a button that
keeps Python busy for three seconds while the page stays responsive."""

import time

from wasmui import Component, html

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
