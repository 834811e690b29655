"""Pre-compressed copies of a built site's files: ``NAME.br`` and ``NAME.gz`` beside ``NAME``.

A static host (or ``wasmui serve``) sends one of them to a browser that accepts it, with
``Content-Encoding``; the browser decodes it natively, so the bytes over the wire shrink
with no work in Python. They are made once, at the highest levels (Brotli 11 with a 16 MB
window, gzip 9), which take about half a minute for the runtime's 9.6 MB of WebAssembly:
so each result is kept in wasmui's cache under the hash of the input, and a rebuild
compresses only what changed. A copy that is not smaller than the file is not written
(a host then sends the file itself).
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from .atomic import written_whole

COMPRESSIBLE = frozenset({
    ".html", ".css", ".js", ".mjs", ".json", ".map", ".wasm", ".whl", ".zip", ".svg", ".txt", ".xml",
    ".webmanifest", ".ico", ".ttf", ".otf", ".eot", ".csv", ".md", ".py",
})  # fmt: skip
"""What compresses: text, WebAssembly, and the zips whose members are stored (the wheels
wasmui makes and the standard library it repacks). Images, fonts in woff/woff2, audio and
video are compressed already."""

MIN_SIZE = 256
"""Smaller files are sent as they are: the saving would not pay for a header."""


def compress_site(out: Path, cache: Path) -> list[Path]:
    """Writes ``.br`` and ``.gz`` beside each compressible file under ``out``; returns them."""
    written = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix.lower() in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE:
            written += compress_file(path, cache)
    return written


def compress_file(path: Path, cache: Path) -> list[Path]:
    """``path.br`` and ``path.gz`` (each only if smaller than ``path``)."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    written = []
    for suffix, encode in ((".br", _brotli), (".gz", _gzip)):
        cached = cache / f"{key}{suffix}"
        if not cached.exists():
            cache.mkdir(parents=True, exist_ok=True)
            with written_whole(cached) as scratch:
                scratch.write_bytes(encode(data))
        target = path.with_name(path.name + suffix)
        if cached.stat().st_size < len(data):
            target.write_bytes(cached.read_bytes())
            written.append(target)
        else:
            target.unlink(missing_ok=True)
    return written


def _brotli(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, quality=11, lgwin=24)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)
