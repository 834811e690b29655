"""``wasmui serve DIR``: a built site (or this repository's ``www/``) over HTTP, as a good
static host serves it (#13, #25).

- **Compressed transfer.** ``wasmui build`` writes ``NAME.br`` and ``NAME.gz`` beside each
  compressible file; the handler sends the best one the request's ``Accept-Encoding``
  allows, with ``Content-Encoding`` and ``Vary: Accept-Encoding`` (a cache must not hand a
  Brotli body to a client that did not ask for one). The files are compressed once, at
  build time, at the highest level, which no on-the-fly server can afford.
- **Deep links.** The router's history mode puts real paths in the address bar
  (``/cart``); a reload asks the server for them. A path that names no file and does not
  look like one (no extension, or a navigation that accepts HTML) is answered with the
  page: the route's own pre-rendered ``cart/index.html`` or ``cart.html`` when the build
  wrote one, else ``404.html`` (what static hosts send; for a routed app the page with
  its views left to the router, so no other route's view paints first), else
  ``index.html``. A real missing file (``/logo.png``) is still a 404.
- **Caching.** A content-hashed name (``style.3f2a9c1b7d4e.css``, or a file in a folder
  named after a hash) never changes, so it is cached for a year, ``immutable``. Every
  other response says ``Cache-Control: no-cache`` and carries ``Last-Modified``, so a
  return visit revalidates it (a ``304`` with no body) and still sees a rebuilt file at
  once.
- **Cross-origin isolation**, asked for with ``--isolated``: every response carries
  :data:`ISOLATION_HEADERS`, so worker mode's synchronous DOM reads (``dom.read_now``)
  work; off by default, since an isolated page can embed no cross-origin resource that
  does not opt in (an image, a script, an iframe from another site without CORP or CORS).
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import mimetypes
import os
import re
import urllib.parse
from pathlib import Path

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
"""The pre-compressed variants, best first."""

HASHED = re.compile(r"(^|/)[0-9a-f]{12}/|\.[0-9a-f]{12}\.[^/.]+$")
"""A path whose content is named by its hash: ``x.<12 hex>.ext`` or ``<12 hex>/x``."""

ISOLATION_HEADERS = (("Cross-Origin-Opener-Policy", "same-origin"), ("Cross-Origin-Embedder-Policy", "require-corp"))
"""The two headers that make a page cross-origin isolated (``crossOriginIsolated``), which
browsers require for SharedArrayBuffer: ``require-corp`` rather than ``credentialless``,
which Safari does not support. Same-origin files (wasmui's runtime, wheels and worker)
need nothing more."""

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
         ".whl": "application/zip", ".webmanifest": "application/manifest+json", ".woff2": "font/woff2"}  # fmt: skip


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings ``Accept-Encoding`` allows (q > 0); ``*`` allows any not named."""
    allowed, refused, star = set(), set(), False
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        ok = float(match.group(1)) > 0 if match else True
        if name == "*":
            star = ok
        elif name:
            (allowed if ok else refused).add(name)
    if star:
        allowed |= {coding for coding, _ in ENCODINGS} - refused
    return allowed


def page_for(directory: Path, url_path: str, accept: str | None = None) -> Path | None:
    """The file that answers ``url_path`` (already unquoted, without the query): the file
    itself, a folder's ``index.html``, or for a deep link the route's pre-rendered page,
    else the site's ``404.html`` or ``index.html``; ``None`` for a missing file (a 404).

    Shared by ``wasmui serve`` and anything else that serves a site the router runs in.
    """
    root = directory.resolve()
    relative = url_path.lstrip("/")
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        return None  # outside the site (../)
    if target.is_file():
        return target
    if target.is_dir() and (target / "index.html").is_file():
        return target / "index.html"
    if not _is_navigation(relative, accept):
        return None
    parts = [part for part in relative.split("/") if part]
    while parts:  # the nearest pre-rendered route page, then the site's page
        for candidate in (root.joinpath(*parts, "index.html"), root.joinpath(*parts[:-1], parts[-1] + ".html")):
            if candidate.is_file() and root in candidate.resolve().parents:
                return candidate
        parts.pop()
    for fallback in ("404.html", "index.html"):  # a routed app's 404.html is left for its router
        if (root / fallback).is_file():
            return root / fallback
    return None


def _is_navigation(relative: str, accept: str | None) -> bool:
    """A route rather than a file: no extension, or asked for as HTML with an extension no
    file type has (``/users/jane.doe``)."""
    last = relative.rstrip("/").rpartition("/")[2]
    if "." not in last:
        return True
    kind = TYPES.get(Path(last).suffix.lower()) or mimetypes.guess_type(last)[0]
    return kind is None and "text/html" in (accept or "")


class RevalidatingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` with pre-compressed variants, deep links and cache headers.

    Attributes:
        precompressed: ``False`` sends every file as it is (what the benchmark compares).
        isolated: ``True`` sends :data:`ISOLATION_HEADERS` with every response.
    """

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    precompressed = True
    isolated = False

    def send_head(self):
        """Chooses the file and its variant, answers 304/404, sends the headers; returns the
        open body (the base class's ``do_GET`` copies it, ``do_HEAD`` closes it)."""
        url = urllib.parse.urlsplit(self.path)
        if url.path.endswith("/") is False and Path(self.directory, url.path.lstrip("/")).is_dir():
            self.send_response(301)  # a folder without its slash: relative URLs need it
            self.send_header("Location", urllib.parse.urlunsplit(("", "", url.path + "/", url.query, "")))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        path = page_for(Path(self.directory), urllib.parse.unquote(url.path), self.headers.get("Accept"))
        if path is None:
            self.send_error(404, "File not found")
            return None
        body, coding = self._variant(path)
        stat = os.stat(body)
        if self._not_modified(stat.st_mtime):
            self.send_response(304)
            self._common_headers(path, coding, stat.st_mtime)
            self.end_headers()
            return None
        handle = open(body, "rb")  # noqa: SIM115 - closed by the base class after copying
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(stat.st_size))
        self._common_headers(path, coding, stat.st_mtime)
        self.end_headers()
        return handle

    def _variant(self, path: Path) -> tuple[Path, str | None]:
        if self.precompressed:
            accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
            for coding, suffix in ENCODINGS:
                candidate = path.with_name(path.name + suffix)
                if coding in accepted and candidate.is_file():
                    return candidate, coding
        return path, None

    def _not_modified(self, mtime: float) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def _common_headers(self, path: Path, coding: str | None, mtime: float) -> None:
        relative = path.relative_to(Path(self.directory).resolve()).as_posix() if path.is_absolute() else str(path)
        if coding:
            self.send_header("Content-Encoding", coding)
        if self.precompressed:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(mtime)))
        immutable = HASHED.search(relative)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")

    def end_headers(self) -> None:
        if self.isolated:
            for name, value in ISOLATION_HEADERS:
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class IsolatedHandler(RevalidatingHandler):
    """:class:`RevalidatingHandler` with the cross-origin isolation headers."""

    isolated = True


def serve(directory: Path, host: str, port: int, isolated: bool = False) -> int:
    handler = functools.partial(IsolatedHandler if isolated else RevalidatingHandler, directory=str(directory.resolve()))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        isolation = ", cross-origin isolated" if isolated else ""
        print(f"serving {directory} at http://{host}:{server.server_address[1]}/{isolation} (Ctrl+C stops)", flush=True)
        server.serve_forever()
    return 0
