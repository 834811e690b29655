"""Todo list: a keyed list, an input that keeps focus and caret, filters, localStorage.

A worker has no ``localStorage`` (it is the page's, and synchronous): in worker mode the
list lives as long as the page, and says so.
"""

import itertools
import json

import js

from wasmui import Component, html

STORAGE_KEY = "wasmui-todos"
STORAGE = getattr(js, "localStorage", None)  # None in a worker
FILTERS = {"All": lambda t: True, "Active": lambda t: not t["done"], "Done": lambda t: t["done"]}


class TodoApp(Component):
    def on_init(self):
        saved = STORAGE.getItem(STORAGE_KEY) if STORAGE is not None else None
        todos = json.loads(saved) if saved else []
        self.ids = itertools.count(max((t["id"] for t in todos), default=0) + 1)
        self.state = {"todos": todos, "draft": "", "filter": "All"}

    def save(self, todos):
        if STORAGE is not None:
            STORAGE.setItem(STORAGE_KEY, json.dumps(todos))
        self.set_state(todos=todos)

    def add(self):
        title = self.state["draft"].strip()
        if title:
            self.save([*self.state["todos"], {"id": next(self.ids), "title": title, "done": False}])
            self.set_state(draft="")

    def on_key(self, event):
        if event.key == "Enter":
            self.add()

    def toggle(self, todo_id):
        self.save([{**t, "done": not t["done"]} if t["id"] == todo_id else t for t in self.state["todos"]])

    def remove(self, todo_id):
        self.save([t for t in self.state["todos"] if t["id"] != todo_id])

    def render(self):
        todos = self.state["todos"]
        shown = [t for t in todos if FILTERS[self.state["filter"]](t)]
        left = sum(not t["done"] for t in todos)
        return html.div(
            html.div(
                html.input(
                    value=self.state["draft"], placeholder="What needs doing?", aria_label="new todo",
                    on_input=lambda e: self.set_state(draft=e.target.value), on_keydown=self.on_key,
                ),
                html.button("Add", on_click=self.add),
                class_="row",
            ),
            html.ul(
                [
                    html.li(
                        html.label(
                            html.input(type="checkbox", checked=t["done"], on_change=lambda e, i=t["id"]: self.toggle(i)),
                            html.span(t["title"]),
                        ),
                        html.button("×", aria_label=f"delete {t['title']}", class_="ghost",
                                    on_click=lambda e, i=t["id"]: self.remove(i)),
                        key=t["id"],
                        class_=["todo", t["done"] and "done"],
                    )
                    for t in shown
                ],
                class_="todos",
            ),
            html.footer(
                html.span(f"{left} left", data_testid="left"),
                [html.button(name, on_click=lambda e, n=name: self.set_state(filter=n),
                             class_=["ghost", name == self.state["filter"] and "active"], key=name)
                 for name in FILTERS],
                class_="row",
            ),
            None if STORAGE is not None else html.p("Not saved: a worker has no localStorage.", class_="muted"),
            class_="todo-app",
        )
