"""Fixtures for tests that drive the pytest-pyodide page with selenium."""

from __future__ import annotations

import pytest


@pytest.fixture
def wasmui_page(selenium):
    """The pytest-pyodide page with wasmui loaded and a fresh, empty ``#app`` container."""
    selenium.load_package(["wasmui"])
    selenium.run_js(
        """
        document.getElementById("app")?.remove();
        const app = document.createElement("div");
        app.id = "app";
        document.body.appendChild(app);
        """
    )
    return selenium

