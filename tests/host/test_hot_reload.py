"""Hot reload (#13, #25), on plain CPython and the model DOM: what a reload lets go of, and
what it keeps: a component instance whose class still fits keeps its state and attributes
without running on_init again; one that does not fit is remounted, and the report says
which and why. The same in Chromium through ``wasmui dev``: tests/browser/test_dev.py."""

from __future__ import annotations

import gc
import json
import sys
import weakref

import pytest

from wasmui import errors, hot_reload, tracker
from wasmui.testing import click, render
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
        h(old)
        (package / "widgets.py").write_text(WIDGET.format(text="two"))
        assert hot_reload._reload(["reloadpkg.widgets"]) == {"reloadpkg", "reloadpkg.widgets"}
        new = sys.modules["reloadpkg.widgets"].Widget
        assert new is not old
        assert h(new).type is new
        gone = weakref.ref(old)
        del old, widgets
        gc.collect()
        assert gone() is None  # nothing of wasmui keeps the old class alive
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == "reloadpkg"]:
            del sys.modules[name]


# --- what a reload keeps (#25): the instance where its class still fits ----------------

SHOP = '''
from wasmui import Component, component, h, html, use_state
from hotlog import INITS, UNMOUNTS


class Cart:
    def __init__(self):
        self.items = []


class Row(Component):
    def on_init(self):
        INITS.append("Row")
        self.state = {"seen": 0}

    def on_unmount(self):
        UNMOUNTS.append("Row")

    def render(self):
        return html.li(f"ROW_LABEL {self.props['name']}", data_testid="row")


@component
def Likes():
    likes, set_likes = use_state(0)
    return html.button(f"LIKES_LABEL {likes}", on_click=lambda event: set_likes(likes + 1))


class App(Component):
    def on_init(self):
        INITS.append("App")
        self.cart = Cart()
        self.state = {"clicks": 0}

    def on_unmount(self):
        UNMOUNTS.append("App")

    def add(self, event=None):
        self.cart.items.append("apple")
        self.set_state(clicks=self.state["clicks"] + 1)

    def render(self):
        return html.div(
            html.p(f"CART_LABEL ({len(self.cart.items)})", data_testid="cart"),
            html.button("Add", on_click=self.add),
            html.ul([h(Row, {"name": item, "key": index}) for index, item in enumerate(self.cart.items)]),
            h(Likes),
        )
'''


@pytest.fixture
def shop(tmp_path, monkeypatch):
    """A package ``hotshop`` (its ``app`` module: App holding a Cart, Row, Likes) and a
    module ``hotlog`` outside it, which a reload leaves alone, counting on_init calls."""
    (tmp_path / "hotshop").mkdir()
    (tmp_path / "hotshop" / "__init__.py").write_text("")
    (tmp_path / "hotshop" / "app.py").write_text(SHOP)
    (tmp_path / "hotlog.py").write_text("INITS = []\nUNMOUNTS = []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import hotlog
    import hotshop.app

    tracker.install()  # the dev tools' books, which count mounted components by class
    view = render(hotshop.app.App)
    yield view, hotlog
    if view.component is not None:
        view.unmount()
    for name in [name for name in sys.modules if name.split(".")[0] in ("hotshop", "hotlog")]:
        del sys.modules[name]


def reload_with(source: str) -> dict:
    return json.loads(hot_reload.apply(json.dumps([["hotshop/app.py", source]])))


def test_a_reload_keeps_the_instance_its_attributes_and_state_without_on_init(shop):
    view, log = shop
    app = view.component
    cart = app.cart
    click(view.get_by_role("button", name="Add"))
    click(view.get_by_role("button", name="Add"))
    click(view.get_by_role("button", name="LIKES_LABEL 0"))
    rows = view.get_all_by_text("ROW_LABEL apple")
    assert view.get_by_test_id("cart").textContent == "CART_LABEL (2)" and len(rows) == 2
    assert log.INITS == ["App", "Row", "Row"]
    report = reload_with(SHOP.replace("CART_LABEL", "Cart").replace("ROW_LABEL", "Item").replace("LIKES_LABEL", "Likes"))
    assert report == {"roots": [report["roots"][0]], "kept": ["App", "App > Row", "App > Row", "App > Likes"], "remounted": [], "error": ""}
    # the new code renders, the same instances: the attribute's cart, the state, the hook's state
    assert view.get_by_test_id("cart").textContent == "Cart (2)"
    assert [el.textContent for el in view.get_all_by_text("Item apple")] == ["Item apple", "Item apple"]
    assert view.get_by_role("button", name="Likes 1")
    assert view.component is app and app.cart is cart and app.state == {"clicks": 2}
    assert type(app) is sys.modules["hotshop.app"].App
    assert log.INITS == ["App", "Row", "Row"] and log.UNMOUNTS == []  # on_init did not run again
    # the dev tools count them under their new classes, and hold no old class
    module = sys.modules["hotshop.app"]
    counted = {cls: n for cls, n in tracker.mounted_by_type.items() if cls.__module__ == "hotshop.app"}
    assert counted == {module.App: 1, module.Row: 2, module.Likes: 1}
    # and it still works: the handler bound before the reload reaches the new code
    click(view.get_by_role("button", name="Add"))
    assert view.get_by_test_id("cart").textContent == "Cart (3)" and log.INITS[-1] == "Row"


def test_a_class_that_lost_a_method_is_remounted_and_the_report_says_why(shop):
    view, log = shop
    click(view.get_by_role("button", name="Add"))
    source = SHOP.replace("def add(self", "def add_item(self").replace("on_click=self.add", "on_click=self.add_item")
    report = reload_with(source)
    assert report["kept"] == [] and report["remounted"] == [["App", "its class lost the method add()"]]
    assert view.get_by_test_id("cart").textContent == "CART_LABEL (0)"  # a fresh App: a new, empty cart
    assert log.INITS == ["App", "Row", "App"] and log.UNMOUNTS == ["App", "Row"]
    assert type(view.component) is sys.modules["hotshop.app"].App


def test_a_child_whose_on_init_changed_is_remounted_and_its_parent_kept(shop):
    view, log = shop
    app = view.component
    click(view.get_by_role("button", name="Add"))
    report = reload_with(SHOP.replace('self.state = {"seen": 0}', 'self.state = {"seen": 0, "open": False}'))
    assert report["kept"] == ["App", "App > Likes"]
    assert report["remounted"] == [["App > Row", "its on_init changed (it makes the instance's attributes)"]]
    assert view.component is app and app.state == {"clicks": 1}
    assert log.INITS == ["App", "Row", "Row"] and log.UNMOUNTS == ["Row"]
    assert view.get_by_text("ROW_LABEL apple")


def test_a_function_component_whose_hooks_changed_is_remounted(shop):
    view, _ = shop
    click(view.get_by_role("button", name="LIKES_LABEL 0"))
    source = SHOP.replace("    likes, set_likes = use_state(0)\n", "    likes, set_likes = use_state(0)\n    other, set_other = use_state(5)\n")
    report = reload_with(source)
    assert report["remounted"] == [["App > Likes", "its hooks changed (use_state -> use_state, use_state)"]]
    assert view.get_by_role("button", name="LIKES_LABEL 0")  # its state starts again


def test_a_syntax_error_is_in_the_report_and_the_last_good_code_keeps_running(shop):
    view, _ = shop
    report = reload_with(SHOP.replace("class Row(Component):", "class Row(Component)"))
    assert report["kept"] == [] and report["remounted"] == []
    assert report["error"].startswith("SyntaxError: ") and "app.py:" in report["error"], report
    # the traceback quotes the new code, not the installed file's old line (a new user saw the old one)
    traceback = errors.recent[-1].traceback
    assert "class Row(Component)\n" in traceback and "class Row(Component):" not in traceback, traceback
    click(view.get_by_role("button", name="Add"))
    assert view.get_by_test_id("cart").textContent == "CART_LABEL (1)"


def test_what_fits_and_what_does_not():
    from wasmui import Component

    class Old(Component):
        def on_init(self):
            self.a = 1

        def helper(self):
            return 1

    class Moved(Component):  # same code, other lines, a new method: fits


        def on_init(self):
            self.a = 1

        def helper(self):
            return 2

        def more(self):
            pass

    class NewInit(Component):
        def __init__(self, props=None, extra=None):
            super().__init__(props)

        def on_init(self):
            self.a = 1

        def helper(self):
            return 1

    assert hot_reload.misfit(Old, Moved) is None
    assert hot_reload.misfit(Old, NewInit) == "its __init__ changed (it makes the instance's attributes)"
    assert hot_reload.misfit(Old, None) == f"{Old.__module__} no longer has a component class {Old.__qualname__}"
