"""A Pyodide dist: the runtime, the wheels, and a ``pyodide-lock.json`` that lists them.

Pyodide loads packages by name from its lock file. The npm runtime's lock lists
Pyodide's own builds (other files, other hashes) and no wheel files; pyodide-lock's
``add_wheels_to_spec`` adds the wheels that are really there, with their hashes and
dependencies, so ``loadPackage(["myapp"])`` and ``run_in_pyodide(packages=["myapp"])``
find them with integrity checks. This is the one way wasmui assembles a dist: the
repository's ``build.sh`` calls it too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .assets import content_hash
from .errors import CliError
from .runtime import RUNTIME_FILES, pyodide_runtime


def assemble(
    out: Path,
    wheels: list[Path],
    *,
    keep_only_needed: bool = True,
    runtime: Path | None = None,
    copy_runtime: bool = True,
    content_addressed: bool = False,
) -> Path:
    """Fills ``out`` with the runtime, ``wheels`` and their lock; returns ``out``.

    Args:
        out: the folder (made if missing; stale wheels in it are removed).
        wheels: the wheel files to serve.
        keep_only_needed: the lock lists only these wheels and their dependencies,
            not every package Pyodide knows (a smaller lock, and no name that would
            404 when loaded).
        runtime: the runtime folder (default: :func:`~wasmui.cli.runtime.pyodide_runtime`).
        copy_runtime: ``False`` when the page loads the runtime from elsewhere (a CDN):
            only the wheels and the lock are written (the lock still starts from the
            runtime's own, which is read locally).
        content_addressed: each wheel goes in a folder named after its content's hash
            (``ab12cd34ef56/app-0.1.0-py3-none-any.whl``), so a host may cache it forever:
            a rebuilt wheel of the same version gets a new URL instead of failing the
            lock's integrity check against a stale cached copy.
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    runtime = runtime or pyodide_runtime()
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.rglob("*.whl"):
        stale.unlink()
    for name in RUNTIME_FILES if copy_runtime else ():
        if name != "pyodide-lock.json":
            shutil.copyfile(runtime / name, out / name)
    copies = []
    for wheel in wheels:
        folder = out / content_hash(wheel.read_bytes()) if content_addressed else out
        folder.mkdir(exist_ok=True)
        shutil.copyfile(wheel, folder / wheel.name)
        copies.append(folder / wheel.name)
    try:
        spec = add_wheels_to_spec(PyodideLockSpec.from_json(runtime / "pyodide-lock.json"), copies, base_path=out)
    except Exception as exc:  # pyodide-lock names the wheel and the dependency it cannot place
        raise CliError(f"could not add the wheels to the Pyodide lock: {exc}") from None
    if keep_only_needed:
        spec.packages = _closure(spec.packages, {_package_name(spec, path) for path in copies})
    spec.to_json(out / "pyodide-lock.json")
    return out


def _package_name(spec, wheel: Path) -> str:
    return next(name for name, package in spec.packages.items() if package.file_name.endswith(wheel.name))


def _closure(packages: dict, roots: set[str]) -> dict:
    """``roots`` and everything they depend on, transitively."""
    keep, pending = set(), list(roots)
    while pending:
        name = pending.pop()
        if name in keep or name not in packages:
            continue
        keep.add(name)
        pending.extend(packages[name].depends)
    return {name: package for name, package in packages.items() if name in keep}
