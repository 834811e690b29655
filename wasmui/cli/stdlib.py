"""The standard library a build ships: Pyodide's ``python_stdlib.zip``, repacked.

Pyodide's zip deflates each module on its own (2.55 MB). Stored instead, and compressed
whole for the transfer (``.br``, see :mod:`wasmui.cli.compress`), the same files cost
1.59 MB over the wire, since Brotli sees the redundancy across modules, and the import
reads them without inflating. ``zipimport`` reads stored members as it reads deflated ones.

A handful of modules that cannot run in a page or are jokes are left out (``TRIMMED``);
everything else stays, so an app that imports a module in ``wasmui dev`` finds it in the
build as well. Measured on the scaffold's cold visit (Chromium, the app mounted): it
imports 158 of the zip's 536 files, 3.1 of its 9.4 MB; which others an app needs
depends on the app, so nothing more is cut.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from .atomic import written_whole

TRIMMED = ("_pyrepl/", "__phello__/", "__hello__.py", "antigravity.py", "this.py")
"""Left out: the terminal REPL (a page has no terminal) and the demo and easter-egg modules."""


def repack_stdlib(source: Path, target: Path, cache: Path, stored: bool = True) -> Path:
    """Writes ``target``: ``source``'s members but ``TRIMMED``, stored (or deflated, for a
    host that cannot send the pre-compressed copy: stored, the zip is 9.4 MB raw against
    2.5); cached by the source's hash (repacking takes a second)."""
    data = source.read_bytes()
    kind = "stored" if stored else "deflated"
    cached = cache / f"stdlib-{hashlib.sha256(data).hexdigest()[:16]}-{kind}.zip"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        with written_whole(cached) as scratch:
            with zipfile.ZipFile(source) as original, zipfile.ZipFile(scratch, "w", method, compresslevel=9) as repacked:
                for info in original.infolist():
                    if info.filename.startswith(TRIMMED):
                        continue
                    copy = zipfile.ZipInfo(info.filename, info.date_time)
                    copy.external_attr, copy.compress_type = info.external_attr, method
                    repacked.writestr(copy, original.read(info), compresslevel=9)
    target.write_bytes(cached.read_bytes())
    return target
