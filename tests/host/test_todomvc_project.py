"""examples/todomvc, the TodoMVC reference app (#24), as a project of its own: its tests
pass as the project runs them, its first view is pre-rendered as the built page shows it,
and its stylesheets are the pinned npm releases.

The official TodoMVC behavioural tests run against the built app in the browser suite
(tests/browser/test_todomvc.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from wasmui.cli.prerender import render_markup

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "examples" / "todomvc"


def test_the_projects_own_tests_pass_as_the_project_runs_them():
    """Its tests/ (model and app on the model DOM), in the project's folder with its own
    pytest settings, as `wasmui test` or plain pytest runs them there."""
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                            cwd=PROJECT, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed in [\d.]+s", summary), summary  # nothing skipped, failed or warned
    assert int(summary.split()[0]) >= 30, summary


def test_the_first_view_is_the_empty_app_with_the_focused_field():
    """Built pages show the placeholder (the todos are in the visitor's storage): the new-todo
    field, with autofocus, paints and takes the focus before Python starts."""
    markup = render_markup("todomvc.app:TodoApp", None, [PROJECT])
    assert markup.startswith('<section class="todoapp"><header class="header"><h1>todos</h1><input ')
    field = re.search(r"<input [^>]*>", markup).group(0)
    assert 'class="new-todo"' in field and "autofocus" in field and 'placeholder="What needs to be done?"' in field
    assert '<footer class="info">' in markup and "todo-list" not in markup


def test_the_stylesheets_are_the_pinned_npm_releases():
    """css/base.css and css/index.css are copies of todomvc-common's and todomvc-app-css's
    files at the versions package.json pins (a build copies files inside the project only)."""
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for package, name, copy in (("todomvc-common", "base.css", "base.css"), ("todomvc-app-css", "index.css", "index.css")):
        installed = ROOT / "node_modules" / package
        assert json.loads((installed / "package.json").read_text())["version"] == pinned[package]
        assert (PROJECT / "css" / copy).read_bytes() == (installed / name).read_bytes(), f"css/{copy} differs from {package}"
