"""Host tests: the framework on the pure-Python model DOM, under plain CPython."""

from __future__ import annotations

import pytest

from wasmui import runtime
from wasmui.modeldom import ModelHost, element


@pytest.fixture
def host():
    """A fresh model DOM made the current runtime's host."""
    model = ModelHost()
    runtime.use_host(model)
    yield model
    if runtime.current_runtime is not None:
        runtime.current_runtime.free_removed()  # (and the collector back, if an event left one owed)
    runtime._set_current(None)


@pytest.fixture
def container(host):
    """An empty ``<div id="app">`` in the model document."""
    app = element("div")
    app.attrs["id"] = "app"
    host.document.insert_before(app, None)
    return app


@pytest.fixture
def app(container):
    """The container, with every root still mounted in it unmounted afterwards (a test
    that runs the guide's examples mounts them as the guide does)."""
    yield container
    for root in list(runtime.current_runtime.roots if runtime.current_runtime else []):
        root.unmount()
