"""The wasmui command (#13), as a user runs it in a project of their own, outside this repository.

- ``wasmui dev`` serves a ``wasmui new`` project and hot-reloads an edited component in
  the open page: the same window, the count kept, the overlay on a syntax error; a
  stylesheet is swapped in place and an edited page reloads.
- From the wheel users install, in a fresh virtualenv: ``wasmui new``, the README's
  testing example as the project's tests, ``wasmui test`` (model DOM and Chromium),
  ``wasmui build`` served by a plain ``python -m http.server``, clicked in Chromium.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ..harness import ROOT, command_env, project_env

OVERLAY_TEXT = "return document.querySelector('wasmui-error-overlay')?.shadowRoot.textContent ?? ''"


def wait(browser, condition, timeout=20):
    return WebDriverWait(browser, timeout, poll_frequency=0.05).until(lambda d: condition())


def start(command: list[str], cwd: Path, env: dict[str, str], ready: str) -> tuple[subprocess.Popen, str]:
    """Starts a server process; returns it and the first line of its output matching ``ready``."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if re.search(ready, line):
            return process, line
    raise AssertionError(f"{command} ended without {ready!r}:\n{''.join(lines)}")


@pytest.fixture
def dev_project(tmp_path):
    env = project_env()
    subprocess.run([sys.executable, "-m", "wasmui", "new", "demo"], cwd=tmp_path, env=env, check=True, capture_output=True)
    project = tmp_path / "demo"
    server, line = start([sys.executable, "-m", "wasmui", "dev", "--port", "0"], project, env, r"serving demo at (http://\S+)")
    yield project, re.search(r"(http://\S+/)", line).group(1)
    server.terminate()
    server.wait(10)


@pytest.mark.chromium_only(reason="the command's own test: once is enough")
def test_dev_reloads_an_edited_component_in_place_keeping_its_state(browser, dev_project):
    project, url = dev_project
    app = project / "demo" / "app.py"
    source = app.read_text()
    browser.get(url)
    wait(browser, lambda: browser.execute_script("return document.querySelector('wasmui-app').dataset.state") == "mounted", 60)
    browser.execute_script("window.sameWindow = 'yes'")
    for _ in range(3):
        browser.find_element(By.TAG_NAME, "button").click()
    # read in one script each: a remount replaces the elements between a find and a read
    count = lambda: browser.execute_script("return document.querySelector('[data-testid=count]')?.textContent")  # noqa: E731
    label = lambda: browser.execute_script("return document.querySelector('button')?.textContent")  # noqa: E731
    wait(browser, lambda: count() == "3", 10)  # (a new project runs Python in a worker: each click's commit is a message away)
    # a new label: on the page within seconds, no navigation, the count still 3
    app.write_text(source.replace('"Click me"', '"Press me"'))
    wait(browser, lambda: label() == "Press me", 10)
    assert count() == "3" and browser.execute_script("return window.sameWindow") == "yes"
    # a syntax error: the overlay names the file and line; the page keeps the last good code
    app.write_text(source.replace("def render(self):", "def render(self)"))
    wait(browser, lambda: "SyntaxError" in browser.execute_script(OVERLAY_TEXT), 10)
    overlay = browser.execute_script(OVERLAY_TEXT)
    assert "demo/app.py:" in overlay and label() == "Press me"
    # fixed: the overlay goes, the new code runs, the state is still there
    app.write_text(source.replace('"Click me"', '"Go"'))
    wait(browser, lambda: label() == "Go", 10)
    assert browser.execute_script(OVERLAY_TEXT) == "" and count() == "3"
    assert browser.execute_script("return window.sameWindow") == "yes"
    # a stylesheet: swapped in place, the state and the window kept
    style = project / "style.css"
    style.write_text(style.read_text() + "button { border-radius: 17px; }\n")
    radius = "return getComputedStyle(document.querySelector('button')).borderRadius"
    wait(browser, lambda: browser.execute_script(radius) == "17px", 10)
    assert count() == "3" and browser.execute_script("return window.sameWindow") == "yes"
    # the page itself: reloaded (a new window, a fresh app)
    page = project / "index.html"
    page.write_text(page.read_text().replace("<title>Demo</title>", "<title>Demo, edited</title>"))
    wait(browser, lambda: browser.title == "Demo, edited", 10)
    assert browser.execute_script("return window.sameWindow ?? null") is None
    browser.get_log("browser")  # the syntax error was logged on purpose


def readme_testing_example() -> str:
    """The README's "Testing your components" code, as written."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Testing your components", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.chromium_only(reason="the command's own test: once is enough")
def test_a_new_project_tests_and_builds_from_the_installed_wheel(tmp_path, browser):
    """Outside the repository, from dist/wasmui-*.whl (what pip install takes) in a fresh venv."""
    wheel = next((ROOT / "dist").glob("wasmui-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", f"{wheel}[test]"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-2000:]
    wasmui = str(venv / "bin" / "wasmui")
    env = command_env(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}")
    env.pop("WASMUI_PYODIDE_DIR", None)  # the runtime comes the way it does on a user's machine
    env.pop("WASMUI_PUPPETEER_DIR", None)  # and Firefox's driver too (npm, into the cache)
    subprocess.run([wasmui, "new", "myapp"], cwd=tmp_path, env=env, check=True, capture_output=True)
    project = tmp_path / "myapp"
    (project / "tests" / "test_app.py").write_text(readme_testing_example())
    # the first-hour mistake: plain pytest, with no Pyodide dist for the browser test
    plain = subprocess.run([venv / "bin" / "python", "-m", "pytest", "-q"], cwd=project, env=env, capture_output=True, text=True)
    assert plain.returncode == 0 and "1 passed, 2 skipped" in plain.stdout, plain.stdout[-1500:]  # the browser tests wait (#25)
    # in every engine: one model-DOM test, the run_in_pyodide test and the page test (wasmui_page, in worker mode) once per engine
    tested = subprocess.run([wasmui, "test", "-q", "--engine", "all"], cwd=project, env=env, capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-2000:]
    assert re.search(r"\b7 passed\b", tested.stdout), tested.stdout[-2000:]
    assert re.search(r"wasmui engines: chromium 1\d\d\.[\d.]+, firefox 1\d\d\.[\d.]+, webkit 2\.\d+", tested.stdout), tested.stdout[-2000:]
    subprocess.run([wasmui, "build"], cwd=project, env=env, check=True, capture_output=True)
    # its address once it listens (it says so then)
    server, line = start([wasmui, "serve", "dist", "--port", "0"], project, env, r"at (http://\S+/)")
    url = re.search(r"at (http://\S+/)", line).group(1)
    try:
        # the first view is in the page itself, rendered at build time
        page = urllib.request.urlopen(url).read().decode()
        assert '<strong data-testid="count">0</strong>' in page and "<button>Click me</button>" in page
        # in worker mode, as wasmui new makes it: no preload hints (the worker, not the page, downloads the runtime)
        assert '<meta name="wasmui-worker" content="on">' in page and 'rel="preload"' not in page
        browser.get(url)
        # painted before Pyodide has loaded: the element is still loading, its view is there
        first_view = browser.execute_script(
            "window.firstButton = document.querySelector('button');"
            "return [document.querySelector('wasmui-app').dataset.state, document.querySelector('[data-testid=count]')?.textContent]"
        )
        assert first_view == ["loading", "0"], first_view
        wait(browser, lambda: browser.execute_script("return document.querySelector('wasmui-app').dataset.state") == "mounted", 60)
        assert browser.execute_script("return document.querySelector('button') === window.firstButton")  # hydrated, not rebuilt
        assert browser.find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "0"
        browser.find_element(By.TAG_NAME, "button").click()
        wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "1")
        assert browser.execute_script("return document.querySelector('meta[name=wasmui-mode]').content") == "production"
        # the return visit starts from the snapshot the first one made
        made = browser.execute_async_script("const done = arguments[arguments.length - 1]; window.wasmuiStartup.made.then(done)")
        assert made == "stored", browser.execute_script("return window.wasmuiStartup")
        browser.get(url)
        wait(browser, lambda: browser.execute_script("return document.querySelector('wasmui-app').dataset.state") == "mounted", 60)
        assert browser.execute_script("return window.wasmuiStartup.snapshot") == "restored"
        browser.find_element(By.TAG_NAME, "button").click()
        wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "1")
    finally:
        server.terminate()
        server.wait(10)
    browser.get_log("browser")


class _CorsHandler:
    """A static handler that answers cross-origin requests, as a CDN does."""

    @staticmethod
    def make(directory: Path):
        import functools
        import http.server

        class Handler(http.server.SimpleHTTPRequestHandler):
            def end_headers(self):
                self.send_header("Access-Control-Allow-Origin", "*")
                super().end_headers()

            def log_message(self, format, *args):  # noqa: A002
                pass

        return functools.partial(Handler, directory=str(directory))


@pytest.mark.chromium_only(reason="the command's own test: once is enough")
def test_a_build_can_load_the_runtime_from_a_cdn(tmp_path, browser):
    """--cdn URL: the page takes the runtime from another origin (here a local stand-in for
    jsDelivr, which this machine cannot reach) and only the lock and wheels from the site."""
    import http.server
    import threading

    env = project_env()
    # on the main thread: the page's own resource timings then show where the runtime came from
    subprocess.run([sys.executable, "-m", "wasmui", "new", "cdnapp", "--main-thread"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)  # fmt: skip
    project = tmp_path / "cdnapp"
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CorsHandler.make(d)) for d in
               (ROOT / "node_modules" / "pyodide", project / "dist")]  # fmt: skip
    cdn, site = (f"http://127.0.0.1:{server.server_address[1]}/" for server in servers)
    subprocess.run([sys.executable, "-m", "wasmui", "build", "--cdn", cdn], cwd=project, env=env, check=True, capture_output=True)
    shipped = sorted(p.relative_to(project / "dist" / "pyodide").as_posix() for p in (project / "dist" / "pyodide").rglob("*.*")
                     if p.suffix not in (".br", ".gz"))
    assert sorted(re.sub(r"^[0-9a-f]{12}/", "HASH/", name) for name in shipped) == [
        "HASH/cdnapp-0.1.0-py3-none-any.whl", "HASH/wasmui-0.1.0-py3-none-any.whl", "pyodide-lock.json"]  # fmt: skip
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(site)
        wait(browser, lambda: browser.execute_script("return document.querySelector('wasmui-app').dataset.state") == "mounted", 60)
        browser.find_element(By.TAG_NAME, "button").click()
        assert browser.find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "1"
        loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert any(name.startswith(cdn) and name.endswith("pyodide.asm.wasm") for name in loaded)
        assert any(name.startswith(site) and name.endswith("cdnapp-0.1.0-py3-none-any.whl") for name in loaded)
    finally:
        for server in servers:
            server.shutdown()
    browser.get_log("browser")
