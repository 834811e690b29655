"""Fixtures for tests that drive the pytest-pyodide page with selenium, and how this suite
runs pytest-pyodide: one browser per engine for the session, a new page per module that
starts Pyodide from a memory snapshot (page_start.js), and a test server that answers
requests side by side."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
from pytest_pyodide import get_global_config
from pytest_pyodide.fixture import selenium_common
from pytest_pyodide.server import DefaultHandler
from pytest_pyodide.utils import parse_driver_timeout, set_webdriver_script_timeout

PAGE_START = (Path(__file__).parent / "page_start.js").read_text()
"""Starts Pyodide from a memory snapshot the session's first page makes: 0.2-1 s a module
instead of 2-18 s."""
for _runtime in ("chrome", "firefox", "webkit"):
    get_global_config().set_load_pyodide_script(_runtime, PAGE_START)


class _QuietHandler(DefaultHandler):
    """pytest-pyodide's handler (its test page templates, CORS), without a log line per request."""

    def log_message(self, format_, *args):
        pass


@pytest.fixture(scope="session")
def web_server_main(request):
    """pytest-pyodide's test server, answering requests side by side. Its own answers one at
    a time; with a browser per engine kept for the session, a response one browser had
    stopped reading held another's page load: module starts of 60-113 s in Firefox and
    WebKit, once a timeout."""
    handler = functools.partial(_QuietHandler, directory=request.config.option.dist_dir, extra_headers={})
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield "127.0.0.1", server.server_address[1], None  # no log file: the handler logs nothing
        server.shutdown()


@pytest.fixture(scope="session")
def _pyodide_browsers():
    """pytest-pyodide's runners of the session, one browser per engine, quit at its end."""
    with contextlib.ExitStack() as stack:
        yield {}, stack


@pytest.fixture(scope="module")
def selenium_module_scope(request, runtime, web_server_main, playwright_browsers, _pyodide_browsers):
    """pytest-pyodide's page for a module: a new document with a new Pyodide, in a browser
    kept for the session. pytest-pyodide's own fixture starts a browser per module, which
    cost a fifth of the suite (36 starts a run). A shared page is not an answer: modules
    saw each other's components, errors and zombies. A new document shares nothing with
    the one before it but the browser's HTTP cache and IndexedDB (where the page start
    keeps its Pyodide snapshot), so each module starts clean."""
    runners, stack = _pyodide_browsers
    runner = runners.get(runtime)
    if runner is None:
        runner = runners[runtime] = stack.enter_context(selenium_common(request, runtime, web_server_main, browsers=playwright_browsers))
    else:
        _fresh_page(runner)
    yield runner
    # a page left open keeps what its tests left running (timers, the inspector) busy in
    # the background while the other engines' modules run
    runner.driver.get("about:blank")


@pytest.fixture
def selenium_standalone(request, selenium_module_scope):
    """A test's own Pyodide: a new page for it, and another after it for the module's next
    tests (pytest-pyodide's fixture starts a browser per test)."""
    _fresh_page(selenium_module_scope)
    with set_webdriver_script_timeout(selenium_module_scope, script_timeout=parse_driver_timeout(request.node)):
        yield selenium_module_scope
    _fresh_page(selenium_module_scope)


def _fresh_page(runner):
    """What pytest-pyodide's runner does when it starts, in the browser it already has."""
    runner.prepare_driver()
    runner.javascript_setup()
    runner.load_pyodide()
    runner.initialize_pyodide()
    runner.save_state()
    runner.restore_state()


@pytest.fixture
def wasmui_page(selenium):
    """The pytest-pyodide page with wasmui loaded and a fresh, empty ``#app`` container."""
    selenium.load_package(["wasmui"])
    selenium.run_js(
        """
        document.getElementById("app")?.remove();
        const app = document.createElement("div");
        app.id = "app";
        document.body.appendChild(app);
        """
    )
    return selenium


@pytest.fixture(autouse=True)
def _page_stays(request):
    """A test on pytest-pyodide's page must leave it loaded: the page serves every test of
    its module. A test that let it navigate (a clicked link that followed its ``href``, a
    submitted form, a reload) fails here, by name, every time. Unchecked, the navigation
    raced the test's own last command: when the new document arrived first (a busy CPU),
    the command failed at random, with a script timeout or ``ReferenceError: pyodide is not
    defined``. ChromeDriver waits for a pending navigation before a command, so this check
    sees one a test started."""
    yield
    if "selenium" not in request.fixturenames:
        return
    page = request.getfixturevalue("selenium_module_scope")
    where = page.driver.execute_script("return [typeof globalThis.pyodide, location.href]")
    if where[0] == "undefined":
        pytest.fail(
            f"{request.node.name} navigated pytest-pyodide's page away (now at {where[1]}): the page no "
            "longer has Pyodide; prevent the default action of links or forms a test clicks",
            pytrace=False,
        )
