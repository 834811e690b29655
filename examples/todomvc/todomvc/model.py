"""The todos and what can happen to them, as pure functions of immutable values.

Every change the app makes is one of these functions applied to the current list: it
returns a new tuple (or the same one when nothing changed), so the components compare
lists as props are compared and the host tests need neither a DOM nor a browser.

Must not import ``js`` or wasmui: this is the model, nothing else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ALL, ACTIVE, COMPLETED = "all", "active", "completed"

ROUTES = {"/": ALL, "/active": ACTIVE, "/completed": COMPLETED}
"""The hash routes of the specification (``#/``, ``#/active``, ``#/completed``) and their filters."""


@dataclass(frozen=True)
class Todo:
    """One todo, with the keys the specification asks localStorage to hold.

    Attributes:
        id: unique in its list; also the key of its row, so a row keeps its DOM and its
            editing state while others come and go.
        title: the text, trimmed and never empty.
        completed: whether it is done.
    """

    id: int
    title: str
    completed: bool = False


Todos = tuple[Todo, ...]


def add(todos: Todos, title: str) -> Todos:
    """``todos`` with a new active todo at the end; unchanged if ``title`` is blank once trimmed."""
    title = title.strip()
    if not title:
        return todos
    return (*todos, Todo(id=max((todo.id for todo in todos), default=0) + 1, title=title))


def toggle(todos: Todos, todo_id: int) -> Todos:
    """``todos`` with the completion of ``todo_id`` flipped."""
    return tuple(Todo(t.id, t.title, not t.completed) if t.id == todo_id else t for t in todos)


def toggle_all(todos: Todos, completed: bool) -> Todos:
    """Every todo set to ``completed`` (what the "Mark all as complete" checkbox does)."""
    return tuple(t if t.completed == completed else Todo(t.id, t.title, completed) for t in todos)


def rename(todos: Todos, todo_id: int, title: str) -> Todos:
    """``todo_id`` retitled with ``title`` trimmed; an empty title removes the todo, as the
    specification's editing rules say."""
    title = title.strip()
    if not title:
        return remove(todos, todo_id)
    return tuple(Todo(t.id, title, t.completed) if t.id == todo_id else t for t in todos)


def remove(todos: Todos, todo_id: int) -> Todos:
    """``todos`` without ``todo_id``."""
    return tuple(t for t in todos if t.id != todo_id)


def clear_completed(todos: Todos) -> Todos:
    """Only the active todos."""
    return tuple(t for t in todos if not t.completed)


def visible(todos: Todos, filter_name: str) -> Todos:
    """The todos a route shows: all, the active ones or the completed ones."""
    if filter_name == ACTIVE:
        return tuple(t for t in todos if not t.completed)
    if filter_name == COMPLETED:
        return tuple(t for t in todos if t.completed)
    return todos


def active_count(todos: Todos) -> int:
    """How many todos are left to do (the footer's counter)."""
    return sum(not t.completed for t in todos)


def items_word(count: int) -> str:
    """``item`` or ``items``, as the counter needs: 0 items, 1 item, 2 items."""
    return "item" if count == 1 else "items"


def to_records(todos: Todos) -> list[dict]:
    """The list as JSON-ready records: ``{"id", "title", "completed"}`` each."""
    return [asdict(todo) for todo in todos]


def from_records(records: object) -> Todos:
    """The list back from :func:`to_records`' output; anything malformed (an older format,
    a hand-edited value) is skipped rather than breaking the app at start."""
    if not isinstance(records, list):
        return ()
    todos: dict[int, Todo] = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        todo_id, title = record.get("id"), record.get("title")
        # an id seen before is skipped too: ids are the rows' keys, and keys are unique
        if isinstance(todo_id, int) and isinstance(title, str) and title.strip() and todo_id not in todos:
            todos[todo_id] = Todo(todo_id, title.strip(), bool(record.get("completed", False)))
    return tuple(todos.values())
