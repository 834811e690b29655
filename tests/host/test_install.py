"""Installing wasmui's wheel (#25): on a Python below 3.12, pip's own message names Python.

pip checks a wheel's ``Requires-Python`` only once its dependencies resolve, so a
dependency that itself needs 3.12 used to fail first ("No matching distribution found for
pyodide-lock[wheel]==0.2.1") and pip never said that wasmui needs Python 3.12. Every
dependency (the ``test`` extra's too) is marked ``python_version >= "3.12"``, so on an
older Python none applies and pip reaches the real reason.

The wheel is built from a copy of ``pyproject.toml`` and ``README.md`` beside a stub
package: its metadata is what ``./build.sh`` writes into ``dist/``, built without
touching the work tree.
"""

from __future__ import annotations

import email.parser
import glob
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """wasmui's wheel, built from this repository's pyproject.toml (package code stubbed)."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copy(REPO / "README.md", source)
    (source / "wasmui" / "cli").mkdir(parents=True)
    (source / "wasmui" / "__init__.py").write_text('__version__ = "0.1.0"\n')
    (source / "wasmui" / "cli" / "__init__.py").write_text("")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
                   check=True, capture_output=True)  # fmt: skip
    (built,) = out.glob("wasmui-*.whl")
    return built


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode())


def _applying(requirements: list[Requirement], python: str) -> list[str]:
    """What ``pip install "wasmui[test]"`` resolves on Python ``python``."""
    env = {**default_environment(), "python_version": python, "python_full_version": f"{python}.0", "extra": "test"}
    return sorted(str(r) for r in requirements if r.marker is None or r.marker.evaluate(env))


def test_the_wheel_declares_python_3_12_and_no_dependency_applies_below_it(wheel):
    metadata = _metadata(wheel)
    assert SpecifierSet(metadata["Requires-Python"]) == SpecifierSet(">=3.12")
    requirements = [Requirement(text) for text in metadata.get_all("Requires-Dist")]
    on_312 = {Requirement(text).name.lower() for text in _applying(requirements, "3.12")}
    assert on_312 >= {"pyodide-lock", "pytest", "pytest-pyodide", "selenium"}
    for python in ("3.11", "3.10"):
        assert _applying(requirements, python) == [], f"pip on {python} would resolve these before Requires-Python"


def _old_pythons() -> list[str]:
    """Interpreters below 3.12 on this machine (pyenv's, or on PATH)."""
    root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = sorted(glob.glob(f"{root}/versions/3.1[01].*/bin/python3"))
    candidates += [path for name in ("python3.11", "python3.10") if (path := shutil.which(name))]
    for path in candidates:
        result = subprocess.run([path, "-c", "import sys, pip; print(sys.version_info < (3, 12))"], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip() == "True":
            return [path]
    return []


def test_pip_on_python_3_11_says_wasmui_needs_a_newer_python(wheel, tmp_path):
    pythons = _old_pythons()
    assert pythons, "no Python below 3.12 with pip on this machine: ./build.sh test installs one (Debian's python3-pip)"
    result = subprocess.run(
        [pythons[0], "-m", "pip", "install", "--dry-run", "--no-index", "--ignore-installed",
         "--disable-pip-version-check", f"{wheel}[test]"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert result.returncode != 0
    assert "requires a different Python" in result.stderr, result.stderr
    assert ">=3.12" in result.stderr
    assert "No matching distribution" not in result.stderr


def _plain_pytest(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``pytest`` as a user runs it in their project: no --dist-dir, no ``wasmui test``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "WASMUI_"))}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def test_plain_pytest_in_a_new_project_runs_the_host_tests_and_says_why_browser_ones_wait(tmp_path):
    from wasmui.cli.scaffold import new_project

    project = new_project(tmp_path, "shop")
    result = _plain_pytest(project)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b1 passed, 2 skipped\b", out), out[-2000:]  # run_in_pyodide's test and the page's
    assert re.search(r"SKIPPED \[2\] .*browser test: no Pyodide dist in \S*shop/pyodide; `wasmui test` runs it", out), out[-2000:]
    # -k narrowing to the host test: it runs, nothing stops the run
    narrowed = _plain_pytest(project, "-k", "without_a_browser")
    # deselected by -k: the browser tests (the page test only in the run's engine)
    assert narrowed.returncode == 0 and re.search(r"\b1 passed, 2 deselected\b", narrowed.stdout), narrowed.stdout[-2000:]
    # a failing host test still fails the run (the skip hides nothing)
    app = project / "shop" / "app.py"
    app.write_text(app.read_text().replace('"count"', '"total"'))
    failing = _plain_pytest(project)
    assert failing.returncode == 1 and re.search(r"\b1 failed, 2 skipped\b", failing.stdout), failing.stdout[-2000:]


def test_plain_pytest_runs_when_wasmui_is_installed_without_its_test_extra(tmp_path):
    """wasmui's pytest plugin is registered wherever wasmui is installed; without
    pytest-pyodide (no ``[test]`` extra) it must still load, or no pytest run could start."""
    from wasmui.cli.scaffold import new_project

    project = new_project(tmp_path, "lean")
    (project / "tests" / "test_app.py").write_text(
        "from lean.app import App\nfrom wasmui.testing import render\n\n\n"
        "def test_it_renders():\n    assert render(App).get_by_test_id('count').textContent == '0'\n"
    )
    hidden = tmp_path / "hidden"
    (hidden / "pytest_pyodide").mkdir(parents=True)
    (hidden / "pytest_pyodide" / "__init__.py").write_text("raise ImportError('pytest-pyodide is not installed')\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "WASMUI_"))}
    env["PYTHONPATH"] = str(hidden)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:pytest_pyodide", "-p", "no:pytest_pyodide_hook"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0 and re.search(r"\b1 passed\b", result.stdout), result.stdout[-2000:] + result.stderr[-2000:]


def test_browser_tests_come_in_the_engines_order_whatever_the_hash_seed(tmp_path):
    """pytest-pyodide keeps its runtimes in a set: without wasmui's order, each run (and each
    pytest-xdist worker) collected the engines in another order."""
    from wasmui.cli.scaffold import new_project

    project = new_project(tmp_path, "shop")
    orders = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "WASMUI_"))}
        result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                 "--engine", "webkit,firefox,chromium"], cwd=project, env={**env, "PYTHONHASHSEED": seed},
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        orders.add(tuple(re.findall(r"\[(chrome|firefox|webkit)\]", result.stdout)))
    assert orders == {("chrome", "firefox", "webkit") * 2}  # run_in_pyodide's test, then the page's (wasmui_page)


def test_the_scaffold_readme_names_the_wheel_file_pip_takes(wheel, tmp_path):
    """The new project's README installs wasmui by the wheel's exact name (a quoted
    ``wasmui-*.whl[test]`` is no file to pip: "not a valid wheel filename")."""
    from wasmui.cli.scaffold import new_project

    readme = (new_project(tmp_path, "shop") / "README.md").read_text()
    assert f'pip install "/path/to/{wheel.name}[test]"' in readme and "*" not in readme.split("```")[1], readme
