"""The TodoMVC app: its components, with the specification's markup and class names.

``TodoApp`` owns the list (loaded from and saved to ``localStorage`` by
:mod:`todomvc.storage`) and shares it with every view below it through the ``TODOS``
context: the rows change the list without props threaded through the router. The
router (hash mode: ``#/``, ``#/active``, ``#/completed``) shows the main section and
the footer for the route's filter; the header, with the new-todo field, stays mounted
across routes, so a half-typed todo survives a change of filter.

Every change is a pure function of :mod:`todomvc.model` applied to the list
(``todos.change(model.toggle, todo_id)``), saved at once and rendered at the next commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wasmui import Component, Fragment, component, create_context, h, html, use_context, use_effect, use_ref, use_state
from wasmui.forms import bind
from wasmui.router import Link, Route, Router

from . import model, storage

ENTER_KEY = "Enter"
ESCAPE_KEY = "Escape"


@dataclass(frozen=True)
class Todos:
    """What ``TODOS`` provides: the list, and the one way to change it.

    Attributes:
        items: the todos, in the order they were added.
        change: ``change(operation, *args)`` applies a :mod:`todomvc.model` function,
            ``operation(items, *args)``, saves the result and re-renders.
    """

    items: model.Todos
    change: Callable[..., None]


def _unprovided(operation: Callable, *args: Any) -> None:
    raise RuntimeError(f"{operation.__name__}: no TodoApp above this view provides TODOS")


TODOS = create_context(Todos((), _unprovided), name="Todos")


class TodoApp(Component):
    """The whole app. Its first view in the built page is the empty app (the visitor's todos
    are in their browser's storage), so the new-todo field, with ``autofocus``, paints and
    takes the focus before Python has started; the stored todos follow at once."""

    prerender = False

    def on_init(self) -> None:
        self.state = {"todos": storage.load()}

    def change(self, operation: Callable[..., model.Todos], *args: Any) -> None:
        """Applies ``operation(todos, *args)`` and saves the result (see :class:`Todos`)."""
        todos = operation(self.state["todos"], *args)
        if todos != self.state["todos"]:
            storage.save(todos)
            self.set_state(todos=todos)

    def placeholder(self) -> Any:
        return self._page((), None)

    def render(self) -> Any:
        # the part that follows the location: the main section and the footer of the route's filter
        return self._page(self.state["todos"], Router(ROUTES, mode="hash"))

    def _page(self, todos: model.Todos, routed: Any) -> Any:
        return TODOS.provide(
            # a bound method is equal to itself from render to render: only a new list re-renders the views
            Todos(todos, self.change),
            html.section(h(Header), routed, class_="todoapp"),
            html.footer(
                html.p("Double-click to edit a todo"),
                html.p("Written in Python with wasmui"),
                html.p("Part of ", html.a("TodoMVC", href="http://todomvc.com")),
                class_="info",
            ),
        )


@component
def Header():
    """The title and the new-todo field: Enter adds the trimmed text, if any, and clears it."""
    todos = use_context(TODOS)
    draft, set_draft = use_state("")

    def key_down(event: Any) -> None:
        if event.key == ENTER_KEY and not getattr(event, "isComposing", False):
            todos.change(model.add, str(event.target.value))
            set_draft("")

    return html.header(
        html.h1("todos"),
        html.input(class_="new-todo", placeholder="What needs to be done?", autofocus=True,
                   aria_label="New todo", on_keydown=key_down, **bind(draft, set_draft)),
        class_="header",
    )  # fmt: skip


@component
def TodoMain(filter_name):
    """The list for one filter and the footer; both hidden while there are no todos."""
    todos = use_context(TODOS)
    items = todos.items
    shown = model.visible(items, filter_name)
    left = model.active_count(items)
    return h(
        Fragment,
        None,
        html.main(
            html.div(
                html.input(id="toggle-all", class_="toggle-all", type="checkbox", checked=bool(items) and left == 0,
                           on_change=lambda event: todos.change(model.toggle_all, bool(event.target.checked))),
                html.label("Mark all as complete", for_="toggle-all"),
                class_="toggle-all-container",
            ),
            html.ul([h(TodoItem, {"todo": todo, "key": todo.id}) for todo in shown], class_="todo-list"),
            class_="main",
            hidden=not items,
        ),
        html.footer(
            html.span(html.strong(str(left)), f" {model.items_word(left)} left", class_="todo-count"),
            html.ul(
                [html.li(Link(path, name.capitalize(), class_="selected" if name == filter_name else None), key=name)
                 for path, name in model.ROUTES.items()],
                class_="filters",
            ),
            html.button("Clear completed", class_="clear-completed", hidden=left == len(items),
                        on_click=lambda: todos.change(model.clear_completed)),
            class_="footer",
            hidden=not items,
        ),
    )  # fmt: skip


@component
def TodoItem(todo):
    """One row. A double-click on its label edits it in place: Enter or leaving the field
    saves (an empty title deletes it), Escape gives up the edit."""
    todos = use_context(TODOS)
    editing, set_editing = use_state(False)
    draft, set_draft = use_state(todo.title)
    field = use_ref()

    def focus_field() -> None:
        if editing:
            field.current.focus()

    use_effect(focus_field, [editing])

    def start_editing() -> None:
        set_draft(todo.title)
        set_editing(True)

    def save(event: Any) -> None:
        # `editing` is this render's: the blur that follows Enter or Escape (the field hides)
        # reaches the next render's handler, where editing is over, and saves nothing twice
        if editing:
            set_editing(False)
            todos.change(model.rename, todo.id, str(event.target.value))

    def key_down(event: Any) -> None:
        if event.key == ENTER_KEY:
            save(event)
        elif event.key == ESCAPE_KEY:
            set_editing(False)
            set_draft(todo.title)

    return html.li(
        html.div(
            html.input(class_="toggle", type="checkbox", checked=todo.completed,
                       on_change=lambda: todos.change(model.toggle, todo.id)),
            html.label(todo.title, on_dblclick=start_editing),
            html.button(class_="destroy", aria_label=f"Delete {todo.title}",
                        on_click=lambda: todos.change(model.remove, todo.id)),
            class_="view",
        ),
        html.input(class_="edit", ref=field, aria_label=f"Edit {todo.title}", on_keydown=key_down, on_blur=save,
                   **bind(draft, set_draft)),
        class_=[todo.completed and "completed", editing and "editing"],
    )  # fmt: skip


def _route(filter_name: str) -> type[Component]:
    """The routed view of one filter (a route's component gets only the path's parameters)."""

    def view():
        return h(TodoMain, {"filter_name": filter_name})

    view.__name__ = view.__qualname__ = f"{filter_name.capitalize()}Todos"
    return component(view)


ROUTES = [Route(path, _route(name)) for path, name in model.ROUTES.items()]
