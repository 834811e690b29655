"""The wheels a Pyodide dist holds: wasmui's, the project's, and pure-Python ones from PyPI.

wasmui's wheel and the project's are written directly: a pure-Python wheel is a zip of
the package with three metadata files, so making one takes milliseconds and needs no
build backend in the user's environment (pypa ``build`` would, per project, and
``pyodide build`` downloads a cross-build environment). Wheels from PyPI come through
pip, for the Python inside Pyodide.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .atomic import written_whole
from .errors import CliError
from .runtime import PYODIDE_PYTHON

TEST_WHEELS = ("pytest==9.0.2", "iniconfig==2.3.1", "packaging==26.4", "pluggy==1.7.0", "pygments==2.21.0", "tblib==3.2.2")
"""What pytest-pyodide's run_in_pyodide loads by name inside Pyodide (pytest and tblib with
their dependencies, listed because pip cannot resolve for the wasm platform)."""


def make_wheel(out_dir: Path, name: str, version: str, files: dict[str, bytes], requires: list[str]) -> Path:
    """Writes ``{name}-{version}-py3-none-any.whl`` holding ``files`` (archive name -> bytes)."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {requirement}" for requirement in requires]
    content = dict(files)
    content[f"{info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    content[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: wasmui\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in content.items()] + [f"{info}/RECORD,,"]
    content[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{dist}-{version}-py3-none-any.whl"
    # Stored, not deflated: measured with wasmui's wheel (463 KB stored, 165 KB deflated),
    # stored is smaller over the wire once the transfer is compressed (113 KB as Brotli,
    # against 161 KB: a deflated zip does not compress again) and unpacks as fast in Pyodide
    # (extractall 14.4 ms against 15.7, median of 15).
    with written_whole(path) as scratch, zipfile.ZipFile(scratch, "w", zipfile.ZIP_STORED) as archive:
        for arcname in sorted(content):
            archive.writestr(zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0)), content[arcname])
    return path


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def package_files(package_dir: Path, prefix: str, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """A package folder's files under archive names ``prefix/...`` (no caches; ``skip``: top
    folders or files, or paths relative to the package)."""
    files = {}
    for path in sorted(package_dir.rglob("*")):
        relative = path.relative_to(package_dir)
        if path.is_dir() or "__pycache__" in relative.parts or path.suffix == ".pyc" or relative.parts[0] in skip or relative.as_posix() in skip:
            continue
        files[f"{prefix}/{relative.as_posix()}"] = path.read_bytes()
    return files


def wasmui_wheel(out_dir: Path) -> Path:
    """The installed wasmui as a wheel for the browser, without its host-only command (and
    the Firefox driver the command's tests use)."""
    import wasmui

    files = package_files(Path(wasmui.__file__).parent, "wasmui", skip=("cli", "__main__.py", "js/firefox-driver.mjs"))
    return make_wheel(out_dir, "wasmui", wasmui.__version__, files, [])


def download(requirements: tuple[str, ...], dest: Path) -> list[Path]:
    """Pure-Python wheels from PyPI (``name==version`` each) for the Python inside Pyodide,
    kept in ``dest`` so that later runs fetch nothing."""
    dest.mkdir(parents=True, exist_ok=True)
    missing = [requirement for requirement in requirements if _cached(dest, requirement) is None]
    if missing:
        # into a folder of this run's, then renamed into the cache: a wheel another build is
        # still writing is never taken for a cached one
        with tempfile.TemporaryDirectory(dir=dest, prefix=".download-") as scratch:
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                 "--only-binary=:all:", "--python-version", PYODIDE_PYTHON, "--platform", "any", "-d", scratch, *missing],
                capture_output=True, text=True,
            )  # fmt: skip
            if result.returncode != 0:
                raise CliError(f"pip could not download {' '.join(missing)} for Pyodide: {result.stderr.strip()[-800:]}")
            for wheel in Path(scratch).glob("*.whl"):
                wheel.replace(dest / wheel.name)
    found = [_cached(dest, requirement) for requirement in requirements]
    if None in found:
        raise CliError(f"pip downloaded no wheel for {requirements[found.index(None)]}")
    return found


def _cached(dest: Path, requirement: str) -> Path | None:
    name, _, version = requirement.partition("==")
    prefix = f"{name.lower().replace('-', '_')}-{version}-"
    return next((path for path in dest.glob("*.whl") if path.name.lower().startswith(prefix)), None)
