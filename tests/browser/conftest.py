"""Fixtures for tests that drive the pytest-pyodide page with selenium."""

from __future__ import annotations

import contextlib

import pytest
from pytest_pyodide.fixture import selenium_common

LEFT_MOUNTED = """
import sys
_runtime = sys.modules.get("wasmui.runtime")
for _root in list(_runtime.current_runtime.roots if _runtime and _runtime.current_runtime else []):
    _root.unmount()
"""


@pytest.fixture(scope="session")
def _pyodide_pages():
    """The pytest-pyodide pages of the session, one per engine, closed at its end."""
    with contextlib.ExitStack() as stack:
        yield {}, stack


@pytest.fixture(scope="module")
def selenium_module_scope(request, runtime, web_server_main, playwright_browsers, _pyodide_pages):
    """pytest-pyodide's page, shared by every module of an engine (its own fixture makes one
    per module). Starting a browser and Pyodide took 5 s in Chromium, 7 in Firefox and 8 in
    WebKit, 36 times a run; it was a fifth of the suite's time, all of it CPU. A module
    leaves no root mounted behind it: what it left would keep timers running in the page."""
    pages, stack = _pyodide_pages
    if runtime not in pages:
        pages[runtime] = stack.enter_context(selenium_common(request, runtime, web_server_main, browsers=playwright_browsers))
    page = pages[runtime]
    yield page
    if page.driver.execute_script("return typeof globalThis.pyodide") != "undefined":
        page.run(LEFT_MOUNTED)


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
