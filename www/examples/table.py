"""A big table: 10,000 rows, windowed rendering (only the visible rows exist), paging and
sorting; each row is a template instance (cloned from one prototype, patched by its values)."""

import random

from wasmui import Component, html, template

ROW_HEIGHT = 32
VISIBLE = 15
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Tim", "Frances", "John"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Perlman", "Berners-Lee"]


def make_rows(count):
    rng = random.Random(42)
    return [{"id": i + 1, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "score": rng.randint(0, 1000),
             "city": rng.choice(["Oslo", "Lima", "Pune", "Kyoto", "Accra", "Quito"])} for i in range(count)]  # fmt: skip


@template
def table_row(row_id, name, score, city):
    return html.tr(html.td(row_id), html.td(name), html.td(score), html.td(city))


class BigTable(Component):
    def on_init(self):
        self.rows = make_rows(self.props.get("count", 10_000))
        self.state = {"top": 0, "sort": "id", "descending": False}
        self.viewport = None

    def set_viewport(self, element):
        self.viewport = element

    def sorted_rows(self):
        key = self.state["sort"]
        return sorted(self.rows, key=lambda r: r[key], reverse=self.state["descending"])

    def sort_by(self, key):
        descending = not self.state["descending"] if self.state["sort"] == key else False
        self.set_state(sort=key, descending=descending)

    def on_scroll(self, event):
        self.set_state(top=int(event.target.scrollTop) // ROW_HEIGHT)

    def page(self, delta):
        if self.viewport is not None:
            self.viewport.scrollTop = max(0, (self.state["top"] + delta * VISIBLE) * ROW_HEIGHT)

    def header(self, key, label):
        arrow = ("▼" if self.state["descending"] else "▲") if self.state["sort"] == key else ""
        return html.th(html.button(f"{label} {arrow}".strip(), class_="ghost", on_click=lambda: self.sort_by(key)), key=key)

    def render(self):
        rows = self.sorted_rows()
        top = min(self.state["top"], max(0, len(rows) - VISIBLE))
        window = rows[top : top + VISIBLE + 2]
        return html.div(
            html.div(
                html.button("◀ Previous", on_click=lambda: self.page(-1)),
                html.span(f"rows {top + 1}–{min(top + VISIBLE, len(rows))} of {len(rows):,}", data_testid="range"),
                html.button("Next ▶", on_click=lambda: self.page(+1)),
                class_="row",
            ),
            html.table(html.thead(html.tr(self.header("id", "#"), self.header("name", "Name"),
                                          self.header("score", "Score"), self.header("city", "City")))),
            html.div(
                html.div(
                    html.table(
                        html.tbody([table_row(r["id"], r["name"], r["score"], r["city"], key=r["id"]) for r in window]),
                        style={"transform": f"translateY({top * ROW_HEIGHT}px)"},
                    ),
                    style={"height": f"{len(rows) * ROW_HEIGHT}px"},
                    class_="spacer",
                ),
                class_="viewport",
                tabindex="0",  # it scrolls: the arrow keys and Page Down scroll it once it has focus (#25)
                role="region",
                aria_label="rows",
                style={"height": f"{VISIBLE * ROW_HEIGHT}px"},
                on_scroll=self.on_scroll,
                ref=self.set_viewport,
                data_testid="viewport",
            ),
            class_="big-table",
        )
