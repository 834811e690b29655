"""wasmui's pytest plugin (registered as a ``pytest11`` entry point, and loaded by ``wasmui test``).

It gives pytest-pyodide Chromium's flags for machines without a display or a network, and
turns the first-hour mistake of running plain ``pytest`` on browser tests without a
Pyodide dist into a message saying what to run, instead of a ``FileNotFoundError`` from
deep inside pytest-pyodide after a long wait.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_pyodide import get_global_config

from .browser import CHROME_FLAGS

get_global_config().set_flags("chrome", CHROME_FLAGS)

_BROWSER_FIXTURES = ("selenium", "selenium_standalone", "selenium_module_scope", "selenium_standalone_noload")


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    needs_browser = any(set(getattr(item, "fixturenames", ())) & set(_BROWSER_FIXTURES) for item in items)
    dist = Path(config.getoption("dist_dir", default="pyodide") or "pyodide")
    if needs_browser and not (dist / "pyodide-lock.json").exists():
        pytest.exit(
            f"browser tests need a Pyodide dist, and {dist} holds none: run them with `wasmui test` (it "
            "assembles one with your package), or `wasmui dist --out DIR --test` then "
            "`pytest --dist-dir=DIR --runtime chrome`",
            returncode=4,
        )
