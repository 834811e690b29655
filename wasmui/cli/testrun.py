"""``wasmui test``: the project's tests, on the model DOM and in headless Chromium (#13).

One pytest run: plain tests use ``wasmui.testing`` on the model DOM under CPython;
``@run_in_pyodide(packages=[...])`` tests run in Chromium through pytest-pyodide,
against a dist assembled here with wasmui, the project and pytest's wheels.
"""

from __future__ import annotations

import os
import subprocess
import sys

from .browser import browser_environment
from .dist import assemble
from .errors import CliError
from .project import Project
from .runtime import cache_dir
from .wheels import TEST_WHEELS, download, wasmui_wheel


def run_tests(project: Project, pytest_args: list[str]) -> int:
    """Runs pytest in the project; returns its exit code."""
    try:
        import pytest  # noqa: F401
        import pytest_pyodide  # noqa: F401
    except ImportError:
        raise CliError('wasmui test needs pytest-pyodide: install wasmui with its test extra '
                       '(pip install "path/to/wasmui-*.whl[test]", or "wasmui[test]" from your package index)') from None
    scratch = project.root / ".wasmui"
    wheels = [wasmui_wheel(scratch / "wheels"), project.wheel(scratch / "wheels"), *download(TEST_WHEELS, cache_dir() / "wheels")]
    dist = assemble(scratch / "test-dist", wheels)
    env = {**os.environ, **browser_environment()}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project.root), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "pytest", f"--dist-dir={dist}", "--runtime", "chrome",
               "-p", "no:cacheprovider", *pytest_args]  # fmt: skip
    return subprocess.run(command, cwd=project.root, env=env).returncode
