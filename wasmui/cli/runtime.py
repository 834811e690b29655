"""Where the Pyodide runtime comes from on a user's machine, chosen once (#13).

The runtime is the npm package ``pyodide`` at the version wasmui is built and tested
against. It is fetched once with ``npm pack`` (npm's own cache and registry settings
apply) into wasmui's cache folder; ``WASMUI_PYODIDE_DIR`` points at a folder that
already holds it (a ``node_modules/pyodide``, an unpacked release) instead. ``wasmui
build --cdn`` serves it from jsDelivr rather than shipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .errors import CliError

PYODIDE_VERSION = "314.0.7"
PYODIDE_PYTHON = "3.14"
"""The Python version inside that runtime: wheels are fetched for it."""
CDN_URL = f"https://cdn.jsdelivr.net/npm/pyodide@{PYODIDE_VERSION}/"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def cache_dir() -> Path:
    """wasmui's cache: ``$XDG_CACHE_HOME/wasmui`` (``~/.cache/wasmui``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wasmui"


def pyodide_runtime() -> Path:
    """The folder holding the Pyodide runtime's files, fetched on first use."""
    configured = os.environ.get("WASMUI_PYODIDE_DIR")
    if configured:
        folder = Path(configured)
        _check(folder, f"WASMUI_PYODIDE_DIR={configured}")
        return folder
    folder = cache_dir() / f"pyodide-{PYODIDE_VERSION}"
    if not (folder / "pyodide.asm.wasm").exists():
        _fetch(folder)
    _check(folder, str(folder))
    return folder


def _fetch(folder: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise CliError(
            f"wasmui needs the Pyodide {PYODIDE_VERSION} runtime, fetched once from the npm registry with npm, "
            "which is not installed. Install Node.js and npm (Debian: apt-get install npm), or set "
            "WASMUI_PYODIDE_DIR to a folder holding pyodide.mjs and pyodide.asm.wasm."
        )
    print(f"[wasmui] fetching the Pyodide {PYODIDE_VERSION} runtime (once) into {folder}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            [npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--silent", "--pack-destination", scratch],
            capture_output=True,
            text=True,
        )
        tarballs = list(Path(scratch).glob("pyodide-*.tgz"))
        if result.returncode != 0 or not tarballs:
            raise CliError(f"could not fetch pyodide@{PYODIDE_VERSION} with npm pack: {result.stderr.strip()}")
        staging = Path(scratch) / "unpacked"
        with tarfile.open(tarballs[0]) as archive:
            archive.extractall(staging, filter="data")
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.move(str(staging / "package"), folder)


def _check(folder: Path, where: str) -> None:
    missing = [name for name in RUNTIME_FILES if not (folder / name).exists()]
    if missing:
        raise CliError(f"{where} is not a Pyodide runtime: {', '.join(missing)} missing")
