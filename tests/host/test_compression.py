"""Compressed transfer and deep links (#25): the ``.br`` and ``.gz`` files ``wasmui build``
writes decode to the originals, and ``wasmui serve`` (real HTTP against the real server)
picks among them by ``Accept-Encoding``, says so in ``Content-Encoding`` and ``Vary``,
answers history-mode deep links with the page, and still answers 404 for a missing file."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.client
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import brotli
import pytest

from wasmui.cli import compress
from wasmui.cli.compress import compress_site
from wasmui.cli.staticserve import RevalidatingHandler, accepted_encodings, page_for

PAGE = b"<!doctype html><title>site</title>" + b"<p>the page</p>" * 100
SCRIPT = b"export function f() { return 'a line of script'; }\n" * 300
HASHED_CSS = b"body { margin: 0; color: #123; }\n" * 40


@pytest.fixture
def site(tmp_path):
    """A small built site: a page, a route's own page, a script, a hashed stylesheet, an
    image (not compressed), all with their .br/.gz."""
    root = tmp_path / "site"
    (root / "about").mkdir(parents=True)
    (root / "index.html").write_bytes(PAGE)
    (root / "about" / "index.html").write_bytes(b"<!doctype html><p>about, pre-rendered</p>" * 20)
    (root / "app.js").write_bytes(SCRIPT)
    (root / "style.0123456789ab.css").write_bytes(HASHED_CSS)
    (root / "logo.png").write_bytes(os.urandom(4000))
    (root / "tiny.txt").write_bytes(b"hi")
    compress_site(root, tmp_path / "cache")
    return root


@contextlib.contextmanager
def served(root: Path, handler=RevalidatingHandler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={key.replace("_", "-"): value for key, value in headers.items()})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {key.lower(): value for key, value in response.getheaders()}, body


def decoded(headers: dict[str, str], body: bytes) -> bytes:
    coding = headers.get("content-encoding")
    return brotli.decompress(body) if coding == "br" else gzip.decompress(body) if coding == "gzip" else body


def test_each_compressible_file_gets_a_br_and_a_gz_that_decode_to_it(site):
    for name, original in (("index.html", PAGE), ("app.js", SCRIPT), ("style.0123456789ab.css", HASHED_CSS)):
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original
        assert (site / f"{name}.br").stat().st_size < (site / f"{name}.gz").stat().st_size < len(original)
    # an image is compressed already, and a tiny file is not worth a header
    assert not list(site.glob("logo.png.*")) and not list(site.glob("tiny.txt.*"))


def test_a_rebuild_takes_the_compressed_copies_from_the_cache(site, tmp_path, monkeypatch):
    monkeypatch.setattr(compress, "_brotli", lambda data: pytest.fail("compressed again"))
    monkeypatch.setattr(compress, "_gzip", lambda data: pytest.fail("compressed again"))
    (site / "index.html.br").unlink()
    assert site / "index.html.br" in compress_site(site, tmp_path / "cache")
    assert brotli.decompress((site / "index.html.br").read_bytes()) == PAGE


@pytest.mark.parametrize(
    ("accept", "coding"),
    [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.5", "gzip"), ("", None),
     ("identity", None), ("*", "br"), ("*, br;q=0", "gzip"), ("gzip;q=0, br;q=0", None)],
)  # fmt: skip
def test_serve_sends_the_best_encoding_the_request_accepts(site, accept, coding):
    with served(site) as port:
        status, headers, body = get(port, "/app.js", Accept_Encoding=accept)
    assert status == 200 and headers.get("content-encoding") == coding
    assert headers["vary"] == "Accept-Encoding" and headers["content-type"] == "text/javascript"
    assert int(headers["content-length"]) == len(body) and decoded(headers, body) == SCRIPT


def test_a_file_with_no_compressed_copy_is_sent_as_it_is(site):
    with served(site) as port:
        status, headers, body = get(port, "/logo.png", Accept_Encoding="br, gzip")
    assert status == 200 and "content-encoding" not in headers and body == (site / "logo.png").read_bytes()


def test_hashed_names_are_cached_for_good_and_the_rest_revalidates(site):
    with served(site) as port:
        _, hashed, _ = get(port, "/style.0123456789ab.css", Accept_Encoding="br")
        _, page, _ = get(port, "/", Accept_Encoding="br")
        again, headers, body = get(port, "/", Accept_Encoding="br", If_Modified_Since=page["last-modified"])
    assert hashed["cache-control"] == "public, max-age=31536000, immutable"
    assert page["cache-control"] == "no-cache" and again == 304 and body == b""
    assert headers["content-encoding"] == "br" and headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize(
    ("path", "accept", "status", "body"),
    [("/cart", "*/*", 200, PAGE), ("/cart/items/3?x=1", "*/*", 200, PAGE), ("/users/jane.doe", "text/html", 200, PAGE),
     ("/about/", "text/html", 200, b"<!doctype html><p>about, pre-rendered</p>" * 20),
     ("/about/team", "text/html", 200, b"<!doctype html><p>about, pre-rendered</p>" * 20),
     ("/missing.css", "text/css", 404, None), ("/img/missing.png", "text/html", 404, None),
     ("/cart/style.css", "*/*", 404, None), ("/../etc/passwd", "*/*", 404, None)],
)  # fmt: skip
def test_deep_links_get_the_page_and_missing_files_a_404(site, path, accept, status, body):
    with served(site) as port:
        got, headers, content = get(port, path, Accept=accept, Accept_Encoding="gzip")
    assert got == status
    if body is not None:
        assert decoded(headers, content) == body and headers["content-type"] == "text/html"


def test_a_folder_without_its_slash_is_redirected_as_static_hosts_do(site):
    with served(site) as port:
        status, headers, _ = get(port, "/about?tab=2")
    assert (status, headers["location"]) == (301, "/about/?tab=2")


def test_page_for_is_the_rule_the_dev_server_can_share(site):
    assert page_for(site, "/") == site / "index.html"
    assert page_for(site, "/checkout/done") == site / "index.html"
    assert page_for(site, "/about/") == site / "about" / "index.html"
    assert page_for(site, "/app.js") == site / "app.js"
    assert page_for(site, "/nothing.js") is None
    # a built site's 404.html (a routed app's page with its views left to the router) is
    # what static hosts send for an address no route page answers; wasmui serve does too
    (site / "404.html").write_bytes(b"<!doctype html><p>for the router</p>")
    assert page_for(site, "/checkout/done") == site / "404.html"
    assert page_for(site, "/about/team") == site / "about" / "index.html"  # the nearest route page first
    assert page_for(site, "/") == site / "index.html"


def test_accept_encoding_is_read_as_rfc_9110_says():
    assert accepted_encodings("gzip, br") == {"gzip", "br"}
    assert accepted_encodings("br;q=0.0, gzip; q=1") == {"gzip"}
    assert accepted_encodings("*;q=0.1, gzip;q=0") == {"br"}
    assert accepted_encodings(None) == set()


class Plain(RevalidatingHandler):
    precompressed = False


def test_without_precompression_the_files_go_as_they_are(site):
    with served(site, Plain) as port:
        status, headers, body = get(port, "/app.js", Accept_Encoding="br, gzip")
    assert status == 200 and "content-encoding" not in headers and "vary" not in headers and body == SCRIPT


def test_the_serve_command_answers_compressed_and_deep_links(site):
    server = subprocess.Popen([sys.executable, "-m", "wasmui", "serve", str(site), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        line = server.stdout.readline()
        port = int(re.search(r":(\d+)/", line).group(1))
        status, headers, body = get(port, "/cart", Accept="text/html", Accept_Encoding="gzip, deflate, br")
        assert (status, headers["content-encoding"], brotli.decompress(body)) == (200, "br", PAGE)
        assert get(port, "/gone.js", Accept_Encoding="br")[0] == 404
    finally:
        server.terminate()
        server.wait(10)


ISOLATION = {"cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp"}


def test_serve_isolated_sends_the_cross_origin_isolation_headers(site):
    """``wasmui serve --isolated``: every answer (page, script, 304, 404) carries COOP and
    COEP, so worker mode's synchronous DOM reads work; without the flag, none does."""
    server = subprocess.Popen([sys.executable, "-m", "wasmui", "serve", str(site), "--port", "0", "--isolated"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        line = server.stdout.readline()
        assert "cross-origin isolated" in line, line
        port = int(re.search(r":(\d+)/", line).group(1))
        _, page_headers, _ = get(port, "/")
        answers = [page_headers, get(port, "/app.js", Accept_Encoding="br")[1], get(port, "/gone.js")[1],
                   get(port, "/", If_Modified_Since=page_headers["last-modified"])[1]]  # fmt: skip
        for headers in answers:
            assert {name: headers.get(name) for name in ISOLATION} == ISOLATION, headers
    finally:
        server.terminate()
        server.wait(10)
    with served(site) as port:
        assert not set(ISOLATION) & set(get(port, "/")[1])
