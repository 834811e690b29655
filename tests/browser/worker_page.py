"""A worker-mode page that tests drive as they drive pytest-pyodide's ``selenium``:
``.run(code)`` / ``.run_async(code)`` run Python in the page's worker (``app.run``, the
WorkerApp's development-mode request), ``.run_js(body)`` runs JS on the page. So one
scenario's source runs in both modes: ``MainThreadPage`` wraps pytest-pyodide's page
with the same methods.

The page is www/worker.html with its own app unmounted (its element removed) and an empty
``#app`` container in its place; one page serves a module's tests (the ``module_page``
marker keeps it between them: tests/conftest.py), and a page a failed test left is
loaded again."""

from __future__ import annotations

import textwrap

import pytest


APP = 'import("./wasmui.js").then((m) => m.boot())'
"""The page's WorkerApp (boot() returns the one the page booted)."""

FRESH_APP = """
    document.getElementById("app")?.remove();
    document.querySelector("main").insertAdjacentHTML("beforeend", "<div id=app></div>");
"""


class WorkerError(Exception):
    """Python code run in the worker raised (or the page refused it): the message is the worker's."""


class WorkerPage:
    """www/worker.html, driven through its WorkerApp. ``engine`` names the browser."""

    def __init__(self, driver, engine: str) -> None:
        self.driver, self.engine = driver, engine

    def run(self, code: str):
        """Runs Python ``code`` in the worker (top-level ``await`` allowed); its last
        expression's value, as JSON (raises :class:`WorkerError` with the traceback)."""
        return self._on_app("return app.run(arguments[0]);", textwrap.dedent(code))

    run_async = run

    def run_js(self, body: str):
        """Runs ``body`` (the body of an async JS function) on the page; its value."""
        return self._settle(f"return (async () => {{ {body} }})();")

    def counts(self) -> dict:
        """The worker's counts (``counts()`` of the scenario's source) and the page's:
        its DOM nodes, the applier's node map, what it holds for the worker."""
        page = self._on_app("""
            const held = app.pageHeld();
            return {dom_nodes: document.querySelectorAll("*").length, applier_nodes: app.applier.nodeCount(),
                    held_listeners: held.listeners, held_observers: held.observers, held_frames: held.frames};
        """)
        return {**self.run("counts()"), **page}

    def _on_app(self, body: str, *args):
        return self._settle(f"return {APP}.then((app) => {{ {body} }});", *args)

    def _settle(self, promise_source: str, *args):
        self.driver.set_script_timeout(120)
        outcome = self.driver.execute_async_script(
            f"""
            const done = arguments[arguments.length - 1];
            (() => {{ {promise_source} }})().then((value) => done({{value}}), (err) => done({{error: String(err.message ?? err)}}));
            """,
            *args,
        )
        if "error" in outcome:
            raise WorkerError(outcome["error"])
        return outcome.get("value")


class MainThreadPage:
    """pytest-pyodide's page with the same methods (Python runs on the page itself)."""

    def __init__(self, selenium) -> None:
        self.selenium, self.driver, self.engine = selenium, selenium.driver, "chromium"

    def run(self, code: str):
        return self.selenium.run(code)

    def run_async(self, code: str):
        return self.selenium.run_async(code)

    def run_js(self, body: str):
        return self.selenium.run_js(body)

    def counts(self) -> dict:
        return self.run("counts()")


def on_worker_page(driver) -> bool:
    return driver.execute_script("return location.pathname") == "/worker.html"


@pytest.fixture(scope="module")
def worker_page_module(browser, engine, site_url):
    """The module's WorkerPage: www/worker.html, loaded by :func:`worker_page` when the
    browser is not on it (the module's first test, or after a failed one)."""
    return WorkerPage(browser, engine)


@pytest.fixture
def worker_page(worker_page_module, site_url):
    """The module's worker page, loaded again if the test before left it; an empty
    ``#app`` for the test."""
    from .test_site import snapshot_kept
    from .test_worker import visit, wait  # (here: test_worker imports test_ownership, which imports this)

    page = worker_page_module
    if not on_worker_page(page.driver):
        visit(page.driver, site_url)
        snapshot_kept(page.driver)
        page.run_js("document.getElementById('app').remove()")  # the page's own app: unmounted
        wait(page.driver, lambda: page._on_app("return app.stats();") == NOTHING_HELD)
    page.run_js(FRESH_APP)
    return page


NOTHING_HELD = {"roots": 0, "handlers": 0, "components": 0, "resources": 0, "reads": 0, "page_listeners": 0, "page_observers": 0}
"""The worker's stats once the page's own app is unmounted."""
