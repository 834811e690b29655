"""A code-split route in a built project (#24): ``[tool.wasmui] lazy`` puts the reports in a
wheel of their own, which the first page does not download; following a link to the lazy
route downloads it (the browser's own resource timing says so) and renders the view, and
a deep link to it paints the fallback from its pre-rendered page, then loads the view.
One build, served by a plain static server, for the module."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading

import pytest
from selenium.webdriver.common.by import By

from ..harness import project_env
from .test_cli import wait

APP = '''
from wasmui import component, html, lazy
from wasmui.router import Link, Route, Router


@component
def Home():
    return html.main(html.h1("Shop"), Link("/reports/2026", "Reports", id="to-reports"))


Reports = lazy("lazyshop.reports.view:Reports", fallback=html.p("Loading reports…", id="loading"))


@component
def App():
    return Router([Route("/", Home, title="Shop"), Route("/reports/{year}", Reports, title="Reports", prerender=[{"year": "2026"}])])
'''

REPORTS = '''
import sys

from wasmui import component, html


@component
def Reports(year):
    return html.main(html.h1(f"Reports {year}"), html.p("imported" if __name__ in sys.modules else "?", id="imported"))
'''

LAZY_WHEEL = "lazyshop_reports-0.1.0-py3-none-any.whl"


class _Gated(http.server.SimpleHTTPRequestHandler):
    """A static host whose answer for the lazy wheel waits for ``gate`` (open unless a test
    closes it); ``asked`` is set when the browser requests it."""

    gate = threading.Event()
    asked = threading.Event()

    def do_GET(self):  # noqa: N802 - the base class's name
        if self.path.endswith(LAZY_WHEEL):
            self.asked.set()
            self.gate.wait(30)
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def lazy_site(tmp_path_factory):
    """The shop with lazy reports, built once and served as files are (no rewrite rule)."""
    folder = tmp_path_factory.mktemp("lazy")
    env = project_env()
    # on the main thread: the page's own resource timings then show each wheel's download
    subprocess.run([sys.executable, "-m", "wasmui", "new", "lazyshop", "--main-thread"], cwd=folder, env=env, check=True,
                   capture_output=True)  # fmt: skip
    project = folder / "lazyshop"
    (project / "lazyshop" / "app.py").write_text(APP)
    (project / "lazyshop" / "reports").mkdir()
    (project / "lazyshop" / "reports" / "__init__.py").write_text("")
    (project / "lazyshop" / "reports" / "view.py").write_text(REPORTS)
    with (project / "pyproject.toml").open("a") as settings:
        settings.write('\n[tool.wasmui]\nlazy = ["lazyshop.reports"]\n')
    built = subprocess.run([sys.executable, "-m", "wasmui", "build", "--no-compress"], cwd=project, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert built.returncode == 0 and "not pre-rendered" not in built.stdout, built.stdout + built.stderr
    assert list((project / "dist" / "pyodide").glob(f"*/{LAZY_WHEEL}")), "no lazy wheel built"
    _Gated.gate.set()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gated, directory=str(project / "dist")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    _Gated.gate.set()
    server.shutdown()


def _fetched(browser) -> list[str]:
    """The URLs the page has fetched so far (resource timing: every engine has it)."""
    return browser.execute_script("return performance.getEntriesByType('resource').map((entry) => entry.name)")


def _mounted(browser) -> bool:
    return browser.execute_script("return document.querySelector('wasmui-app').dataset.state === 'mounted'")


def _heading(browser) -> str | None:
    return browser.execute_script("return document.querySelector('h1')?.textContent ?? null")


def test_the_first_page_does_not_download_the_lazy_wheel_and_the_route_loads_it(lazy_site, browser):
    browser.get(lazy_site)
    wait(browser, lambda: _mounted(browser), 60)
    first = _fetched(browser)
    assert [url for url in first if url.endswith(".whl")] and not [url for url in first if LAZY_WHEEL in url], first
    browser.find_element(By.ID, "to-reports").click()
    wait(browser, lambda: _heading(browser) == "Reports 2026", 30)
    assert browser.execute_script("return [location.pathname, document.querySelector('#imported').textContent]") == [
        "/reports/2026", "imported",
    ]  # fmt: skip
    assert len([url for url in _fetched(browser) if url.endswith(LAZY_WHEEL)]) == 1


def test_a_deep_link_to_the_lazy_route_paints_the_fallback_then_loads_the_view(lazy_site, browser):
    browser.get(lazy_site + "reports/2026/")
    painted = browser.execute_script("return document.querySelector('#loading')?.textContent ?? null")
    assert painted == "Loading reports…"  # the pre-rendered page: the fallback, before Python
    wait(browser, lambda: _heading(browser) == "Reports 2026", 60)
    assert browser.execute_script("return document.title") == "Reports"
    assert [url for url in _fetched(browser) if url.endswith(LAZY_WHEEL)]


@pytest.mark.chromium_only(reason="CDP blocks the lazy wheel's download")
def test_a_lazy_wheel_that_does_not_download_is_an_error_in_place_and_retry_loads_it(lazy_site, browser):
    browser.execute_cdp_cmd("Network.enable", {})
    try:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [f"*{LAZY_WHEEL}"]})
        browser.get(lazy_site)
        wait(browser, lambda: _mounted(browser), 60)
        browser.find_element(By.ID, "to-reports").click()
        alert = "return document.querySelector('[role=alert] p')?.textContent ?? null"
        wait(browser, lambda: browser.execute_script(alert) is not None, 30)
        said = browser.execute_script(alert)
        assert said.startswith("Could not load lazyshop.reports.view:Reports: ImportError: package lazyshop-reports "
                               "could not be loaded from this site's pyodide-lock.json: "), said  # fmt: skip
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        browser.execute_cdp_cmd("Network.disable", {})
    browser.find_element(By.XPATH, "//button[text()='Retry']").click()
    wait(browser, lambda: _heading(browser) == "Reports 2026", 30)
    assert browser.execute_script("return document.querySelector('[role=alert]')") is None


@pytest.mark.chromium_only(reason="reads the console (get_log); the load's logic is tested on the host in every run")
def test_leaving_the_route_while_its_wheel_loads_leaves_no_error_and_the_route_works_after(lazy_site, browser):
    browser.get(lazy_site)
    wait(browser, lambda: _mounted(browser), 60)
    browser.get_log("browser")  # what came before
    _Gated.asked.clear()
    _Gated.gate.clear()
    try:
        browser.find_element(By.ID, "to-reports").click()
        assert _Gated.asked.wait(30), "the lazy wheel was never requested"
        assert browser.execute_script("return document.querySelector('#loading')?.textContent") == "Loading reports…"
        browser.back()  # the view is left while its wheel is on the way
        wait(browser, lambda: _heading(browser) == "Shop")
    finally:
        _Gated.gate.set()
    wait(browser, lambda: [url for url in _fetched(browser) if url.endswith(LAZY_WHEEL)])
    assert _heading(browser) == "Shop" and browser.execute_script("return document.querySelector('[role=alert]')") is None
    browser.find_element(By.ID, "to-reports").click()
    wait(browser, lambda: _heading(browser) == "Reports 2026", 30)
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
