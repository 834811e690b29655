"""``wasmui dev``: serves the project and hot-reloads what you edit (#13).

The page is served as it is, plus the dev client (``wasmui/js/dev-client.js``); the
runtime comes from a dist assembled at start, and the project's wheel is made again from
the current sources whenever the page asks for the lock (:class:`DevDist`), so a reload
or a new tab runs the code as it is now, not as it was when ``wasmui dev`` started (#25).
A path that names no file and looks like a route (``/cart``: history mode's deep links)
is answered with the page; a missing file is still a 404. A watcher polls the
project's files (polling needs no platform-specific API and is cheap for a project's
few files) and announces changes over server-sent events: the client fetches changed
Python sources from ``/__wasmui/source/...`` and reloads them in the page, swaps a
changed stylesheet, and reloads the page for other HTML or JavaScript. The page
runs in development mode: checks, the inspector on Ctrl+Shift+L, the error overlay.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import mimetypes
import re
import threading
import time
import urllib.parse
from importlib import resources
from pathlib import Path

from .build import applier_script, boot_script
from .dist import assemble
from .errors import CliError
from .project import Project
from .staticserve import ISOLATION_HEADERS
from .wheels import wasmui_wheel

EVENTS = "/__wasmui/events"
SOURCE = "/__wasmui/source/"
CLIENT = "/__wasmui/dev-client.js"
POLL_SECONDS = 0.2


class SourceWatcher:
    """Polls the project's files; :meth:`wait` returns what changed since a generation.

    The package's ``.py`` files are hot-reloaded in the page; other web files (``.html``,
    ``.css``, ``.js``) are "assets": a stylesheet is swapped in place, anything else
    reloads the page, as Vite does.
    """

    SKIP = frozenset({".wasmui", "dist", ".git", ".venv", "node_modules", "__pycache__", "tests", "build"})
    ASSETS = frozenset({".html", ".css", ".js"})

    def __init__(self, root: Path, package_dir: Path) -> None:
        self.root, self.package_dir = root, package_dir
        self.generation = 0
        self._changes: list[tuple[int, str, str]] = []  # (generation, "python" | "assets", path)
        self._seen = self._scan()
        self._condition = threading.Condition()

    def _scan(self) -> dict[Path, int]:
        found = {}
        for path in self.root.rglob("*"):
            parts = path.relative_to(self.root).parts
            if path.suffix in self.ASSETS or path.suffix == ".py" and path.is_relative_to(self.package_dir):
                if not self.SKIP.intersection(parts) and path.is_file():
                    found[path] = path.stat().st_mtime_ns
        return found

    def run(self) -> None:
        while True:
            time.sleep(POLL_SECONDS)
            self.poll()

    def poll(self) -> dict[str, list[str]]:
        """One look at the files: records and announces what changed since the last look."""
        now = self._scan()
        changed = sorted(path for path, mtime in now.items() if self._seen.get(path) != mtime)
        self._seen = now
        entries = [
            ("python", path.relative_to(self.package_dir.parent).as_posix()) if path.suffix == ".py"
            else ("assets", path.relative_to(self.root).as_posix())
            for path in changed
        ]  # fmt: skip
        if entries:
            with self._condition:
                self.generation += 1
                self._changes += [(self.generation, kind, path) for kind, path in entries]
                self._condition.notify_all()
        return _grouped(entries)

    def wait(self, since: int, timeout: float) -> tuple[int, dict[str, list[str]]]:
        """Blocks until a change after generation ``since`` (or the timeout); returns the
        newest generation and the files changed after ``since``, by kind."""
        with self._condition:
            self._condition.wait_for(lambda: self.generation > since, timeout)
            return self.generation, _grouped({(kind, path) for generation, kind, path in self._changes if generation > since})


class DevDist:
    """The dev server's Pyodide dist, its project wheel kept current.

    The runtime and wasmui's wheel are written once, at start. :meth:`lock` makes the
    project's wheel again from the sources (a few milliseconds: :func:`~.wheels.make_wheel`
    is deterministic, so unchanged sources give the same bytes) and, when its bytes
    changed, writes a new lock. Each wheel sits in a folder named after its hash (the lock
    names it), so the browser never checks a new lock against a cached old wheel.
    """

    def __init__(self, project: Project, folder: Path) -> None:
        self.project, self.folder = project, folder
        self._wheels = project.root / ".wasmui" / "wheels"
        self._wasmui = wasmui_wheel(self._wheels)
        self._digest: str | None = None
        self._lock = threading.Lock()
        self.refresh(copy_runtime=True)

    def refresh(self, copy_runtime: bool = False) -> bool:
        """Makes the project's wheel; writes a new lock if it changed. Returns whether it did."""
        with self._lock:
            wheel = self.project.wheel(self._wheels)
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            if digest == self._digest:
                return False
            assemble(self.folder, [self._wasmui, wheel], copy_runtime=copy_runtime, content_addressed=True)
            self._digest = digest
            return True

    def lock(self) -> bytes:
        """The current ``pyodide-lock.json``, naming a wheel of the current sources."""
        self.refresh()
        with self._lock:
            return (self.folder / "pyodide-lock.json").read_bytes()


def _grouped(entries) -> dict[str, list[str]]:
    return {kind: sorted(path for k, path in entries if k == kind) for kind in ("python", "assets")}


class DevHandler(http.server.SimpleHTTPRequestHandler):
    """The project's files, the page with the dev client, the dist, sources and events."""

    def __init__(self, *args, project: Project, dist: DevDist, watcher: SourceWatcher, isolated: bool = False,
                 **kwargs) -> None:  # fmt: skip
        self.project, self.dist, self.watcher, self.isolated = project, dist, watcher, isolated
        super().__init__(*args, directory=str(project.root), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def end_headers(self) -> None:
        # every reload revalidates (a 304 for what did not change) and so sees the current files
        self.send_header("Cache-Control", "no-cache")
        if self.isolated:  # --isolated: worker mode's synchronous DOM reads work (staticserve.ISOLATION_HEADERS)
            for name, value in ISOLATION_HEADERS:
                self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if path in ("/", f"/{self.project.page.name}"):
            self._send_page()
        elif path == "/wasmui.js":
            self._send(boot_script(), "text/javascript")
        elif path == "/wasmui-applier.js":  # worker mode's page runs it (#26)
            self._send(applier_script(), "text/javascript")
        elif path == CLIENT:
            self._send(resources.files("wasmui").joinpath("js/dev-client.js").read_bytes(), "text/javascript")
        elif path == EVENTS:
            self._stream_events()
        elif path.startswith(SOURCE):
            self._send_source(path[len(SOURCE) :])
        elif path == "/pyodide/pyodide-lock.json":
            self._send(self.dist.lock(), "application/json")
        elif path.startswith("/pyodide/"):  # the runtime, and wheels under their hash: never stale
            self.directory = str(self.dist.folder)
            self.path = self.path.removeprefix("/pyodide")
            super().do_GET()
        elif self._is_route(path):
            self._send_page(deep_link=True)
        else:
            # a project file: always sent whole, as it is now (If-Modified-Since counts whole
            # seconds, and an edit within the second of the last load would get a stale 304)
            del self.headers["If-Modified-Since"]
            super().do_GET()

    def _is_route(self, path: str) -> bool:
        """A history-mode deep link (``/cart``): no file there, and not the name of one."""
        root = self.project.root.resolve()
        target = (root / path.lstrip("/")).resolve()
        if target.exists() or path.startswith("/__wasmui/"):
            return False
        return is_route(path, self.headers.get("Accept"))

    def _send_page(self, deep_link: bool = False) -> None:
        page = page_with_client(self.project.page.read_text())
        self._send((with_root_base(page) if deep_link else page).encode(), "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_source(self, relative: str) -> None:
        base = self.project.package_dir.parent.resolve()
        target = (base / relative).resolve()
        if base not in target.parents or target.suffix != ".py" or not target.is_file():
            self._send(b"not a source file of the project", "text/plain", 404)
            return
        self._send(target.read_bytes(), "text/plain; charset=utf-8")

    def _stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = self.watcher.generation
        try:
            while True:
                generation, changes = self.watcher.wait(seen, timeout=15)
                if generation > seen:
                    seen = generation
                    self.wfile.write(f"event: change\ndata: {json.dumps(changes)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away


def is_route(path: str, accept: str | None = None) -> bool:
    """Whether a path that names no file is a route of the app rather than a missing file:
    no extension in its last segment (``/cart``, ``/users/42``), or asked for as HTML
    with an extension no file type has (``/users/jane.doe``). ``/logo.png`` stays a 404."""
    last = path.rstrip("/").rpartition("/")[2]
    if "." not in last:
        return True
    return mimetypes.guess_type(last)[0] is None and "text/html" in (accept or "")


def with_root_base(html: str) -> str:
    """The page for a deep link: a ``<base href="/">`` (unless it has a base) so that its
    relative URLs (``style.css``, ``wasmui.js``) resolve from the site's root, not from
    ``/users/``."""
    head = re.search(r"<head(\s[^>]*)?>", html, re.I)
    if head is None or re.search(r"<base[\s>]", html, re.I):
        return html
    return f'{html[: head.end()]}\n  <base href="/">{html[head.end() :]}'


def page_with_client(html: str) -> str:
    """The page with the dev client's script tag, before ``</head>`` (or at the end)."""
    tag = f'<script type="module" src="{CLIENT}"></script>'
    return html.replace("</head>", f"  {tag}\n</head>", 1) if "</head>" in html else html + tag


def make_server(project: Project, host: str, port: int, isolated: bool = False,
                scratch: str = "dev") -> tuple[http.server.ThreadingHTTPServer, SourceWatcher]:  # fmt: skip
    """The dev server, listening but not serving yet, and its watcher (not started);
    ``isolated``: every response carries the cross-origin isolation headers; ``scratch``:
    the folder of ``.wasmui/`` its dist is written to (a test's server beside a running
    ``wasmui dev`` writes its own)."""
    dist = DevDist(project, project.root / ".wasmui" / scratch)
    watcher = SourceWatcher(project.root, project.package_dir)
    handler = functools.partial(DevHandler, project=project, dist=dist, watcher=watcher, isolated=isolated)
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise CliError(f"cannot listen on {host}:{port} ({exc.strerror}): pick another port with --port N (0 picks a free one)") from None
    server.daemon_threads = True
    return server, watcher


def serve(project: Project, host: str, port: int, isolated: bool = False) -> int:
    """Serves until interrupted; prints the URL once it listens."""
    server, watcher = make_server(project, host, port, isolated)
    threading.Thread(target=watcher.run, daemon=True).start()
    isolation = ", cross-origin isolated" if isolated else ""
    print(f"wasmui dev: serving {project.name} at http://{host}:{server.server_address[1]}/{isolation} "
          f"(edits to {project.package_dir.name}/ reload in place; Ctrl+C stops)", flush=True)  # fmt: skip
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
