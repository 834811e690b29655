"""``wasmui dev``: serves the project and hot-reloads what you edit (#13).

The page is served as it is, plus the dev client (``wasmui/js/dev-client.js``); the
runtime and the wheels come from a dist assembled at start. A watcher polls the
project's files (polling needs no platform-specific API and is cheap for a project's
few files) and announces changes over server-sent events: the client fetches changed
Python sources from ``/__wasmui/source/...`` and reloads them in the page, swaps a
changed stylesheet, and reloads the page for other HTML or JavaScript. The page
runs in development mode: checks, the inspector on Ctrl+Shift+L, the error overlay.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from importlib import resources
from pathlib import Path

from .build import boot_script
from .dist import assemble
from .errors import CliError
from .project import Project
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


def _grouped(entries) -> dict[str, list[str]]:
    return {kind: sorted(path for k, path in entries if k == kind) for kind in ("python", "assets")}


class DevHandler(http.server.SimpleHTTPRequestHandler):
    """The project's files, the page with the dev client, the dist, sources and events."""

    def __init__(self, *args, project: Project, dist: Path, watcher: SourceWatcher, **kwargs) -> None:
        self.project, self.dist, self.watcher = project, dist, watcher
        super().__init__(*args, directory=str(project.root), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def end_headers(self) -> None:
        # every reload revalidates (a 304 for what did not change) and so sees the current files
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.path.split("?", 1)[0]
        if path in ("/", f"/{self.project.page.name}"):
            self._send(page_with_client(self.project.page.read_text()).encode(), "text/html; charset=utf-8")
        elif path == "/wasmui.js":
            self._send(boot_script(), "text/javascript")
        elif path == CLIENT:
            self._send(resources.files("wasmui").joinpath("js/dev-client.js").read_bytes(), "text/javascript")
        elif path == EVENTS:
            self._stream_events()
        elif path.startswith(SOURCE):
            self._send_source(path[len(SOURCE) :])
        elif path.startswith("/pyodide/"):
            self.directory = str(self.dist)
            self.path = path.removeprefix("/pyodide")
            super().do_GET()
        else:
            super().do_GET()

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


def page_with_client(html: str) -> str:
    """The page with the dev client's script tag, before ``</head>`` (or at the end)."""
    tag = f'<script type="module" src="{CLIENT}"></script>'
    return html.replace("</head>", f"  {tag}\n</head>", 1) if "</head>" in html else html + tag


def serve(project: Project, host: str, port: int) -> int:
    """Serves until interrupted; prints the URL once it listens."""
    scratch = project.root / ".wasmui"
    dist = assemble(scratch / "dev", [wasmui_wheel(scratch / "wheels"), project.wheel(scratch / "wheels")])
    watcher = SourceWatcher(project.root, project.package_dir)
    handler = functools.partial(DevHandler, project=project, dist=dist, watcher=watcher)
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise CliError(f"cannot listen on {host}:{port} ({exc.strerror}): pick another port with --port N (0 picks a free one)") from None
    server.daemon_threads = True
    threading.Thread(target=watcher.run, daemon=True).start()
    print(f"wasmui dev: serving {project.name} at http://{host}:{server.server_address[1]}/ "
          f"(edits to {project.package_dir.name}/ reload in place; Ctrl+C stops)", flush=True)  # fmt: skip
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
