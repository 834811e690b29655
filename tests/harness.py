"""What the browser tests and the benchmark runner share: Chromium's flags, a driver on
Debian's chromium/chromedriver, a static server for www/ on 127.0.0.1, and a scaffold
built as a user builds it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from wasmui.cli import engines
from wasmui.cli.staticserve import ISOLATION_HEADERS

ROOT = Path(__file__).resolve().parent.parent
WWW = ROOT / "www"

STRICT_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static handler for www/ that stays quiet and never caches; it serves strict.html
    with the strict policy as a real header (beside its meta tag), and a page asked for
    with ``?isolated`` cross-origin isolated (:func:`isolated`)."""

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        if self.path.split("?")[0].endswith("/strict.html"):
            self.send_header("Content-Security-Policy", STRICT_POLICY)
        if isolated(self.path) or isolated(self.headers.get("Referer") or ""):
            for name, value in ISOLATION_HEADERS:
                self.send_header(name, value)
        super().end_headers()


def isolated(url: str) -> bool:
    """Whether ``url`` asks for a cross-origin isolated page (``?isolated``). The page's
    workers are isolated with it: their script's request names the page as its Referer,
    and a dedicated worker of an isolated page must carry the embedder policy too. Nothing
    is cached (``no-store``), so the same file may come with the headers or without."""
    return "isolated" in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, keep_blank_values=True)


@contextlib.contextmanager
def serve_site(handler_class: type = QuietHandler, directory: Path = WWW) -> Iterator[str]:
    """Serves ``directory`` (www/) on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def new_chrome():
    """A selenium Chrome on Debian's chromium/chromedriver, never touching the network."""
    return engines.launch("chromium")


def cdp_listener_count(driver, expression: str) -> int:
    """Listeners Chrome itself sees on a window/document/node (an outside view, over CDP)."""
    obj = driver.execute_cdp_cmd("Runtime.evaluate", {"expression": expression, "objectGroup": "listeners"})
    listeners = driver.execute_cdp_cmd("DOMDebugger.getEventListeners", {"objectId": obj["result"]["objectId"]})
    driver.execute_cdp_cmd("Runtime.releaseObjectGroup", {"objectGroup": "listeners"})
    return len(listeners["listeners"])


def outside_listeners(driver) -> int:
    """Chrome's count of listeners on ``window`` and ``document``."""
    return cdp_listener_count(driver, "window") + cdp_listener_count(driver, "document")


def install_fuzz_modules(selenium) -> None:
    """Writes tests/fuzz_trees.py and tests/hostile.py into Pyodide's home, importable."""
    for name in ("fuzz_trees.py", "hostile.py"):
        source = (ROOT / "tests" / name).read_text()
        selenium.run(f"open('/home/pyodide/{name}', 'w').write({source!r})")
    selenium.run("import sys\nif '/home/pyodide' not in sys.path: sys.path.insert(0, '/home/pyodide')")


def drop_expected_errors(driver, *fragments: str, allowed: tuple[str, ...] = (), timeout: float = 10) -> None:
    """Reads the console until a message containing each of ``fragments`` has come, and
    forgets them; an error that names none of them (nor of ``allowed``: expected, but not
    waited for) fails the test, as the page's own check of its console would have. Firefox reports a console message a moment after the
    script that caused it has returned: a single read right away could miss it, and a
    check of the page's console after the test then found the expected error (a failure
    seen once in CI). WebKit's driver reports no console, so nothing is waited for."""
    if driver.engine == "webkit":
        return
    missing, seen, unexpected = set(fragments), [], []

    def all_came() -> bool:
        for entry in driver.get_log("browser"):
            seen.append(entry["message"])
            named = {fragment for fragment in fragments if fragment in entry["message"]}
            missing.difference_update(named)
            if entry["level"] == "SEVERE" and not named and not any(allow in entry["message"] for allow in allowed):
                unexpected.append(entry["message"])
        return not missing

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda _: all_came())
    except TimeoutException:
        raise AssertionError(f"the console never reported {sorted(missing)}; it reported {seen}") from None
    assert unexpected == [], f"the console reported errors besides {list(fragments)}: {unexpected}"


def command_env(**extra: str) -> dict[str, str]:
    """The user's environment for a ``wasmui`` command; wasmui's cache (runtime, wheels)
    kept in the repository's .cache/ so that runs after the first fetch nothing."""
    return {**os.environ, "XDG_CACHE_HOME": str(ROOT / ".cache" / "user"), **extra}


def project_env() -> dict[str, str]:
    """:func:`command_env` with the runtime taken from the repository's node_modules: a
    project's ``wasmui dist``/``dev``/``build`` fetch nothing."""
    return command_env(WASMUI_PYODIDE_DIR=str(ROOT / "node_modules" / "pyodide"))


def build_scaffold(parent: Path, *build_options: str, new_options: tuple[str, ...] = (), out: Path | None = None) -> Path:
    """``wasmui new shipped NEW_OPTIONS`` in ``parent`` (once: later calls build the same
    project again) and ``wasmui build BUILD_OPTIONS`` into ``out`` (the project's dist/
    when None); returns the built folder. A failed command raises RuntimeError with its
    stderr's end."""
    project = parent / "shipped"
    if not project.exists():
        parent.mkdir(parents=True, exist_ok=True)
        _wasmui(parent, "new", "shipped", *new_options)
    _wasmui(project, "build", *(("--out", str(out)) if out else ()), *build_options)
    return out or project / "dist"


def _wasmui(cwd: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "wasmui", *args], cwd=cwd, env=project_env(), capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wasmui {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def no_dialog(driver) -> bool:
    """No dialog on the page, asked in one script: a find of the elements could find one
    that the next commit removes before WebKit's driver makes its handle
    (StaleElementReference)."""
    return driver.execute_script("return document.querySelector('[role=dialog]') === null")


def page_started(driver, timeout: float = 60) -> None:
    """Waits until the page's start ends (``data-wasmui`` on <html>: "ready" or "failed") and
    fails, if it did not end ready, with what the page shows and its start's record: a bare
    ``'failed' == 'ready'`` from a run under load says nothing a second run can check."""
    state = "return document.documentElement.dataset.wasmui"
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(state))
    if driver.execute_script(state) != "ready":
        shown, record = driver.execute_script("return [document.body.innerText, JSON.stringify(window.wasmuiStartup)]")
        raise AssertionError(f"the page did not start: {shown.strip()[:800]!r}; its start: {record}")
