"""The inspector demo: a deliberately leaky counter beside its fixed twin.

Unmount the leaky one and the inspector shows it as a zombie, with the chain that
keeps it alive (the module-level ``HANDLERS`` list) and the interval no scope
owns. Unmount the fixed one and nothing is left.
"""

import js
from pyodide.ffi import create_proxy

from wasmui import Component, h, html, mount

HANDLERS = []  # a module-level registry of callbacks: the classic slow leak


class LeakyCounter(Component):
    """Counts up every second, the way that leaks."""

    def on_init(self):
        self.state = {"count": 0}

    def on_mount(self):
        HANDLERS.append(self.increment)  # leak 1: kept forever, and the component with it
        self.timer = js.setInterval(create_proxy(self.tick), 1000)  # leak 2: no scope, never cleared

    def tick(self):
        self.set_state(count=self.state["count"] + 1)

    def increment(self, event=None):
        self.set_state(count=self.state["count"] + 1)

    def render(self):
        return html.div(
            html.p(str(self.state["count"]), class_="count", data_testid="leaky-count"),
            html.button("+1", on_click=self.increment),
            class_="counter",
        )


class FixedCounter(Component):
    """The same counter, written the wasmui way: the scope owns the interval."""

    def on_init(self):
        self.state = {"count": 0}

    def on_mount(self):
        self.scope.set_interval(self.tick, 1000)

    def tick(self):
        self.set_state(count=self.state["count"] + 1)

    def render(self):
        return html.div(
            html.p(str(self.state["count"]), class_="count", data_testid="fixed-count"),
            html.button("+1", on_click=self.tick),
            class_="counter",
        )


class LeakDemo(Component):
    """Both counters, each with a button that mounts or unmounts it."""

    def on_init(self):
        self.state = {"leaky": True, "fixed": True}

    def column(self, name, title, component):
        shown = self.state[name]
        return html.article(
            html.h2(title),
            h(component) if shown else html.p("unmounted", class_="muted"),
            html.button("Unmount" if shown else "Mount", id=f"toggle-{name}",
                        on_click=lambda: self.set_state(**{name: not shown})),
            class_=["demo-card", name],
        )

    def render(self):
        return html.div(
            self.column("leaky", "Leaky counter", LeakyCounter),
            self.column("fixed", "Fixed twin", FixedCounter),
            class_="columns",
        )


def main(target="#demo"):
    return mount(LeakDemo, target)
