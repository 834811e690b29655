"""wasmui's warnings where the user's code has no file: code run by ``pyodide.runPython``
lives in ``__main__``, loaded by BuiltinImporter, which cannot give its source."""

from __future__ import annotations

import importlib.machinery
import sys
import types

import pytest

from wasmui import errors


@pytest.fixture
def main_without_file(monkeypatch):
    module = types.ModuleType("page_main")
    module.__loader__ = importlib.machinery.BuiltinImporter  # as __main__ in Pyodide
    monkeypatch.setitem(sys.modules, "page_main", module)
    return module


def test_a_warning_at_code_without_a_file_is_a_warning_not_an_import_error(main_without_file):
    with pytest.warns(UserWarning, match="a refused link") as caught:
        errors.warn(UserWarning, "a refused link", errors.Site("<exec>", 3, "page_main"))
    assert (caught[0].filename, caught[0].lineno) == ("<exec>", 3)
