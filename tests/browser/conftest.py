"""Fixtures for tests that drive the pytest-pyodide page with selenium."""

from __future__ import annotations

import pytest


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
