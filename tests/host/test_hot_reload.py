"""Hot reload's module side (#13), on plain CPython: what a reload lets go of."""

from __future__ import annotations

import gc
import sys
import weakref

from wasmui import hot_reload, vnode
from wasmui.vnode import h

WIDGET = """
from wasmui import Component, html

class Widget(Component):
    def render(self):
        return html.p({text!r})
"""


def test_a_reload_lets_go_of_the_old_classes(tmp_path, monkeypatch):
    package = tmp_path / "reloadpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "widgets.py").write_text(WIDGET.format(text="one"))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import reloadpkg.widgets as widgets

        old = widgets.Widget
        h(old)  # h() remembers the class
        assert old in vnode._component_classes
        (package / "widgets.py").write_text(WIDGET.format(text="two"))
        assert hot_reload._reload(["reloadpkg.widgets"]) == {"reloadpkg", "reloadpkg.widgets"}
        new = sys.modules["reloadpkg.widgets"].Widget
        assert new is not old and old not in vnode._component_classes
        assert h(new).type is new and new in vnode._component_classes  # the new one is found as before
        gone = weakref.ref(old)
        del old, widgets
        gc.collect()
        assert gone() is None  # nothing of wasmui keeps the old class alive
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == "reloadpkg"]:
            del sys.modules[name]
