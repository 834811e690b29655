"""``wasmui serve DIR``: a built site (or this repository's ``www/``) over HTTP, with the
cache headers a return visit needs.

Every response says ``Cache-Control: no-cache`` and carries ``Last-Modified``, so a
return visit revalidates each file (a ``304`` with no body) instead of downloading it
again, and still sees a rebuilt file at once. ``python -m http.server`` sends no
``Cache-Control`` (the browser then guesses), and ``.mjs`` may lack a JavaScript type
on some systems; both are fixed here.
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class RevalidatingHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def serve(directory: Path, host: str, port: int) -> int:
    handler = functools.partial(RevalidatingHandler, directory=str(directory))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"serving {directory} at http://{host}:{server.server_address[1]}/ (Ctrl+C stops)", flush=True)
        server.serve_forever()
    return 0
