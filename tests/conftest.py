"""Shared test set-up: headless Chromium flags for pytest-pyodide, and fixtures that
serve the built site (www/) and drive it with selenium as a user's browser would.

Browser tests run against the real site build (``./build.sh test`` builds it first);
host tests under tests/host need neither and run on plain CPython.
"""

from __future__ import annotations

import pytest

import wasmui.cli.pytest_plugin  # noqa: F401 - Chromium's flags for pytest-pyodide, as `wasmui test` sets them

from .harness import new_chrome, serve_site


@pytest.fixture(scope="session")
def site_url():
    """Serves www/ on 127.0.0.1 at a free port for the whole session."""
    with serve_site() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the selenium page tests of the session."""
    driver = new_chrome()
    yield driver
    driver.quit()
