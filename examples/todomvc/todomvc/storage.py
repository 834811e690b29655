"""Persistence: the todos in ``localStorage`` under ``todos-wasmui``, as the specification asks.

wasmui has no wrapper for ``localStorage``, so this module reads it through Pyodide's
``js``. Under plain CPython (the host tests, and ``wasmui build`` pre-rendering the
first view) there is no ``js``: a dict stands in for the storage, so the same app runs
there unchanged.
"""

from __future__ import annotations

import json

from . import model

try:
    import js
except ImportError:  # plain CPython: no browser storage
    js = None

STORAGE_KEY = "todos-wasmui"
"""The specification's name format, ``todos-[framework]``."""

memory: dict[str, str] = {}
"""What stands in for ``localStorage`` where there is none (tests may fill or clear it)."""


def load() -> model.Todos:
    """The saved todos; none when nothing (or nothing readable) was saved."""
    text = js.localStorage.getItem(STORAGE_KEY) if js is not None else memory.get(STORAGE_KEY)
    if not isinstance(text, str):  # JS null when the key is missing
        return ()
    try:
        return model.from_records(json.loads(text))
    except ValueError:
        return ()


def save(todos: model.Todos) -> None:
    """Writes ``todos`` (``[{"id", "title", "completed"}, ...]``); the editing state is not
    part of them, so it is never persisted."""
    text = json.dumps(model.to_records(todos))
    if js is not None:
        js.localStorage.setItem(STORAGE_KEY, text)
    else:
        memory[STORAGE_KEY] = text
