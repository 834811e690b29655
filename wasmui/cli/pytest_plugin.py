"""Loaded by ``wasmui test`` (``-p wasmui.cli.pytest_plugin``): Chromium's flags for pytest-pyodide."""

from __future__ import annotations

from pytest_pyodide import get_global_config

from .browser import CHROME_FLAGS

get_global_config().set_flags("chrome", CHROME_FLAGS)
