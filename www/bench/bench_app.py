"""The js-framework-benchmark "keyed" app, written with wasmui.

Rows are immutable ``(id, label)`` tuples; ``Row`` components skip re-rendering
when their props are unchanged, so a partial update or a selection re-renders
only the rows that changed (the others cost one props comparison each). A row's
markup is a template: cloned from one prototype, patched by its four values.
"""

import random

from wasmui import Component, h, html, mount, template

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


class Row(Component):
    def select(self, event):
        self.props["app"].select(self.props["id"])

    def remove(self, event):
        self.props["app"].remove(self.props["id"])

    def render(self):
        props = self.props
        return row_view(props["id"], props["label"], "danger" if props["selected"] else None, self.select, self.remove)


class App(Component):
    def on_init(self):
        self.state = {"rows": [], "selected": 0}
        self.next_id = 1
        self.random = random.Random(7)
        # row id -> (row, selected, vnode): an unchanged row reuses its node object, and
        # the reconciler skips a node it has already committed (Preact's "same vnode")
        self.row_nodes = {}

    def build(self, count):
        # as vanilla.js picks: random.choice is pure Python, ~3x slower than this
        rand = self.random.random

        def pick(words):
            return words[round(rand() * 1000) % len(words)]

        start = self.next_id
        self.next_id += count
        return [(start + i, f"{pick(ADJECTIVES)} {pick(COLOURS)} {pick(NOUNS)}") for i in range(count)]

    def run(self, event=None):
        self.set_state(rows=self.build(1000), selected=0)

    def run_lots(self, event=None):
        self.set_state(rows=self.build(10000), selected=0)

    def add(self, event=None):
        self.set_state(rows=self.state["rows"] + self.build(1000))

    def update(self, event=None):
        rows = list(self.state["rows"])
        for i in range(0, len(rows), 10):
            rows[i] = (rows[i][0], rows[i][1] + " !!!")
        self.set_state(rows=rows)

    def clear(self, event=None):
        self.set_state(rows=[], selected=0)

    def swap_rows(self, event=None):
        rows = self.state["rows"]
        if len(rows) > 998:
            rows = list(rows)
            rows[1], rows[998] = rows[998], rows[1]
            self.set_state(rows=rows)

    def select(self, row_id):
        self.set_state(selected=row_id)

    def remove(self, row_id):
        self.set_state(rows=[row for row in self.state["rows"] if row[0] != row_id])

    def row_vnodes(self, selected):
        cache, fresh = self.row_nodes, {}
        out = []
        for row in self.state["rows"]:
            row_id = row[0]
            is_selected = row_id == selected
            cached = cache.get(row_id)
            if cached is not None and cached[0] is row and cached[1] == is_selected:
                node = cached[2]
            else:
                node = h(Row, {"key": row_id, "id": row_id, "label": row[1], "selected": is_selected, "app": self})
            fresh[row_id] = (row, is_selected, node)
            out.append(node)
        self.row_nodes = fresh
        return out

    def render(self):
        selected = self.state["selected"]
        buttons = [("run", "Create 1,000 rows", self.run), ("runlots", "Create 10,000 rows", self.run_lots),
                   ("add", "Append 1,000 rows", self.add), ("update", "Update every 10th row", self.update),
                   ("clear", "Clear", self.clear), ("swaprows", "Swap Rows", self.swap_rows)]  # fmt: skip
        return html.div(
            html.div(
                html.div(html.h1("wasmui keyed"), class_="col-md-6"),
                html.div(
                    [html.div(html.button(text, id=bid, type="button", class_="btn btn-primary btn-block", on_click=fn),
                              class_="col-sm-6 smallpad", key=bid) for bid, text, fn in buttons],
                    class_="col-md-6 row",
                ),
                class_="jumbotron row",
            ),
            html.table(html.tbody(self.row_vnodes(selected), id="tbody"),
                class_="table table-hover table-striped test-data",
            ),
            html.span(class_="preloadicon glyphicon glyphicon-remove", aria_hidden="true"),
            class_="container",
        )


def main(target="#main"):
    return mount(App, target)
