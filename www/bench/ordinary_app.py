"""The js-framework-benchmark "keyed" app, written as the README teaches components.

No ``ListStore``, ``Selector``, ``MappedList`` or ``@template``: the app is a class
component whose state holds the rows (immutable ``(id, label)`` tuples) and the
selected id; every button sets new state, and each row is one keyed ``@component``
function receiving ``item``, ``selected`` and two handlers. This is how most apps
are written, so it is the benchmark of the framework's ordinary path: the app
re-renders on every operation and a row whose props are unchanged is skipped by
the reconciler's props comparison (as Preact's rows skip with
``shouldComponentUpdate``).
"""

import random

from wasmui import Component, component, h, html, mount

from bench_app import ADJECTIVES, COLOURS, NOUNS


@component
def Row(item, selected, on_select, on_remove):
    row_id, label = item
    return html.tr(
        html.td(row_id, class_="col-md-1"),
        html.td(html.a(label, on_click=lambda event: on_select(row_id)), class_="col-md-4"),
        html.td(
            html.a(html.span(class_="glyphicon glyphicon-remove", aria_hidden="true"),
                   on_click=lambda event: on_remove(row_id)),
            class_="col-md-1",
        ),
        html.td(class_="col-md-6"),
        class_="danger" if selected else None,
    )


@component
def Button(id, title, on_click):  # noqa: A002 - the element's id
    return html.div(html.button(title, id=id, type="button", class_="btn btn-primary btn-block", on_click=on_click),
                    class_="col-sm-6 smallpad")


class App(Component):
    def on_init(self):
        self.state = {"rows": [], "selected": 0}
        self.next_id = 1
        self.random = random.Random(7)

    def build(self, count):
        rand = self.random.random  # as vanilla.js picks

        def pick(words):
            return words[round(rand() * 1000) % len(words)]

        start = self.next_id
        self.next_id += count
        return [(start + i, f"{pick(ADJECTIVES)} {pick(COLOURS)} {pick(NOUNS)}") for i in range(count)]

    def run(self, event):
        self.set_state(rows=self.build(1000), selected=0)

    def run_lots(self, event):
        self.set_state(rows=self.build(10000), selected=0)

    def add(self, event):
        self.set_state(rows=self.state["rows"] + self.build(1000))

    def update(self, event):
        rows = list(self.state["rows"])
        for i in range(0, len(rows), 10):
            row_id, label = rows[i]
            rows[i] = (row_id, label + " !!!")
        self.set_state(rows=rows)

    def clear(self, event):
        self.set_state(rows=[], selected=0)

    def swap_rows(self, event):
        rows = list(self.state["rows"])
        if len(rows) > 998:
            rows[1], rows[998] = rows[998], rows[1]
        self.set_state(rows=rows)

    def select(self, row_id):
        self.set_state(selected=row_id)

    def remove(self, row_id):
        self.set_state(rows=[row for row in self.state["rows"] if row[0] != row_id])

    def render(self):
        rows, selected = self.state["rows"], self.state["selected"]
        buttons = [("run", "Create 1,000 rows", self.run), ("runlots", "Create 10,000 rows", self.run_lots),
                   ("add", "Append 1,000 rows", self.add), ("update", "Update every 10th row", self.update),
                   ("clear", "Clear", self.clear), ("swaprows", "Swap Rows", self.swap_rows)]  # fmt: skip
        return html.div(
            html.div(
                html.div(html.h1("wasmui keyed, ordinary components"), class_="col-md-6"),
                html.div([h(Button, {"key": bid, "id": bid, "title": title, "on_click": fn}) for bid, title, fn in buttons],
                         class_="col-md-6 row"),
                class_="jumbotron row",
            ),
            html.table(
                html.tbody([h(Row, {"key": item[0], "item": item, "selected": item[0] == selected,
                                    "on_select": self.select, "on_remove": self.remove}) for item in rows],
                           id="tbody"),
                class_="table table-hover table-striped test-data",
            ),
            html.span(class_="preloadicon glyphicon glyphicon-remove", aria_hidden="true"),
            class_="container",
        )


def main(target="#main"):
    return mount(App, target)
