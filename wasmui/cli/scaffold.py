"""``wasmui new NAME``: a project that works at once (#13).

It holds a package with one component, the page that mounts it, tests that run without a
browser (the model DOM), in headless Chromium, and on the page itself, and a README with the
commands. Nothing in it is specific to this machine: ``pip install wasmui`` and the
``wasmui`` command are all it needs.

Its page runs Python in a Web Worker (#26) unless ``--main-thread`` is given: measured with
Lighthouse's mobile preset, the scaffold built in worker mode scores 100 with no blocking
time, against about 70 and 12 s of blocking time on the main thread (docs/benchmarks.md),
and the development tools (hot reload, the inspector, the overlay) work in both.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from .errors import CliError

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def new_project(parent: Path, name: str, *, worker: bool = True) -> Path:
    """Writes the project ``parent/name``; refuses a bad name or an existing folder.
    ``worker``: its page runs Python in a Web Worker (the meta tag), else on the main thread."""
    if not _NAME.match(name) or keyword.iskeyword(name):
        hint = re.sub(r"\W", "_", name).lstrip("0123456789_") or "app"
        hint = f"{hint}_app" if keyword.iskeyword(hint) else hint
        raise CliError(f"{name!r} cannot be a Python package name (letters, digits and _, a letter first): try {hint!r}")
    root = parent / name
    if root.exists():
        raise CliError(f"{root} already exists")
    for relative, text in _files(name, worker).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


WORKER_META = """  <!-- Python runs in a Web Worker: the page never waits for it. Without the tag below it
       runs on the page's main thread, where `import js` reaches the page too (wasmui's
       `dom` names work in both) -->
  <meta name="wasmui-worker" content="on">
"""


def _files(name: str, worker: bool) -> dict[str, str]:
    import wasmui  # (the installed wasmui, for the wheel's name in the README)

    title = name.replace("_", " ").capitalize()
    return {
        "pyproject.toml": f'''[project]
name = "{name}"
version = "0.1.0"
description = "A wasmui app"
requires-python = ">=3.12"
dependencies = ["wasmui"]

[project.optional-dependencies]
test = ["wasmui[test]"]

[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[tool.setuptools]
packages = ["{name}"]

[tool.pytest.ini_options]
pythonpath = ["."]
''',
        f"{name}/__init__.py": f'"""{title}: a wasmui app."""\n',
        f"{name}/app.py": '''"""The app's root component."""

from wasmui import Component, html


class App(Component):
    """A counter: the state lives here, the page shows it."""

    def on_init(self):
        self.state = {"count": self.props.get("start", 0)}

    def increment(self):
        self.set_state(count=self.state["count"] + 1)

    def render(self):
        return html.main(
            html.h1("TITLE"),
            html.p("Clicked ", html.strong(str(self.state["count"]), data_testid="count"), " times"),
            html.button("Click me", on_click=self.increment),
        )
'''.replace("TITLE", title),
        "index.html": f'''<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
{WORKER_META if worker else ""}  <link rel="icon" href="data:,">  <!-- no icon yet (and no /favicon.ico 404): put yours here -->
  <link rel="stylesheet" href="style.css">
  <script type="module" src="wasmui.js"></script>
</head>
<body>
  <wasmui-app component="{name}.app:App" packages="{name}"></wasmui-app>
</body>
</html>
''',
        "tests/test_app.py": f'''"""Tests of the app: the same helpers on the model DOM (plain pytest, no browser) and in
headless Chromium (pytest-pyodide), and the page itself as a user meets it (wasmui_page:
in worker mode when index.html asks for it). `wasmui test` runs them all."""

from pytest_pyodide import run_in_pyodide

from {name}.app import App
from wasmui.testing import assert_no_leaks, click, render


def test_counting_without_a_browser():
    with assert_no_leaks():
        view = render(App, {{"start": 1}})
        click(view.get_by_role("button", name="Click me"))
        assert view.get_by_test_id("count").textContent == "2"
        view.unmount()


@run_in_pyodide(packages=["{name}"])
def test_counting_in_the_browser(selenium):
    from {name}.app import App
    from wasmui.testing import assert_no_leaks, click, render

    with assert_no_leaks():
        view = render(App, {{"start": 1}})
        click(view.get_by_role("button", name="Click me"))
        assert view.get_by_test_id("count").textContent == "2"
        view.unmount()


def test_counting_on_the_page(wasmui_page):
    page = wasmui_page.open("/")                      # waits until the app is mounted
    page.click("button")                              # a real click{", which crosses to the worker" if worker else ""}
    page.expect_text("[data-testid=count]", "1")      # waits for the commit that follows
    assert page.run("import js; hasattr(js, 'document')") is {"False  # Python runs in the worker" if worker else "True  # Python runs on the page"}
''',
        "README.md": f'''# {title}

A wasmui app: Python components running in the browser.

```sh
pip install "/path/to/wasmui-{wasmui.__version__}-py3-none-any.whl[test]"   # the wasmui wheel (not on PyPI yet), with
                                                              # pytest-pyodide for `wasmui test`
wasmui dev                   # serves the app at http://127.0.0.1:8000/ and reloads it as you edit
wasmui test                  # tests/ on the model DOM, in headless Chromium, and the page itself
wasmui build                 # a static site in dist/: serve it from any static host
```

The app is `{name}/app.py`; `index.html` mounts it with `<wasmui-app>`.
''',
        "style.css": """body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
button { font: inherit; padding: 0.4rem 1rem; border-radius: 6px; border: 1px solid #888; cursor: pointer; }
""",
        ".gitignore": "dist/\n.wasmui/\n__pycache__/\n*.egg-info/\n",
    }
