"""Clock and stopwatch: timers owned by the component's scope, gone when it unmounts."""

import time

from wasmui import Component, html


class Clock(Component):
    prerender = False  # the time at build time would be wrong: pre-rendered as its placeholder

    def placeholder(self):
        return html.time("--:--:--", class_="clock", data_testid="clock")

    def on_init(self):
        self.state = {"now": time.strftime("%H:%M:%S")}

    def on_mount(self):
        self.scope.set_interval(lambda: self.set_state(now=time.strftime("%H:%M:%S")), 1000)

    def render(self):
        return html.time(self.state["now"], class_="clock", data_testid="clock")


class Stopwatch(Component):
    def on_init(self):
        self.state = {"elapsed": 0.0, "running": False}
        self.started = 0.0
        self.ticker = None

    def start(self):
        self.started = time.monotonic() - self.state["elapsed"]
        self.ticker = self.scope.set_interval(self.tick, 31)
        self.set_state(running=True)

    def stop(self):
        self.scope.release(self.ticker)  # stop now; closing the scope would too
        self.set_state(running=False)

    def tick(self):
        self.set_state(elapsed=time.monotonic() - self.started)

    def render(self):
        running = self.state["running"]
        return html.div(
            html.output(f"{self.state['elapsed']:6.2f} s", class_="count", data_testid="elapsed"),
            html.button("Stop" if running else "Start", on_click=self.stop if running else self.start),
            html.button("Reset", class_="ghost", disabled=running, on_click=lambda: self.set_state(elapsed=0.0)),
            class_="counter",
        )


class ClockAndStopwatch(Component):
    def render(self):
        from wasmui import h

        return html.div(html.h3("Clock"), h(Clock), html.h3("Stopwatch"), h(Stopwatch), class_="stack")
