"""Counter: state, events and a re-render that touches only the changed text."""

from wasmui import Component, html


class Counter(Component):
    def on_init(self):
        self.state = {"count": self.props.get("start", 0)}

    def change(self, delta):
        self.set_state(count=self.state["count"] + delta)

    def render(self):
        count = self.state["count"]
        return html.div(
            html.button("−", on_click=lambda: self.change(-1), aria_label="decrement"),
            html.output(str(count), class_=["count", count < 0 and "negative"], data_testid="count"),
            html.button("+", on_click=lambda: self.change(+1), aria_label="increment"),
            html.button("Reset", on_click=lambda: self.set_state(count=0), disabled=count == 0, class_="ghost"),
            class_="counter",
        )
