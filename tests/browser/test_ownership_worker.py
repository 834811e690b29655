"""Ownership and leaks in worker mode (#26), in every engine: test_ownership.py's
scenarios, the same source, run in the worker of a worker-mode page (``app.run``), and
wasmui.testing.assert_no_leaks there.

What is counted: the worker's tracked resources, Pyodide proxies and heap; the page's DOM
nodes, the applier's node map and what it holds for the worker (``app.pageHeld()``:
listeners, observers, frames); in Chromium also CDP's count of the page's listeners on
window and document. Each must come back to its baseline at unmount. One page serves the
module (www/worker.html, its own app unmounted: worker_page.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_ownership import (
    KINDS,
    check_classic_gui_leaks,
    check_each_kind_released,
    check_every_kind_at_once_and_nothing_fires_late,
    check_misuse_diagnostics,
    check_soak_leaves_nothing_growing,
    end_scenarios,
    slow_url,  # noqa: F401 - a fixture: a server answering after 3 s
    start_scenarios,
)
from .test_worker import wait
from .worker_page import WorkerError, worker_page, worker_page_module  # noqa: F401 - fixtures

pytestmark = pytest.mark.module_page


@pytest.fixture
def page(worker_page, slow_url):  # noqa: F811
    yield start_scenarios(worker_page, slow_url)
    end_scenarios(worker_page)


@pytest.mark.parametrize("kind", KINDS)
def test_each_resource_kind_is_released_at_unmount_in_a_worker(page, kind):
    check_each_kind_released(page, kind)


def test_every_kind_at_once_and_nothing_fires_late_in_a_worker(page):
    check_every_kind_at_once_and_nothing_fires_late(page)


def test_soak_in_a_worker_leaves_nothing_growing(page):
    grown = check_soak_leaves_nothing_growing(page, warm_up=100, cycles=300)
    print(f"py heap after 300 worker cycles: {grown:+d} bytes")


def test_classic_long_running_gui_leaks_in_a_worker_leak_nothing(page):
    check_classic_gui_leaks(page)


def test_misuse_diagnostics_in_a_worker_name_the_users_line(page):
    check_misuse_diagnostics(page)


DEMO_SOURCE = (Path(__file__).resolve().parents[2] / "www" / "leaky_demo.py").read_text()


def count_of(page, test_id):
    return page.run_js(f"return document.querySelector('[data-testid={test_id}]')?.textContent ?? null")


def test_assert_no_leaks_in_a_worker_fails_on_the_leaky_component_and_passes_on_the_fixed(worker_page):  # noqa: F811
    """The block spans runs: mounted in the worker, clicked on the page (a real click,
    forwarded to the worker), unmounted and checked in the worker."""
    page = worker_page
    page.run(f"open('/home/pyodide/leaky_demo.py', 'w').write({DEMO_SOURCE!r})")
    page.run(
        """
        import sys
        if "/home/pyodide" not in sys.path:
            sys.path.insert(0, "/home/pyodide")
        import leaky_demo
        from wasmui import mount
        from wasmui.testing import assert_no_leaks

        leaks = assert_no_leaks()
        leaks.__enter__()
        view = mount(leaky_demo.FixedCounter, "#app")
        """
    )
    wait(page.driver, lambda: count_of(page, "fixed-count") == "0")
    page.run_js("document.querySelector('#app button').click()")
    wait(page.driver, lambda: count_of(page, "fixed-count") == "1")
    page.run("view.unmount(); leaks.__exit__(None, None, None)")  # raises if anything leaked
    page.run(
        """
        leaks = assert_no_leaks()
        leaks.__enter__()
        view = mount(leaky_demo.LeakyCounter, "#app")
        """
    )
    wait(page.driver, lambda: count_of(page, "leaky-count") == "0")
    with pytest.raises(WorkerError) as failed:
        page.run("timer = view.component.timer; view.unmount(); leaks.__exit__(None, None, None)")
    message = str(failed.value)
    page.run("import js; js.clearInterval(timer); leaky_demo.HANDLERS.clear()")  # the leaks, ended
    assert "LeakyCounter#" in message and "module leaky_demo, global 'HANDLERS'" in message
    assert "more live Pyodide proxies than before" in message and "LeakyCounter.tick" in message


def test_run_in_the_worker_returns_json_and_names_what_fails(worker_page):  # noqa: F811
    page = worker_page
    assert page.run("x = {'a': (1, 2), 'b': None}\nx") == {"a": [1, 2], "b": None}
    assert page.run("await __import__('asyncio').sleep(0)\nx['a'][0] + 41") == 42  # names kept, await allowed
    with pytest.raises(WorkerError, match="ZeroDivisionError"):
        page.run("1 / 0")
    with pytest.raises(WorkerError, match=r"the code's value is a Python object, which cannot cross to the page as JSON \(end"):
        page.run("object()")
    with pytest.raises(WorkerError, match=r"the code's value is a Python dict holding a value JSON has no form for \("):
        page.run("{'a': object()}")


def test_a_worker_in_production_mode_refuses_run(worker_page):  # noqa: F811
    """app.run is development's: a worker booted in production mode answers a run with the
    refusal (a worker of its own here, told production at its boot; its Pyodide is not
    needed for the answer, so its base names nothing and the boot fails at once)."""
    answer = worker_page.run_js("""
        const worker = new Worker(new URL("wasmui.js", location.href), { type: "module", name: "wasmui" });
        const replied = new Promise((resolve) => {
          worker.onmessage = ({ data }) => { if (data.kind === "reply") resolve(data); };
        });
        worker.postMessage({ kind: "boot", base: "/nowhere/", packageBase: "/nowhere/", packages: [], mode: "production",
                             snapshots: false, page: { path: "/", hash: "", key: null } });
        worker.postMessage({ kind: "run", id: 1, code: "1 + 1" });
        const reply = await replied;
        worker.terminate();
        return reply;
    """)
    assert answer["ok"] is False
    assert answer["message"] == "app.run(): running Python in the worker is for development mode; this page runs in production mode"
