"""The wasmui command's pure parts (#13), under CPython: the scaffold, the wheels it writes,
the dist's lock, the built and served pages. The end-to-end runs are in tests/browser/test_cli.py."""

from __future__ import annotations

import zipfile

import pytest

from wasmui.cli.build import HashedScripts, production_page, worker_mode_of
from wasmui.cli.devserver import SourceWatcher, page_with_client
from wasmui.cli.dist import _closure
from wasmui.cli.errors import CliError
from wasmui.cli.main import main
from wasmui.cli.project import load_project
from wasmui.cli.scaffold import new_project
from wasmui.cli.wheels import wasmui_wheel


def test_new_writes_a_project_the_command_can_read(tmp_path):
    root = new_project(tmp_path, "kanban")
    project = load_project(root / "tests")  # found from a subfolder too
    assert (project.name, project.package, project.dependencies) == ("kanban", "kanban", ["wasmui"])
    assert project.package_dir == root / "kanban" and project.page == root / "index.html"
    with zipfile.ZipFile(project.wheel(tmp_path / "wheels")) as wheel:
        names = wheel.namelist()
        metadata = wheel.read("kanban-0.1.0.dist-info/METADATA").decode()
    assert "kanban/app.py" in names and "Requires-Dist: wasmui" in metadata


def test_a_new_projects_page_runs_python_in_a_worker_unless_told_main_thread(tmp_path, monkeypatch):
    """The default follows the measurements (#26: Lighthouse mobile 100 and no blocking time in
    worker mode, about 70 and 12 s of it on the main thread); the tag is read as the browser reads it."""
    from wasmui.cli.build import worker_mode_of

    monkeypatch.chdir(tmp_path)
    assert main(["new", "inworker"]) == 0 and main(["new", "onpage", "--main-thread"]) == 0
    assert worker_mode_of((tmp_path / "inworker" / "index.html").read_text()) is True
    assert worker_mode_of((tmp_path / "onpage" / "index.html").read_text()) is False


@pytest.mark.parametrize(("name", "hint"), [("my-app", "my_app"), ("1app", "app"), ("class", "class_app"), ("a b", "a_b")])
def test_new_refuses_a_name_python_cannot_import_and_suggests_one(tmp_path, name, hint):
    with pytest.raises(CliError, match=f"cannot be a Python package name .*: try '{hint}'"):
        new_project(tmp_path, name)


def test_new_refuses_an_existing_folder_and_says_so_without_a_traceback(tmp_path, monkeypatch, capsys):
    (tmp_path / "taken").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["new", "taken"]) == 2
    assert capsys.readouterr().err == f"wasmui new: {tmp_path / 'taken'} already exists\n"  # no traceback
    assert main(["test"]) == 2 and "no pyproject.toml" in capsys.readouterr().err


def test_the_browser_wheel_leaves_the_host_command_out(tmp_path):
    with zipfile.ZipFile(wasmui_wheel(tmp_path)) as wheel:
        names = wheel.namelist()
    assert "wasmui/js/wasmui.js" in names and "wasmui/reconcile/children.py" in names
    assert not [n for n in names if n.startswith(("wasmui/cli/", "wasmui/__main__"))]


def test_the_lock_keeps_the_added_wheels_and_what_they_depend_on():
    class Package:
        def __init__(self, *depends):
            self.depends = list(depends)

    packages = {"app": Package("wasmui", "numpy"), "wasmui": Package(), "numpy": Package(), "scipy": Package("numpy")}
    assert set(_closure(packages, {"app"})) == {"app", "wasmui", "numpy"}


def test_the_built_page_loads_the_hashed_scripts_in_production_mode():
    scripts = HashedScripts("wasmui.abc123.js", b"", "wasmui-applier.def456.js", b"")
    page = '<html><head>\n<meta charset="utf-8">\n<script type="module" src="./wasmui.js"></script></head></html>'
    built = production_page(page, scripts)
    assert 'src="wasmui.abc123.js"' in built
    assert built.index('<meta charset="utf-8">') < built.index('name="wasmui-mode" content="production"')
    # a page under a strict policy loads the applier itself (worker mode): its hashed name too
    strict = page.replace("</head>", "<script src='wasmui-applier.js'></script></head>")
    assert "<script src='wasmui-applier.def456.js'>" in production_page(strict, scripts)
    with pytest.raises(CliError, match="loads no"):
        production_page("<html><head></head></html>", scripts)


@pytest.mark.parametrize(
    "tag, mode",
    [
        ('<meta name="wasmui-worker" content="on">', True),
        ("<meta content='on' name='wasmui-worker'>", True),
        ('<META NAME=wasmui-worker CONTENT="on" >', True),
        ('<meta name="wasmui-worker" content="off">', False),
        ('<meta name="wasmui-mode" content="on">', False),
        ("", False),
    ],
)
def test_worker_mode_is_read_from_the_meta_tag_as_the_browser_reads_it(tag, mode):
    assert worker_mode_of(f"<html><head>{tag}</head><body></body></html>") is mode


def test_the_dev_page_gets_the_client_and_the_watcher_sees_edits(tmp_path):
    assert page_with_client("<head></head>").startswith('<head>  <script type="module" src="/__wasmui/dev-client.js">')
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    watcher = SourceWatcher(tmp_path, package)
    assert watcher.poll() == {"python": [], "assets": []}
    (package / "b.py").write_text("y = 2\n")
    (tmp_path / "style.css").write_text("p {}\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "index.html").write_text("built")  # a build's output is not watched
    assert watcher.poll() == {"python": ["pkg/b.py"], "assets": ["style.css"]}
    assert watcher.wait(0, timeout=0) == (1, {"python": ["pkg/b.py"], "assets": ["style.css"]})


def test_prerendering_writes_escaped_html_for_the_first_view(tmp_path):
    from wasmui import html, runtime
    from wasmui.cli.prerender import to_html
    from wasmui.modeldom import ModelHost, element
    from wasmui.root import mount

    runtime.use_host(ModelHost())
    container = element("div")
    root = mount(html.form(html.input(value='a"b', checked=True, type="checkbox"), html.p("<x> & y", class_="c"),
                           html.textarea(value="t<"), style={"color": "red"}), container)  # fmt: skip
    assert to_html(container.children[0]) == (
        '<form style="color: red"><input type="checkbox" value="a&quot;b" checked="">'
        '<p class="c">&lt;x&gt; &amp; y</p><textarea>t&lt;</textarea></form>'
    )
    root.unmount()


def test_a_page_is_prerendered_and_a_component_that_fails_is_left_to_the_browser(tmp_path):
    from wasmui.cli.prerender import prerender_page

    (tmp_path / "views.py").write_text(
        "from wasmui import Component, html\n"
        "class Good(Component):\n    def render(self):\n        return html.b(self.props['who'])\n"
        "class Browserish(Component):\n    def render(self):\n        import js\n        return html.b(js.location.href)\n"
    )
    page = ('<!-- a <wasmui-app> in a comment is left alone -->'
            '<wasmui-app component="views:Good" props=\'{"who": "Ada"}\'></wasmui-app>'
            '<wasmui-app component="views:Browserish"></wasmui-app>')  # fmt: skip
    filled, notes = prerender_page(page, [tmp_path])
    assert filled.startswith("<!-- a <wasmui-app> in a comment is left alone -->")
    assert '<wasmui-app component="views:Good" props=\'{"who": "Ada"}\' data-wasmui-prerendered><b>Ada</b></wasmui-app>' in filled
    assert '<wasmui-app component="views:Browserish"></wasmui-app>' in filled
    assert len(notes) == 1 and notes[0].startswith("views:Browserish: not pre-rendered") and "js" in notes[0]


def test_the_first_view_is_the_first_render_with_placeholders_for_browser_only_components(tmp_path):
    """No on_mount, effect or ref runs at build time (React's renderToString); a component
    with prerender = False is its placeholder; adjacent texts stay apart for hydration."""
    from wasmui.cli.prerender import render_markup

    (tmp_path / "clocky.py").write_text(
        "import time\n"
        "from wasmui import Component, component, h, html, use_effect\n"
        "started = []\n"
        "class Now(Component):\n    prerender = False\n"
        "    def placeholder(self):\n        return html.time('--:--')\n"
        "    def render(self):\n        return html.time(time.strftime('%H:%M'))\n"
        "@component\ndef Effectful():\n    use_effect(lambda: started.append('effect'), [])\n    return html.i('e')\n"
        "class Page(Component):\n"
        "    def on_mount(self):\n        started.append('on_mount')\n"
        "    def render(self):\n        return html.p('Count: ', 5, h(Now), h(Effectful), ref=started.append)\n"
    )
    markup = render_markup("clocky:Page", None, [tmp_path])
    assert markup == "<p>Count: <!--|-->5<time>--:--</time><i>e</i></p>"
    import clocky

    assert clocky.started == []


def test_mount_outside_a_browser_says_what_to_use_instead():
    from wasmui import MountError, html, mount, runtime

    runtime._set_current(None)
    with pytest.raises(MountError, match=r"outside a browser needs a model DOM: in tests, use wasmui.testing.render"):
        mount(html.p("x"), "#app")


def test_dev_on_a_port_in_use_says_to_pick_another(tmp_path, monkeypatch, capsys):
    import socket

    import wasmui.cli.devserver as devserver

    root = new_project(tmp_path, "busy")
    monkeypatch.chdir(root)
    monkeypatch.setattr(devserver, "assemble", lambda out, wheels, **options: out)  # no runtime needed to hit the port
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["dev", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_engine_names_are_checked_before_anything_starts():
    import argparse

    from wasmui.cli.engines import parse_engines
    from wasmui.cli.pytest_plugin import RUNTIME_OF, _engines_option

    assert parse_engines("all") == ["chromium", "firefox", "webkit"]
    assert _engines_option(" firefox , webkit") == "firefox,webkit"
    with pytest.raises(argparse.ArgumentTypeError, match="choose from chromium, firefox, webkit"):
        _engines_option("safari")
    assert RUNTIME_OF == {"chromium": "chrome", "firefox": "firefox", "webkit": "webkit"}  # pytest-pyodide's names
