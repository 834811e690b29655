"""``wasmui dev``'s server (#25), over real HTTP on a ``wasmui new`` project, without a browser:

- the lock names a wheel of the sources as they are now, so a reload or a new tab runs the
  current code (it used to run the code of the moment ``wasmui dev`` started);
- history-mode deep links (``/cart``, ``/users/42``) are answered with the page, with a
  base so that its relative URLs still resolve; a missing file is still a 404;
- a project file is sent as it is now, even when asked with ``If-Modified-Since``.

The same in headless Chromium is in tests/browser/test_dev.py.
"""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from wasmui.cli.devserver import is_route, make_server, with_root_base
from wasmui.cli.project import load_project
from wasmui.cli.scaffold import new_project

from ..harness import ROOT


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    """A new project served by the dev server on a free port: (project root, base URL)."""
    root = new_project(tmp_path_factory.mktemp("dev"), "shop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WASMUI_PYODIDE_DIR", str(ROOT / "node_modules" / "pyodide"))
        server, _ = make_server(load_project(root), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def project_wheel(base: str) -> tuple[str, str]:
    """The lock's entry for the project: (wheel URL path, app.py's source in that wheel)."""
    status, body, headers = get(f"{base}/pyodide/pyodide-lock.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    file_name = json.loads(body)["packages"]["shop"]["file_name"]
    status, wheel, _ = get(f"{base}/pyodide/{file_name}")
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return file_name, archive.read("shop/app.py").decode()


def test_the_lock_names_a_wheel_of_the_current_sources(dev):
    root, base = dev
    app = root / "shop" / "app.py"
    first_name, first_source = project_wheel(base)
    assert first_source == app.read_text()
    assert project_wheel(base)[0] == first_name  # nothing changed: the same wheel
    app.write_text(app.read_text().replace('"Click me"', '"Add to cart"'))
    # asked at once after the save (before the watcher's next look): already the new code
    new_name, new_source = project_wheel(base)
    assert '"Add to cart"' in new_source and new_name != first_name
    assert new_name.rsplit("/", 1)[-1] == first_name.rsplit("/", 1)[-1]  # same wheel name, in a folder named by its hash
    assert get(f"{base}/pyodide/{first_name}")[0] == 404  # the old wheel is gone


@pytest.mark.parametrize("path", ["/cart", "/cart/", "/users/42", "/users/jane.doe"])
def test_a_deep_link_gets_the_page_with_the_dev_client_and_a_root_base(dev, path):
    _, base = dev
    status, body, headers = get(base + path, {"Accept": "text/html,application/xhtml+xml"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<wasmui-app component="shop.app:App"' in page and "/__wasmui/dev-client.js" in page
    assert '<base href="/">' in page  # style.css and wasmui.js resolve from the root at /users/42 too


@pytest.mark.parametrize("path", ["/missing.css", "/logo.png", "/shop/missing.py", "/fonts/a.woff2", "/users/jane.doe"])
def test_a_missing_file_is_still_a_404(dev, path):
    _, base = dev
    # /users/jane.doe: a route only when a page is asked for; a fetch of it is a missing file
    assert get(base + path, {"Accept": "*/*"})[0] == 404


def test_the_page_and_existing_files_are_served_as_they_are(dev):
    root, base = dev
    status, body, _ = get(f"{base}/")
    assert status == 200 and '<base href="/">' not in body.decode()  # the page as written, at its own URL
    assert get(f"{base}/style.css")[1] == (root / "style.css").read_bytes()
    # a file edited within the second of its last load: sent again, never a stale 304
    _, _, headers = get(f"{base}/style.css")
    (root / "style.css").write_text("body { color: rebeccapurple; }\n")
    status, body, _ = get(f"{base}/style.css", {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 200 and b"rebeccapurple" in body


def test_the_boot_script_and_worker_modes_applier_come_from_the_package(dev):
    _, base = dev
    js = Path(__file__).resolve().parents[2] / "wasmui" / "js"
    for path, source in (("/wasmui.js", "wasmui.js"), ("/wasmui-applier.js", "applier.js")):
        status, body, headers = get(base + path)
        assert (status, body, headers["Content-Type"]) == (200, (js / source).read_bytes(), "text/javascript"), path


def test_what_counts_as_a_route():
    assert is_route("/cart") and is_route("/users/42/") and is_route("/users/jane.doe", "text/html,*/*")
    assert not is_route("/users/jane.doe", "*/*") and not is_route("/app.js", "text/html")
    assert not is_route("/logo.png") and not is_route("/data.json", "text/html")
    page = '<html><head class="x">\n<link href="style.css"></head><header></header></html>'
    assert with_root_base(page) == '<html><head class="x">\n  <base href="/">\n<link href="style.css"></head><header></header></html>'
    assert with_root_base('<head><base href="/app/"></head>') == '<head><base href="/app/"></head>'


def test_dev_isolated_sends_the_cross_origin_isolation_headers(tmp_path, monkeypatch):
    """``wasmui dev --isolated``: the page, the runtime and the sources come with COOP and
    COEP (worker mode's synchronous DOM reads); the module's own server sends neither."""
    monkeypatch.setenv("WASMUI_PYODIDE_DIR", str(ROOT / "node_modules" / "pyodide"))
    server, _ = make_server(load_project(new_project(tmp_path, "iso")), "127.0.0.1", 0, isolated=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for path in ("/", "/wasmui.js", "/pyodide/pyodide-lock.json", "/pyodide/pyodide.asm.wasm", "/__wasmui/source/iso/app.py"):
            status, _, headers = get(f"{base}{path}")
            assert status == 200 and headers["Cross-Origin-Opener-Policy"] == "same-origin", path
            assert headers["Cross-Origin-Embedder-Policy"] == "require-corp", path
    finally:
        server.shutdown()
        server.server_close()


def test_dev_without_isolated_sends_no_isolation_header(dev):
    _, base = dev
    _, _, headers = get(f"{base}/")
    assert "Cross-Origin-Opener-Policy" not in headers and "Cross-Origin-Embedder-Policy" not in headers
