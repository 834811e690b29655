"""use_resource (#24) on the model DOM, on a real asyncio loop: loading, value, error and
reload; a change of deps cancels the previous load and its result is never shown, even a
load that ignores its cancellation; nothing is left pending after unmount."""

from __future__ import annotations

import asyncio
import random
import warnings

import pytest

from wasmui import Component, component, errors, flush, h, html, use_resource, use_state
from wasmui import mount as _mount

SETTERS: dict = {}  # module-level: a component class (kept by h()) must not close over a test's dict
_roots = []


def mount(*args, **kwargs):
    root = _mount(*args, **kwargs)
    _roots.append(root)
    return root


@pytest.fixture(autouse=True)
def _clean():
    yield
    SETTERS.clear()
    while _roots:
        root = _roots.pop()
        if root.mounted:
            root.unmount()


def pending_tasks() -> list[asyncio.Task]:
    return [task for task in asyncio.all_tasks() if task is not asyncio.current_task() and not task.done()]


async def until(condition, what: str, limit: int = 10_000) -> None:
    """Lets the loop run (and commits) until ``condition()``: waits on the condition, not on luck."""
    for _ in range(limit):
        flush()
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"never happened: {what}")


def test_a_plain_value_loads_after_the_first_commit(container):
    seen = []

    @component
    def Show():
        data = use_resource(lambda: 42, [])
        seen.append((data.loading, data.value, data.error))
        return html.p("..." if data.loading else str(data.value))

    mount(Show, container)
    flush()
    assert seen == [(True, None, None), (False, 42, None)]
    assert container.textContent == "42"


def test_after_100_rapid_changes_with_random_load_times_the_last_result_shows_and_no_stale_value_ever_renders(container):
    rng = random.Random(24)
    rendered: list[tuple[int, object]] = []
    started, finished = [], []

    async def load(n):
        started.append(n)
        await asyncio.sleep(rng.uniform(0, 0.004))
        finished.append(n)
        return f"value {n}"

    @component
    def Item(n):
        data = use_resource(lambda: load(n), [n])
        rendered.append((n, data.value))
        return html.p(f"{n}: " + ("loading" if data.loading else data.value))

    @component
    def App():
        n, SETTERS["n"] = use_state(0)
        return h(Item, {"n": n})

    async def main():
        root = mount(App, container)
        for n in range(1, 101):
            SETTERS["n"](n)
            flush()
            await asyncio.sleep(rng.uniform(0, 0.003))  # some loads finish between changes, most do not
        await until(lambda: container.textContent == "100: value 100", "the last result shown")
        assert all(value is None or value == f"value {n}" for n, value in rendered), "a stale value was rendered"
        assert 0 < len(finished) < 100  # many were cancelled before they finished
        item = root.component._vnode.rendered[0].component
        root.unmount()
        await asyncio.sleep(0)  # the cancelled tasks' one step to end
        assert pending_tasks() == []
        assert item.scope.closed and item.scope.count() == 0

    asyncio.run(main())


def test_a_load_that_ignores_its_cancellation_still_never_shows_its_result(container):
    futures: dict[int, asyncio.Future] = {}
    rendered = []

    @component
    def Item(n):
        data = use_resource(lambda: asyncio.shield(futures[n]), [n])
        rendered.append((n, data.value))
        return html.p(str(data.value))

    @component
    def App():
        n, SETTERS["n"] = use_state(0)
        return h(Item, {"n": n})

    async def main():
        loop = asyncio.get_running_loop()
        futures.update({n: loop.create_future() for n in range(3)})
        mount(App, container)
        SETTERS["n"](1)
        flush()
        SETTERS["n"](2)
        flush()
        futures[2].set_result("two")
        await until(lambda: container.textContent == "two", "the newest result")
        futures[0].set_result("zero")  # the older loads end late, in reverse order
        futures[1].set_result("one")
        for _ in range(5):
            await asyncio.sleep(0)
            flush()
        assert container.textContent == "two"
        assert [value for _, value in rendered if value is not None] == ["two"]

    asyncio.run(main())


def test_an_error_lands_in_error_reload_retries_and_a_raised_error_reaches_on_error(container):
    attempts = []
    caught = []

    async def flaky():
        attempts.append(1)
        await asyncio.sleep(0)
        if len(attempts) == 1:
            raise ConnectionError("offline")
        return "data"

    @component
    def Data():
        data = use_resource(flaky, [])
        SETTERS["data"] = data
        if data.loading:
            return html.p("loading", aria_busy="true")
        if data.error is not None:
            return html.p(f"failed: {data.error}")
        return html.p(data.value)

    async def main():
        mount(Data, container)
        await until(lambda: container.textContent == "failed: offline", "the error shown")
        SETTERS["data"].reload()
        flush()
        assert container.textContent == "loading"
        await until(lambda: container.textContent == "data", "the retry's value")
        assert len(attempts) == 2

    asyncio.run(main())

    @component
    def Raises():
        data = use_resource(lambda: 1 / 0, [])
        if data.error is not None:
            raise data.error
        return html.p("fine" if not data.loading else "loading")

    class Boundary(Component):
        def on_init(self):
            self.state = {"failed": None}

        def on_error(self, exc):
            caught.append(exc)
            self.set_state(failed=type(exc).__name__)

        def render(self):
            return html.p(f"caught {self.state['failed']}") if self.state["failed"] else h(Raises)

    _roots.pop().unmount()
    errors.recent.clear()
    mount(Boundary, container)
    flush()
    assert container.textContent.endswith("caught ZeroDivisionError")
    assert len(caught) == 1


def test_reload_keeps_the_value_shown_until_the_new_one(container):
    loads = []

    async def load():
        loads.append(len(loads))
        await asyncio.sleep(0)
        return f"v{len(loads)}"

    @component
    def Data():
        data = use_resource(load, [])
        SETTERS["data"] = data
        return html.p(f"{data.loading} {data.value}")

    async def main():
        mount(Data, container)
        await until(lambda: container.textContent == "False v1", "the first value")
        SETTERS["data"].reload()
        flush()
        assert container.textContent == "True v1"
        await until(lambda: container.textContent == "False v2", "the reloaded value")

    asyncio.run(main())


def test_unmounting_during_a_load_leaves_nothing_pending_and_sets_no_state(container):
    cleaned = []

    async def slow(scope):
        scope.on_cleanup(lambda: cleaned.append("load scope closed"))
        await asyncio.sleep(10)
        return "late"

    @component
    def Data():
        data = use_resource(slow, [])
        return html.p(str(data.value))

    async def main():
        root = mount(Data, container)
        flush()
        await asyncio.sleep(0)
        assert len(pending_tasks()) == 1
        item = root.component
        root.unmount()
        assert cleaned == ["load scope closed"]  # the load's resources went at once
        await asyncio.sleep(0)
        assert pending_tasks() == [] and item.scope.count() == 0

    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        asyncio.run(main())
    assert [str(w.message) for w in warned] == []  # no set_state after unmount, no coroutine left unawaited


def test_a_change_of_deps_closes_the_previous_loads_scope(container):
    closed = []

    def load_for(n):
        def load(scope):
            scope.on_cleanup(lambda: closed.append(n))
            return n * 10

        return load

    @component
    def Item(n):
        data = use_resource(load_for(n), [n])
        return html.p(str(data.value))

    @component
    def App():
        n, SETTERS["n"] = use_state(1)
        return h(Item, {"n": n})

    root = mount(App, container)
    flush()
    assert container.textContent == "10" and closed == []
    SETTERS["n"](2)
    flush()
    assert container.textContent == "20" and closed == [1]
    root.unmount()
    assert closed == [1, 2]


def test_strict_mode_cancels_the_first_load_and_starts_it_again(container):
    calls, ran = [], []

    async def body():
        ran.append(1)
        await asyncio.sleep(0)
        return "ok"

    def load():
        calls.append(1)
        return body()

    @component
    def Data():
        return html.p(str(use_resource(load, []).value))

    async def main():
        mount(Data, container, strict=True)
        await until(lambda: container.textContent == "ok", "the value")
        # the first load was cancelled before its first step (closed, not left "never awaited")
        assert len(calls) == 2 and len(ran) == 1 and pending_tasks() == []

    asyncio.run(main())


def test_bad_arguments_are_clear_errors(container):
    @component
    def NoDeps():
        use_resource(lambda: 1, None)
        return None

    @component
    def NotCallable():
        use_resource(42, [])
        return None

    errors.recent.clear()
    mount(html.div(h(NoDeps), h(NotCallable)), container)
    messages = [report.message for report in errors.recent]
    assert any("deps must be a list or a tuple" in m for m in messages)
    assert any("load must be a function" in m for m in messages)
