"""lazy() (#24) on the model DOM: the fallback first, then the view; a load error in place,
retried; a lazy route; an unmount during a load leaves nothing pending; the pre-rendered
page shows the fallback. And the build's side: ``[tool.wasmui] lazy`` packages in wheels of
their own, in the lock, absent from the project's wheel and from the page's preload hints."""

from __future__ import annotations

import asyncio
import importlib
import itertools
import json
import sys
import warnings
import zipfile

import pytest

from wasmui import _ffi, component, flush, h, html, lazy, mount, runtime
from wasmui.modeldom import ModelHost, element
from wasmui.router import Route, Router
from wasmui.testing import click, navigate, render

lazy_module = importlib.import_module("wasmui.lazy")  # `wasmui.lazy` is the function
_names = itertools.count()


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A fresh package on sys.path (a new name per test: nothing of it imported yet);
    ``write(module, source)`` adds a module to it."""
    name = f"lazy_pkg_{next(_names)}"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)

    def write(module: str, source: str) -> str:
        (tmp_path / name / f"{module}.py").write_text(source)
        importlib.invalidate_caches()
        return f"{name}.{module}"

    yield write
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


REPORTS = """
from wasmui import component, html

@component
def Reports(year="2026"):
    return html.h1(f"Reports {year}")
"""


def test_the_fallback_shows_first_then_the_view(container, package):
    module = package("reports", REPORTS)
    commits = []

    @component
    def Loading():
        return html.p("Loading reports…")

    Reports = lazy(f"{module}:Reports", fallback=Loading)
    root = mount(h(Reports, {"year": "1999"}), container)
    commits.append(container.to_html())
    flush()
    commits.append(container.to_html())
    assert commits == ['<div id="app"><p>Loading reports…</p></div>', '<div id="app"><h1>Reports 1999</h1></div>']
    root.unmount()

    again = mount(Reports, container)  # imported now: rendered at once, no fallback
    assert container.to_html() == '<div id="app"><h1>Reports 2026</h1></div>'
    again.unmount()


def test_a_fallback_node_and_no_fallback(container, package):
    module = package("reports", REPORTS)
    root = mount(lazy(f"{module}:Reports", fallback=html.p("wait", class_="spinner")), container)
    assert container.to_html() == '<div id="app"><p class="spinner">wait</p></div>'
    root.unmount()
    del sys.modules[module]
    root = mount(lazy(f"{module}:Reports"), container)
    assert container.to_html() == '<div id="app"><!----></div>'  # nothing, held by its place
    flush()
    assert container.to_html() == '<div id="app"><h1>Reports 2026</h1></div>'
    root.unmount()


def test_a_load_error_renders_in_place_naming_the_component_and_retry_loads_again(container, package):
    module = package("broken", "raise RuntimeError('the reports server is down')\n")
    view = render(html.main(html.h1("Shop"), h(lazy(f"{module}:Reports", fallback=html.p("…")))))
    flush()
    alert = view.get_by_role("alert")
    assert alert.getAttribute("data-wasmui-lazy-error") == f"{module}:Reports"
    assert alert.querySelector("p").textContent == f"Could not load {module}:Reports: RuntimeError: the reports server is down"
    assert view.get_by_text("Shop") is not None  # the rest of the page is there
    package("broken", REPORTS + "\n# fixed\n")
    click(view.get_by_role("button", name="Retry"))
    flush()
    assert [h1.textContent for h1 in view.container.querySelectorAll("h1")] == ["Shop", "Reports 2026"]
    view.unmount()


def test_a_missing_name_is_a_load_error(container, package):
    module = package("reports", REPORTS)
    view = render(lazy(f"{module}:Report"))
    flush()
    assert view.get_by_role("alert").querySelector("p").textContent == (
        f"Could not load {module}:Report: ImportError: module {module} has no Report"
    )
    view.unmount()


def test_a_lazy_route_gets_its_parameters_and_loads_when_first_shown(host, package):
    module = package("item", "from wasmui import component, html\n\n@component\ndef Item(item_id):\n    return html.h1(f'Item {item_id}')\n")

    @component
    def Home():
        return html.h1("Home")

    routes = [Route("/", Home), Route("/items/{item_id}", lazy(f"{module}:Item", fallback=html.p("Loading item…")))]
    view = render(Router(routes), url="/")
    assert module not in sys.modules
    navigate("/items/7")
    assert view.container.textContent in ("Loading item…", "Item 7")
    flush()
    assert view.container.textContent == "Item 7"
    navigate("/")
    navigate("/items/8")  # loaded now: no fallback
    assert view.container.textContent == "Item 8"
    view.unmount()


def test_the_pre_rendered_page_shows_the_fallback(package):
    module = package("reports", REPORTS)
    importlib.import_module(module)  # even when the build has it imported: the browser's first render has not
    previous = runtime.current_runtime
    host = ModelHost()
    host.prerendering = True
    runtime.use_host(host)
    try:
        container = element("div")
        root = mount(lazy(f"{module}:Reports", fallback=html.p("Loading reports…")), container)
        assert container.to_html() == "<div><p>Loading reports…</p></div>"
        root.unmount()
    finally:
        runtime._set_current(previous)


class _Wheels:
    """The browser's wheel loading, stood in for: awaits until released (or fails)."""

    def __init__(self):
        self.asked: list[list[str]] = []
        self.release = asyncio.Event()
        self.error: Exception | None = None

    async def load(self, names):
        self.asked.append(names)
        await self.release.wait()
        if self.error is not None:
            raise self.error


@pytest.fixture
def wheels(monkeypatch):
    fake = _Wheels()
    monkeypatch.setattr(lazy_module, "_wheels_to_load", lambda module_name, packages: [*packages, "shop-reports"])
    monkeypatch.setattr(_ffi, "load_packages", fake.load)
    return fake


def _pending() -> list[asyncio.Task]:
    return [task for task in asyncio.all_tasks() if task is not asyncio.current_task() and not task.done()]


async def _until(condition, what: str) -> None:
    for _ in range(1000):
        flush()
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"never happened: {what}")


def test_wheels_load_before_the_import_and_an_unmount_during_the_load_leaves_nothing_pending(container, package, wheels):
    module = package("reports", REPORTS)
    Reports = lazy(f"{module}:Reports", fallback=html.p("Loading…"), packages=["charts"])

    async def main():
        root = mount(Reports, container)
        await _until(lambda: wheels.asked, "the wheels asked for")
        assert wheels.asked == [["charts", "shop-reports"]] and container.textContent == "Loading…"
        [load] = _pending()
        lazy_view = root.component
        root.unmount()
        await asyncio.sleep(0)
        assert _pending() == [] and load.cancelled() and lazy_view.scope.count() == 0  # cancelled at unmount
        wheels.release.set()
        await asyncio.sleep(0)
        flush()
        assert module not in sys.modules and container.to_html() == '<div id="app"></div>'

        wheels.release.clear()
        root = mount(Reports, container)
        await _until(lambda: len(wheels.asked) == 2, "asked again")
        wheels.release.set()
        await _until(lambda: container.textContent == "Reports 2026", "the view")
        root.unmount()

    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        asyncio.run(main())
    assert [str(w.message) for w in warned] == []  # no state set after unmount


def test_a_wheel_that_does_not_load_is_an_error_in_place(container, package, wheels):
    module = package("reports", REPORTS)
    wheels.error = ImportError("package shop-reports could not be loaded from this site's pyodide-lock.json: HTTP 404")
    wheels.release.set()

    async def main():
        root = mount(lazy(f"{module}:Reports"), container)
        await _until(lambda: container.querySelector("[role=alert]") is not None, "the error")
        assert container.querySelector("p").textContent == (
            f"Could not load {module}:Reports: ImportError: package shop-reports could not be loaded "
            "from this site's pyodide-lock.json: HTTP 404"
        )
        assert module not in sys.modules
        root.unmount()

    asyncio.run(main())


def test_which_wheels_a_module_needs_in_the_browser(monkeypatch):
    state = {"shop": "loaded", "shop-reports": "listed", "shop-reports-charts": None, "extra": "listed", "done": "loaded"}
    monkeypatch.setattr(_ffi, "IN_BROWSER", True)
    monkeypatch.setattr(_ffi, "package_state", state.get)
    needs = lazy_module._wheels_to_load
    assert needs("shop.reports.charts", ()) == ["shop-reports"]
    assert needs("shop.reports.charts", ("Extra", "done")) == ["extra", "shop-reports"]
    assert needs("sys", ("extra",)) == []  # imported already
    monkeypatch.setattr(_ffi, "IN_BROWSER", False)
    assert needs("shop.reports.charts", ("extra",)) == []  # the host: a plain import


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match=r"lazy\('shop.reports'\): expected 'package.module:Component'"):
        lazy("shop.reports")
    with pytest.raises(TypeError, match="expected a list of package names"):
        lazy("shop.reports:Reports", packages="shop-reports")


# --- the build's side -----------------------------------------------------------------

SHOP = """
from wasmui import component, html, lazy
from wasmui.router import Link, Route, Router

@component
def Home():
    return html.main(html.h1("Shop"), Link("/reports", "Reports"))

Reports = lazy("lazyshop.reports.view:Reports", fallback=html.p("Loading reports…"))

@component
def App():
    return Router([Route("/", Home), Route("/reports", Reports, title="Reports")])
"""


def make_lazyshop(root, lazy_setting='lazy = ["lazyshop.reports"]'):
    (root / "lazyshop" / "reports").mkdir(parents=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "lazyshop"\nversion = "0.1.0"\n\n[tool.wasmui]\n{lazy_setting}\n')
    (root / "index.html").write_text('<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>'
                                     '<wasmui-app component="lazyshop.app:App" packages="lazyshop"></wasmui-app>'
                                     '<script type="module" src="wasmui.js"></script></body></html>')  # fmt: skip
    (root / "lazyshop" / "__init__.py").write_text("")
    (root / "lazyshop" / "app.py").write_text(SHOP)
    (root / "lazyshop" / "reports" / "__init__.py").write_text("")
    (root / "lazyshop" / "reports" / "view.py").write_text(REPORTS)


@pytest.fixture
def forget_lazyshop():
    """The build imports the project's package to pre-render it: gone afterwards."""
    yield
    for module in [m for m in sys.modules if m.split(".")[0] == "lazyshop"]:
        del sys.modules[module]


def test_the_build_puts_a_lazy_package_in_a_wheel_of_its_own_that_the_page_does_not_preload(tmp_path, monkeypatch, forget_lazyshop):
    from wasmui.cli.build import build
    from wasmui.cli.project import load_project

    monkeypatch.setenv("WASMUI_PYODIDE_DIR", str(_pyodide_dir()))
    make_lazyshop(tmp_path)
    out = build(load_project(tmp_path), tmp_path / "dist", cdn="", compress=False)
    lock = json.loads((out / "pyodide" / "pyodide-lock.json").read_text())
    entries = {name: entry for name, entry in lock["packages"].items()}
    assert set(entries) == {"wasmui", "lazyshop", "lazyshop-reports"}
    assert entries["lazyshop-reports"]["depends"] == ["lazyshop"]
    with zipfile.ZipFile(out / "pyodide" / entries["lazyshop"]["file_name"]) as main:
        assert not [name for name in main.namelist() if name.startswith("lazyshop/reports/")]
    with zipfile.ZipFile(out / "pyodide" / entries["lazyshop-reports"]["file_name"]) as part:
        assert {"lazyshop/reports/__init__.py", "lazyshop/reports/view.py"} <= set(part.namelist())
        assert not [name for name in part.namelist() if name.startswith("lazyshop/") and not name.startswith("lazyshop/reports/")]
    for page in ("index.html", "reports/index.html"):
        text = (out / page).read_text()
        assert entries["lazyshop"]["file_name"] in text and "lazyshop_reports" not in text, page
    assert "<p>Loading reports…</p>" in (out / "reports" / "index.html").read_text()


def test_a_lazy_setting_that_is_no_subpackage_is_a_clear_error(tmp_path):
    from wasmui.cli.errors import CliError
    from wasmui.cli.project import load_project

    make_lazyshop(tmp_path, 'lazy = ["reports"]')
    with pytest.raises(CliError, match=r"\[tool.wasmui\] lazy is a list of subpackages of lazyshop"):
        load_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "lazyshop"\n\n[tool.wasmui]\nlazy = ["lazyshop.charts"]\n')
    with pytest.raises(CliError, match=r"lazy lists lazyshop.charts, but .*charts/__init__.py does not exist"):
        load_project(tmp_path).split_wheels(tmp_path / "wheels")


def _pyodide_dir():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "node_modules" / "pyodide"
