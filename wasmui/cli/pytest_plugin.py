"""wasmui's pytest plugin (registered as a ``pytest11`` entry point, and loaded by ``wasmui test``).

It gives pytest-pyodide Chromium's flags for machines without a display or a network;
adds ``--engine chromium,firefox,webkit`` (or ``all``), which runs pytest-pyodide's
browser tests in each engine (:mod:`.engines`: Firefox over WebDriver BiDi, WebKitGTK on
a virtual display, neither of which pytest-pyodide can start here by itself); gives the
``wasmui_page`` fixture (:mod:`.live_page`: the project's own page, served as ``wasmui
dev`` serves it, in each engine, in worker mode if the page says so); and turns browser
tests run by plain ``pytest`` without a Pyodide dist into skips that say what to run,
instead of a ``FileNotFoundError`` from deep inside pytest-pyodide after a long wait; the
host tests of that run go on.
"""

from __future__ import annotations

import argparse
import os
import threading
from pathlib import Path

import pytest

from . import engines
from .browser import CHROME_FLAGS
from .errors import CliError

try:
    from pytest_pyodide import fixture as pyodide_fixture
    from pytest_pyodide import get_global_config
    from pytest_pyodide import hook as pyodide_hook
    from pytest_pyodide import runner as pyodide_runner
except ImportError:  # wasmui without its [test] extra: this plugin still loads, plain pytest runs (#25)
    pyodide_runner = None

RUNTIME_OF = {"chromium": "chrome", "firefox": "firefox", "webkit": "webkit"}
"""wasmui's engine names -> pytest-pyodide's runtime names (its test ids say these)."""


def _chrome_driver(self, jspi=False):
    """pytest-pyodide's Chrome runner on the same launcher (Debian's chromedriver, our flags)."""
    return engines.launch("chromium")


if pyodide_runner is not None:
    _config = get_global_config()
    _config.set_flags("chrome", CHROME_FLAGS)

    class WebKitRunner(pyodide_runner._SeleniumBaseRunner):
        """pytest-pyodide's selenium runner, in WebKitGTK (its Safari runner needs macOS)."""

        browser = "webkit"
        script_timeout = 60

        def get_driver(self, jspi=False):
            return engines.launch("webkit")


def _firefox_driver(self, jspi=False):
    """pytest-pyodide's Firefox runner, driven over BiDi instead of through geckodriver."""
    return engines.launch("firefox")


def _install_engines() -> None:
    if pyodide_runner is None or "webkit" in pyodide_hook.RUNTIMES:
        return
    pyodide_hook.RUNTIMES.append("webkit")
    _config.set_flags("webkit", [])
    _config.set_load_pyodide_script("webkit", _config.get_load_pyodide_script("chrome"))
    pyodide_runner.SeleniumFirefoxRunner.get_driver = _firefox_driver
    pyodide_runner.SeleniumChromeRunner.get_driver = _chrome_driver
    runners = pyodide_fixture._runner_map

    def with_webkit():
        return {**runners(), ("selenium", "webkit", "main"): WebKitRunner}

    pyodide_fixture._runner_map = with_webkit


def _engines_option(text: str) -> str:
    """argparse's type for --engine: a bad name is a usage error, before anything starts."""
    try:
        return ",".join(engines.parse_engines(text))
    except CliError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix(f"--engine {text!r}: ")) from None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine", default=None, metavar="ENGINES", type=_engines_option,
        help="browser engines for the browser tests: chromium, firefox, webkit (comma-separated) or all; "
             "default chromium",
    )  # fmt: skip


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """``--engine`` chooses pytest-pyodide's runtimes (before pytest-pyodide reads them)."""
    _install_engines()
    chosen = config.getoption("engine")
    if chosen is not None:
        config.option.runtime = ",".join(RUNTIME_OF[name] for name in chosen.split(","))


def pytest_sessionstart(session: pytest.Session) -> None:
    """pytest-pyodide keeps the runtimes in a set, so their tests came in an order of the
    process's string hashes, another in each run (a failure that depends on what ran before
    could not be run again as it was), and pytest-xdist's workers (``-n``) each collected a
    different order and refused to run. They go in wasmui's order of engines instead."""
    if pyodide_runner is not None:
        chosen = pyodide_hook.pytest_wrapper.pyodide_runtimes
        ordered = [runtime for runtime in RUNTIME_OF.values() if runtime in chosen]
        pyodide_hook.pytest_wrapper.pyodide_runtimes = ordered + sorted(set(chosen) - set(ordered))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The engines the browser tests ran in, with their versions."""
    if engines.LAUNCHED:
        versions = ", ".join(f"{name} {version}" for name, version in sorted(engines.LAUNCHED.items()))
        terminalreporter.write_line(f"wasmui engines: {versions}")


def chosen_engines(config: pytest.Config) -> list[str]:
    """The engines of this run (``--engine``, else pytest-pyodide's ``--runtime``), in
    wasmui's order of engines whatever order they were given in (the tests' order, the
    same in every run and every pytest-xdist worker)."""
    if config.getoption("engine"):
        given = config.getoption("engine").split(",")
        return [name for name in engines.ENGINES if name in given]
    runtimes = [r.strip() for r in (config.getoption("runtime", default="chrome") or "chrome").split(",")]
    return [name for name, runtime in RUNTIME_OF.items() if runtime in runtimes] or ["chromium"]

_BROWSER_FIXTURES = ("selenium", "selenium_standalone", "selenium_module_scope", "selenium_standalone_noload", "wasmui_page")


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """Without a Pyodide dist the browser tests are skipped, each saying how to run them;
    the rest of the run goes on (#25: it used to stop the whole run, even one that ``-k``
    narrowed to host tests)."""
    dist = Path(config.getoption("dist_dir", default="pyodide") or "pyodide")
    if (dist / "pyodide-lock.json").exists():
        return
    skip = pytest.mark.skip(reason=no_dist_reason(dist))
    for item in items:
        if set(getattr(item, "fixturenames", ())) & set(_BROWSER_FIXTURES):
            item.add_marker(skip)


def no_dist_reason(dist: Path) -> str:
    """Why a browser test did not run, and the commands that run it."""
    return (
        f"browser test: no Pyodide dist in {dist}; `wasmui test` runs it (it assembles a dist with your "
        "package), or `wasmui dist --out DIR --test` then `pytest --dist-dir=DIR --runtime chrome`"
    )


@pytest.fixture(scope="session")
def wasmui_page_server(request: pytest.FixtureRequest):
    """The project's dev server (development mode: checks, the overlay, ``run``), for the
    session; its URL. Its dist is its own (``.wasmui/page-test``, one per pytest-xdist
    worker), so a ``wasmui dev`` running beside it is not disturbed."""
    from .devserver import make_server
    from .project import load_project

    try:
        scratch = "-".join(filter(None, ["page-test", os.environ.get("PYTEST_XDIST_WORKER")]))
        server, _watcher = make_server(load_project(request.config.rootpath), "127.0.0.1", 0, scratch=scratch)
    except CliError as exc:
        pytest.fail(f"wasmui_page: {exc}", pytrace=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def _wasmui_page_browsers():
    """One browser per engine for the session's ``wasmui_page`` tests (each test opens its page anew)."""
    browsers: dict = {}
    yield browsers
    for driver in browsers.values():
        driver.quit()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking wasmui's ``wasmui_page`` runs once in each engine of the run
    (``--engine``), its ids pytest-pyodide's (``[chrome]``), so ``-k chrome`` picks both
    kinds of browser test. The engine is the hidden ``_wasmui_page_engine``, which only
    the plugin's ``wasmui_page`` asks for: a project's own fixture of that name does not,
    so its tests are left alone (not parametrized again)."""
    if "_wasmui_page_engine" in metafunc.fixturenames:
        chosen = chosen_engines(metafunc.config)
        metafunc.parametrize("_wasmui_page_engine", chosen, ids=[RUNTIME_OF[name] for name in chosen])


@pytest.fixture
def wasmui_page(_wasmui_page_engine: str, wasmui_page_server: str, _wasmui_page_browsers: dict):
    """The project's page in one engine (:class:`~wasmui.cli.live_page.LivePage`): ``open()``
    it, ``click``/``type`` as a user does, ``expect_text`` what the app commits, ``run``
    Python where the app runs."""
    from .live_page import LivePage

    engine = _wasmui_page_engine
    if engine not in _wasmui_page_browsers:
        _wasmui_page_browsers[engine] = engines.launch(engine)
    return LivePage(_wasmui_page_browsers[engine], engine, wasmui_page_server)
