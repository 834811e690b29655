"""Where a component's asyncio tasks run (``scope.create_task``, async handlers, resources).

In a browser, on Pyodide's event loop, which the page's (or the worker's) own event loop
drives. Under plain CPython (the model DOM of ``wasmui.testing``, and build-time
pre-rendering) no loop runs while a test clicks: a task started there used to land on a
loop nobody ran (and, from Python 3.14, would be refused for want of a current loop), so
an ``async def`` handler never ran in a host test. There, a task started while a test's
own loop runs (``asyncio.run``, pytest-asyncio) goes on that loop and runs when the test
awaits; one started outside it goes on wasmui's loop, and :func:`run_ready` lets those
go as far as they can without waiting: ``wasmui.testing``
calls it each time it commits, so an async handler's work (its ``await dom.read`` answers
at once on the model DOM) is done and shown when ``click`` returns.
"""

from __future__ import annotations

import asyncio
import atexit
from collections.abc import Awaitable
from typing import Any

from ._ffi import IN_BROWSER

_loop: asyncio.AbstractEventLoop | None = None


def start(awaitable: Awaitable[Any]) -> asyncio.Future:
    """``awaitable`` (a coroutine, or a future it is kept as) as a task: on the running
    loop, else Pyodide's in a browser, else wasmui's."""
    if IN_BROWSER:
        return asyncio.ensure_future(awaitable)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = _own_loop()
    return asyncio.ensure_future(awaitable, loop=loop)


def run_ready() -> bool:
    """Under plain CPython with no loop running, runs one pass of wasmui's loop: each task
    ready to go on runs until it waits again or ends. Returns whether any task was
    unfinished before the pass (so the caller may commit and pass again)."""
    if IN_BROWSER or _loop is None or _loop.is_running() or _running() or not asyncio.all_tasks(_loop):
        return False
    _loop.run_until_complete(asyncio.sleep(0))
    return True


def _running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _own_loop() -> asyncio.AbstractEventLoop:
    global _loop
    if _loop is None or _loop.is_closed():
        _loop = asyncio.new_event_loop()
        atexit.register(_loop.close)  # (an unclosed loop warns at exit)
    return _loop
