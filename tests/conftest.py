"""Shared test set-up: headless Chromium flags for pytest-pyodide, and fixtures that
serve the built site (www/) and drive it with selenium as a user's browser would.

Browser tests run against the real site build (``./build.sh test`` builds it first);
host tests under tests/host need neither and run on plain CPython.
"""

from __future__ import annotations

import pytest

from wasmui.cli import engines
from wasmui.cli.pytest_plugin import RUNTIME_OF, chosen_engines  # also: its flags and engines for pytest-pyodide

from .harness import serve_site

ENGINE_OF = {runtime: engine for engine, runtime in RUNTIME_OF.items()}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "chromium_only(reason): a test that needs what only Chromium has (CDP's outside views of listeners, "
        "network blocking, injected scripts); not collected for the other engines",
    )
    config.addinivalue_line(
        "markers",
        "gallery: a test of a gallery example that leaves the gallery open for the next such test (which "
        "switches examples in the page instead of loading it again)",
    )
    config.addinivalue_line(
        "markers",
        "module_page: a test on a page its module's tests share (tests/browser/worker_page.py), left open for "
        "the module's next test when it passed",
    )


NEXT_ITEM = pytest.StashKey()
"""The test that runs after a test (pytest knows it only in its run protocol)."""
PASSED = pytest.StashKey()
"""Whether a test's call passed."""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    item.stash[NEXT_ITEM] = nextitem


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[PASSED] = report.passed
    return report


def pytest_generate_tests(metafunc):
    """Tests on the `browser` fixture run once per engine of the run (--engine)."""
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", chosen_engines(metafunc.config), scope="session")


def pytest_collection_modifyitems(config, items):
    """A chromium_only test is collected for Chromium alone (deselected, never skipped)."""
    kept, dropped = [], []
    for item in items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        engine = params.get("engine") or ENGINE_OF.get(params.get("runtime"), "chromium")
        (dropped if engine != "chromium" and item.get_closest_marker("chromium_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_report_header(config):
    return f"wasmui engines: {', '.join(chosen_engines(config))}"


@pytest.fixture(scope="session")
def site_url():
    """Serves www/ on 127.0.0.1 at a free port for the whole session."""
    with serve_site() as url:
        yield url


@pytest.fixture(scope="session")
def browser(engine):
    """One headless browser per engine for the page tests of the session (the versions
    are printed at the end of the run)."""
    driver = engines.launch(engine)
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def _leave_the_page(request):
    """After a page test, the session's browser goes to about:blank: a page left open keeps
    its timers, inspector and snapshot worker running, and slows every test after it (a
    gallery left in WebKit kept 1.2 cores busy). Only a gallery test followed by another
    leaves the gallery to it."""
    yield
    if "browser" in request.fixturenames and not _gallery_goes_on(request.node) and not _module_page_goes_on(request.node):
        request.getfixturevalue("browser").get("about:blank")


def _gallery_goes_on(item) -> bool:
    """Whether the next test is a gallery test in the same browser as this gallery test, which
    passed: the next one takes over the open gallery (a failed test's gallery is left)."""
    following = item.stash.get(NEXT_ITEM, None)
    return (
        item.stash.get(PASSED, False)
        and following is not None
        and item.get_closest_marker("gallery") is not None
        and following.get_closest_marker("gallery") is not None
        and item.callspec.params.get("engine") == following.callspec.params.get("engine")
    )


def _module_page_goes_on(item) -> bool:
    """Whether the next test shares this passed test's page (both ``module_page``, one
    module, one engine): it takes the page over instead of loading it again."""
    following = item.stash.get(NEXT_ITEM, None)
    return (
        item.stash.get(PASSED, False)
        and following is not None
        and item.get_closest_marker("module_page") is not None
        and following.get_closest_marker("module_page") is not None
        and following.module is item.module
        and item.callspec.params.get("engine") == following.callspec.params.get("engine")
    )
