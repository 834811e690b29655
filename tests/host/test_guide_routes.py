"""The guide's examples for routing, lazy routes, testing routes and pre-rendered routes (#24)
run as written: a section's plain code blocks are executed in order on the model DOM; a
block whose first line is ``# path/to/file.py`` is that file of a project, which the test
writes out, imports, and builds with ``wasmui build`` where the section is about the build."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from wasmui import runtime
from wasmui.cli.build import build
from wasmui.cli.project import load_project
from wasmui.testing import click, render

from .guide import code, run_blocks, section

ROOT = Path(__file__).resolve().parents[2]
PAGE = ('<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>'
        '<wasmui-app component="shop.app:App" packages="shop"></wasmui-app>'
        '<script type="module" src="wasmui.js"></script></body></html>')  # fmt: skip


def write_project(folder: Path, title: str) -> Path:
    """The section's ``# path`` blocks as files of a project ``shop`` (pyproject: its toml block, if any)."""
    settings = "".join(code(title, "toml"))
    (folder / "pyproject.toml").write_text(f'[project]\nname = "shop"\nversion = "0.1.0"\n\n{settings}')
    (folder / "index.html").write_text(PAGE)
    for block in code(title):
        path = re.match(r"# (\S+\.py)\n", block)
        assert path, f"a block of {title!r} names no file: {block[:60]!r}"
        target = folder / path.group(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        for package in target.relative_to(folder).parents:
            if package != Path(".") and not (folder / package / "__init__.py").exists():
                (folder / package / "__init__.py").write_text("")
        target.write_text(block)
    return folder


@pytest.fixture
def shop(tmp_path, monkeypatch):
    """A fresh ``shop`` package importable (none left from other tests, none left after)."""

    def forget():
        for module in [m for m in sys.modules if m.split(".")[0] == "shop"]:
            del sys.modules[module]

    forget()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setenv("WASMUI_PYODIDE_DIR", str(ROOT / "node_modules" / "pyodide"))
    yield tmp_path
    forget()


def test_the_routing_example_runs_and_its_routes_test_passes(app):
    ns = run_blocks("Routing", {"__name__": "guide_routing"})
    assert app.querySelector("h1").textContent == "Shop"
    click(app.querySelector("a"))
    assert app.querySelector("h1").textContent == "Item 7" and app.querySelector("p").textContent == "Item 7: 3 EUR"
    runtime.current_runtime.roots[0].unmount()

    run_blocks("Testing routes", ns)
    ns["test_routes"]()


def test_the_lazy_routes_example_loads_the_reports_when_shown_and_builds_them_apart(shop):
    project = write_project(shop, "Lazy routes")
    from shop.app import App

    view = render(App, url="/")
    assert "shop.reports.view" not in sys.modules
    click(view.get_by_role("link", name="This year's reports"))  # commits the fallback, then the loaded view
    assert view.get_by_role("heading").textContent == "Reports 2026" and view.location.title == "Reports"
    view.unmount()

    out = build(load_project(project), project / "dist", cdn="", compress=False)
    lock = json.loads((out / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert set(lock) == {"wasmui", "shop", "shop-reports"}
    page = (out / "index.html").read_text()
    assert lock["shop"]["file_name"] in page and lock["shop-reports"]["file_name"] not in page


def test_the_pre_rendered_routes_example_builds_the_pages_of_its_table(shop):
    project = write_project(shop, "Pre-rendered routes")
    out = build(load_project(project), project / "dist", cdn="", compress=False)
    rows = re.findall(r"^\| `dist/(\S+)` \| (.*?) \| (.*?) \|$", section("Pre-rendered routes"), re.M)
    assert [row[0] for row in rows] == ["index.html", "items/1/index.html", "items/2/index.html", "404.html"]
    for file, _, holds in rows:
        page = (out / file).read_text()
        for markup in re.findall(r"`(<[^`]+>)`", holds):
            assert markup in page, (file, markup)
    assert "<h1>Shop</h1>" in (out / "index.html").read_text()
    assert not (out / "account").exists()  # prerender=False
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("index.html")) == [
        "index.html", "items/1/index.html", "items/2/index.html",
    ]  # fmt: skip
