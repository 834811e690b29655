"""``wasmui build``'s own files (#25): every static file of the project in the output under
a content-hashed name with the pages' references rewritten, ``--base`` for a sub-path,
``404.html`` for deep links, and a build that fails naming a file a page loads but the
project lacks. The runtime is a small stand-in (the real lock, dummy binaries), so each
build takes well under a second."""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from wasmui.cli.build import build
from wasmui.cli.errors import CliError
from wasmui.cli.main import main
from wasmui.cli.project import load_project
from wasmui.cli.scaffold import new_project

ROOT = Path(__file__).resolve().parents[2]
PNG = bytes.fromhex("89504e470d0a1a0a") + bytes(range(256)) * 4


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    """A stand-in Pyodide runtime: the real lock (wheels are added to it), dummy files, and
    a small standard library zip."""
    folder = tmp_path / "runtime"
    folder.mkdir()
    shutil.copyfile(ROOT / "node_modules" / "pyodide" / "pyodide-lock.json", folder / "pyodide-lock.json")
    for name, size in (("pyodide.mjs", 4000), ("pyodide.js", 4000), ("pyodide.asm.mjs", 20000), ("pyodide.asm.wasm", 50000)):
        (folder / name).write_bytes((f"// {name}\n".encode() + b"export const x = 1;\n" * size)[:size])
    with zipfile.ZipFile(folder / "python_stdlib.zip", "w", zipfile.ZIP_DEFLATED) as stdlib:
        stdlib.writestr("json/__init__.py", "import re\n" * 400)
        stdlib.writestr("_pyrepl/__init__.py", "# the terminal REPL\n" * 50)
        stdlib.writestr("this.py", "print('the zen')\n")
    monkeypatch.setenv("WASMUI_PYODIDE_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return folder


@pytest.fixture
def project(tmp_path, runtime):
    """The scaffold (``--main-thread``: the preload hints are a main-thread page's), with the
    files a real site has beside it."""
    root = new_project(tmp_path, "shop", worker=False)
    for name in [name for name in sys.modules if name == "shop" or name.startswith("shop.")]:
        del sys.modules[name]  # the pre-rendering imports the app: each test's own
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "logo.png").write_bytes(PNG)
    (root / "static" / "data.bin").write_bytes(b"\x00anything under static/")
    (root / "fonts").mkdir()
    (root / "fonts" / "inter.woff2").write_bytes(b"wOF2" + bytes(300))
    (root / "theme.css").write_text("h1 { color: rgb(1, 2, 3); }\n")
    css = (root / "style.css").read_text()
    (root / "style.css").write_text(
        '@import "theme.css";\n@font-face { font-family: Inter; src: url("fonts/inter.woff2") format("woff2"); }\n'
        "main { background: url(static/img/logo.png) no-repeat; }\n" + css
    )
    (root / "robots.txt").write_text("User-agent: *\n")
    (root / "notes.txt").write_text("not the site\n")
    (root / "tests" / "fixture.png").write_bytes(PNG)
    page = (root / "index.html").read_text()
    page = page.replace(
        '<link rel="stylesheet" href="style.css">',
        '<link rel="stylesheet" href="style.css">\n  <link rel="icon" href="./static/img/logo.png?v=2">',
    ).replace("<body>", '<body>\n  <img src="/static/img/logo.png" srcset="static/img/logo.png 2x" alt="">\n  <a href="/cart">Cart</a>')
    (root / "index.html").write_text(page)
    return root


def hashed(out: Path, relative: str) -> str:
    """The hashed output name of a project file (the one file matching name.<hash>.ext)."""
    stem, _, suffix = relative.rpartition(".")
    (match,) = [p.relative_to(out).as_posix() for p in out.glob(f"{stem}.*.{suffix}") if re.search(r"\.[0-9a-f]{12}\.", p.name)]
    return match


def test_every_static_file_is_built_under_a_hashed_name_and_the_page_refers_to_it(project):
    out = build(load_project(project), project / "dist", compress=False)
    page = (out / "index.html").read_text()
    logo = hashed(out, "static/img/logo.png")
    assert (out / logo).read_bytes() == PNG and hashlib.sha256(PNG).hexdigest()[:12] in logo
    style = hashed(out, "style.css")
    assert f'<link rel="stylesheet" href="/{style}">' in page
    assert f'<link rel="icon" href="/{logo}?v=2">' in page
    assert f'<img src="/{logo}" srcset="/{logo} 2x" alt="">' in page
    assert '<a href="/cart">' in page  # a route, not a file: left alone
    assert re.search(r'<script type="module" src="/wasmui\.[0-9a-f]{12}\.js">', page)
    # the stylesheet's own references: rewritten, and its hash is of the rewritten text
    css = (out / style).read_text()
    assert f'@import "/{hashed(out, "theme.css")}";' in css
    assert f'url("/{hashed(out, "fonts/inter.woff2")}")' in css and f"url(/{logo})" in css
    assert hashlib.sha256(css.encode()).hexdigest()[:12] in style
    # originals too, for URLs written in Python code; static/ whole; well-known files as they are
    assert (out / "static/img/logo.png").read_bytes() == PNG and (out / "style.css").read_text() == css
    assert (out / "static/data.bin").exists() and (out / "robots.txt").read_text() == "User-agent: *\n"
    # not the site: notes, tests, the Python package, the project's metadata
    for absent in ("notes.txt", "tests", "shop", "pyproject.toml", "README.md"):
        assert not (out / absent).exists(), absent


def test_the_first_view_inside_wasmui_app_is_left_as_the_component_rendered_it(project):
    app = project / "shop" / "app.py"
    app.write_text(app.read_text().replace('html.h1("Shop")', 'html.h1(html.img(src="static/img/logo.png", alt="Shop"))'))
    page = (build(load_project(project), project / "dist", compress=False) / "index.html").read_text()
    assert '<h1><img src="static/img/logo.png" alt="Shop"></h1>' in page  # what hydration will compare with


def test_404_html_is_the_page_so_a_static_host_serves_deep_links(project):
    out = build(load_project(project), project / "dist", compress=False)
    assert (out / "404.html").read_text() == (out / "index.html").read_text()


def test_worker_puts_every_page_in_worker_mode_beside_the_hashed_applier(project, tmp_path):
    plain = build(load_project(project), tmp_path / "plain", compress=False)
    assert 'name="wasmui-worker"' not in (plain / "index.html").read_text()
    out = build(load_project(project), tmp_path / "worker", compress=False, worker=True)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 2 and all('<meta name="wasmui-worker" content="on">' in page.read_text() for page in pages), pages
    # no hints: the worker fetches the runtime, and would not take over the page's downloads
    assert 'rel="preload"' in (plain / "index.html").read_text()
    assert not [page for page in pages if 'rel="preload"' in page.read_text() or 'rel="modulepreload"' in page.read_text()]
    # the page's main thread runs the applier, which the boot script loads by its hashed name
    applier = hashed(out, "wasmui-applier.js")
    assert (out / applier).read_bytes() == (ROOT / "wasmui" / "js" / "applier.js").read_bytes()
    assert (plain / applier).exists()  # shipped either way: boot({worker: true}) needs it too
    script = (out / hashed(out, "wasmui.js")).read_text()
    assert f'new URL("{applier}", import.meta.url)' in script and "wasmui-applier.js" not in script


def test_a_pages_own_worker_tag_wins_over_the_option_and_decides_the_hints(project, tmp_path):
    page = project / "index.html"
    page.write_text(page.read_text().replace("<head>", "<head>\n  <meta content='off' name='wasmui-worker'>"))
    kept = (build(load_project(project), tmp_path / "off", compress=False, worker=True) / "index.html").read_text()
    assert 'content="on"' not in kept and 'rel="preload"' in kept
    page.write_text(page.read_text().replace("content='off'", "content='on'"))
    chosen = (build(load_project(project), tmp_path / "on", compress=False) / "index.html").read_text()
    assert 'rel="preload"' not in chosen  # in worker mode by its own tag: no hints either


def test_base_puts_every_reference_under_the_sub_path(project):
    out = build(load_project(project), project / "dist", base="/shop-site", compress=False)
    page = (out / "404.html").read_text()
    urls = re.findall(r'(?:href|src|srcset)="([^"]+)"', page)
    assert urls and all(url.startswith("/shop-site/") for url in urls if url != "/cart" and not url.startswith("data:")), urls
    assert '<link rel="preload" href="/shop-site/pyodide/pyodide.asm.wasm" as="fetch" crossorigin fetchpriority="low">' in page
    assert "url(/shop-site/static/img/logo." in (out / hashed(out, "style.css")).read_text()


def test_a_bad_base_is_refused_naming_the_option(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["build", "--base", "shop/", "--no-compress"]) == 2
    assert "--base 'shop/': expected a path from the site's root such as /repo/" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("index.html", "</head>", '<link rel="stylesheet" href="css/gone.css"></head>'),
         r"index.html loads css/gone.css \(<link>\), which is not in the project: .*css/gone.css does not exist"),
        (("index.html", "</body>", '<script src="vendor.js"></script></body>'), r"index.html loads vendor.js \(<script>\)"),
        (("style.css", "body {", "body { background: url('img/bg.jpg'); "), r"style.css loads img/bg.jpg \(url\(\) in CSS\)"),
        (("index.html", "</body>", '<img src="../outside.png"></body>'), r"index.html loads ../outside.png \(<img>\)"),
    ],
)
def test_a_page_that_loads_a_missing_file_fails_the_build_naming_it(project, edit, message):
    name, old, new = edit
    (project / name).write_text((project / name).read_text().replace(old, new))
    with pytest.raises(CliError, match=message):
        build(load_project(project), project / "dist", compress=False)


@pytest.mark.parametrize(("compress", "method"), [(True, zipfile.ZIP_STORED), (False, zipfile.ZIP_DEFLATED)])
def test_the_stdlib_is_trimmed_and_stored_when_the_transfer_is_compressed(project, compress, method):
    """Stored, the zip compresses as a whole (.br); with --no-compress it stays deflated."""
    out = build(load_project(project), project / "dist", compress=compress)
    with zipfile.ZipFile(out / "pyodide" / "python_stdlib.zip") as stdlib:
        assert stdlib.namelist() == ["json/__init__.py"]
        assert stdlib.getinfo("json/__init__.py").compress_type == method
        assert stdlib.read("json/__init__.py") == b"import re\n" * 400
    assert (out / "pyodide" / "python_stdlib.zip.br").exists() == compress


def test_the_built_site_leaves_the_test_wheels_and_source_maps_out(project):
    out = build(load_project(project), project / "dist", compress=False)
    shipped = sorted(p.name for p in (out / "pyodide").rglob("*.whl"))
    assert shipped == ["shop-0.1.0-py3-none-any.whl", "wasmui-0.1.0-py3-none-any.whl"]
    assert not list(out.rglob("*.map"))


def test_another_page_that_boots_wasmui_is_built_as_the_page_is(project):
    """A second page copied from index.html (its ``<script src="wasmui.js">``) is a
    production page with its app's first view, as index.html is (the build failed on it,
    naming wasmui.js as missing); a page without wasmui is only rewritten."""
    index = (project / "index.html").read_text()
    (project / "about.html").write_text(index.replace("<title>", "<title>About "))
    (project / "plain.html").write_text('<!doctype html><title>plain</title><link rel="stylesheet" href="style.css">')
    out = build(load_project(project), project / "dist", compress=False)
    about, page = (out / "about.html").read_text(), (out / "index.html").read_text()
    assert re.search(r'<script type="module" src="/wasmui\.[0-9a-f]{12}\.js">', about)
    assert '<meta name="wasmui-mode" content="production">' in about and "<title>About " in about
    assert re.search(r"<wasmui-app[^>]*>(.+?)</wasmui-app>", about, re.S).group(1) == re.search(r"<wasmui-app[^>]*>(.+?)</wasmui-app>", page, re.S).group(1)
    plain = (out / "plain.html").read_text()
    assert f'href="/{hashed(out, "style.css")}"' in plain and "wasmui-mode" not in plain


def test_a_page_naming_a_component_its_module_lacks_fails_the_build_with_the_close_name(project):
    """A misspelled ``component="shop.app:Ap"``: no browser could mount it, so the build
    fails naming it (it shipped the page with a note before); a module the host cannot
    import (the browser's, by ``src=``) still leaves only a note."""
    page = (project / "index.html").read_text()
    (project / "index.html").write_text(page.replace("shop.app:App", "shop.app:Ap"))
    with pytest.raises(CliError, match=r'component="shop.app:Ap">: shop.app has no Ap \(did you mean shop.app:App\?\)'):
        build(load_project(project), project / "dist", compress=False)
