"""The js-framework-benchmark "keyed" app, written with wasmui.

Rows are immutable ``(id, label)`` tuples in a :class:`~wasmui.ListStore`: each
button changes the store by an operation (``replace``, ``extend``, ``rows[i] =``,
``swap``, ``remove``, ``clear``) and the store applies just that to the table's
rows, so the app component never re-renders and an operation on one row costs one
row. A row is a template instance, cloned from one prototype and patched by its
values, with no component of its own (as Solid's rows): the store makes it from its
item. The selection is a :class:`~wasmui.Selector` that rows read while they are
made: selecting makes the two rows whose answer changed again. The buttons are a
component with props that never change, so they render once.
"""

import random

from wasmui import Component, ListStore, Selector, h, html, mount, template

ADJECTIVES = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint", "clean",
              "elegant", "easy", "angry", "crazy", "helpful", "mushy", "odd", "unsightly", "adorable", "important",
              "inexpensive", "cheap", "expensive", "fancy"]  # fmt: skip
COLOURS = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black", "orange"]
NOUNS = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger", "pizza", "mouse", "keyboard"]


@template
def row_view(row_id, label, row_class, on_select, on_remove):
    return html.tr(
        html.td(row_id, class_="col-md-1"),
        html.td(html.a(label, on_click=on_select), class_="col-md-4"),
        html.td(
            html.a(html.span(class_="glyphicon glyphicon-remove", aria_hidden="true"), on_click=on_remove),
            class_="col-md-1",
        ),
        html.td(class_="col-md-6"),
        class_=row_class,
    )


class Buttons(Component):
    def render(self):
        app = self.props["app"]
        buttons = [("run", "Create 1,000 rows", app.run), ("runlots", "Create 10,000 rows", app.run_lots),
                   ("add", "Append 1,000 rows", app.add), ("update", "Update every 10th row", app.update),
                   ("clear", "Clear", app.clear), ("swaprows", "Swap Rows", app.swap_rows)]  # fmt: skip
        return html.div(
            html.div(html.h1("wasmui keyed"), class_="col-md-6"),
            html.div(
                [html.div(html.button(text, id=bid, type="button", class_="btn btn-primary btn-block", on_click=fn),
                          class_="col-sm-6 smallpad", key=bid) for bid, text, fn in buttons],
                class_="col-md-6 row",
            ),
            class_="jumbotron row",
        )


class App(Component):
    def on_init(self):
        self.next_id = 1
        self.random = random.Random(7)
        self.selected = Selector(0)
        self.rows = ListStore(self.make_row)

    def make_row(self, row):
        row_id, label = row
        selected = self.selected.is_selected(row_id)  # this row is made again when the answer changes
        return row_view(row_id, label, "danger" if selected else None,
                        lambda event: self.selected.set(row_id), lambda event: self.rows.remove(row))  # fmt: skip

    def build(self, count):
        # as vanilla.js picks: random.choice is pure Python, ~3x slower than this
        rand = self.random.random

        def pick(words):
            return words[round(rand() * 1000) % len(words)]

        start = self.next_id
        self.next_id += count
        return [(start + i, f"{pick(ADJECTIVES)} {pick(COLOURS)} {pick(NOUNS)}") for i in range(count)]

    def run(self, event=None):
        self.selected.set(0)
        self.rows.replace(self.build(1000))

    def run_lots(self, event=None):
        self.selected.set(0)
        self.rows.replace(self.build(10000))

    def add(self, event=None):
        self.rows.extend(self.build(1000))

    def update(self, event=None):
        rows = self.rows
        for i in range(0, len(rows), 10):
            row = rows[i]
            rows[i] = (row[0], row[1] + " !!!")

    def clear(self, event=None):
        self.selected.set(0)
        self.rows.clear()

    def swap_rows(self, event=None):
        if len(self.rows) > 998:
            self.rows.swap(1, 998)

    def render(self):
        return html.div(
            h(Buttons, {"app": self}),
            html.table(html.tbody(self.rows.nodes(), id="tbody"),
                class_="table table-hover table-striped test-data",
            ),
            html.span(class_="preloadicon glyphicon glyphicon-remove", aria_hidden="true"),
            class_="container",
        )


def main(target="#main"):
    return mount(App, target)
