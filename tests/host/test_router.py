"""The router on the model DOM (#15, #24): no browser needed to test a routed app.

Route patterns; ``wasmui.testing.render(App, url=...)``, ``navigate``, ``back`` and
``forward`` over a history in memory; props given only as a view's function takes them
(a fallback without parameters); and the accessible route change: title, focus, scroll
kept per entry, the announcement.
"""

from __future__ import annotations

import pytest

from wasmui import Component, component, h, html, runtime, use_state
from wasmui.location import MemoryLocation
from wasmui.router import ROUTE, Link, Route, Router, current_location, use_location, use_params, use_route
from wasmui.testing import assert_no_leaks, back, click, fire, forward, navigate, render


@pytest.fixture(autouse=True)
def fresh_runtime():
    """Each test on a model DOM of its own (render() makes one when none is current)."""
    runtime._set_current(None)
    yield
    runtime._set_current(None)


@component
def Home():
    return html.div(html.h1("Shop"), Link("/cart", "Cart", id="to-cart"), Link("/items/7", "Item 7", id="to-item"))


@component
def Cart():
    return html.section(html.p("intro"), html.h2("Your cart"), Link("/", "Home", id="to-home"))


@component
def Item(item_id):
    return html.main(html.p(f"item {item_id}", data_testid="item"))


@component
def NotFound():  # takes no parameters: it used to be given `path` and fail (#24)
    return html.p("no such page", data_testid="missing")


ROUTES = [
    Route("/", Home, title="Shop"),
    Route("/cart", Cart, title="Cart"),
    Route("/items/{item_id}", Item, title=lambda item_id: f"Item {item_id}"),
]


@component
def App():
    return html.div(Router(ROUTES, fallback=NotFound), id="app")


def shown(view) -> str:
    return view.container.textContent


# --- patterns ---------------------------------------------------------------------------


def test_routes_match_paths_and_pass_parameters():
    user = Route("/users/{user_id}/posts/{post_id}", object)
    assert user.match("/users/7/posts/42") == {"user_id": "7", "post_id": "42"}
    assert user.match("/users/7/posts/42/") == {"user_id": "7", "post_id": "42"}
    assert user.match("/users/7/posts") is None and user.match("/users/7/x/posts/42") is None
    assert Route("/", object).match("/") == {} and Route("/a.b", object).match("/aXb") is None  # literal dots
    assert Route("/tags/{tag}", object).match("/tags/caf%C3%A9%20au%20lait") == {"tag": "café au lait"}


def test_a_router_mode_must_be_history_or_hash_and_routes_must_be_routes():
    with pytest.raises(ValueError, match="expected 'history' or 'hash'"):
        Router([], mode="memory")
    with pytest.raises(TypeError, match="expected Route objects"):
        Router([("/", Home)])
    with pytest.raises(ValueError, match="starting with '/'"):
        Route("cart", Cart)


def test_prerender_lists_every_parameter_of_the_route():
    assert Route("/cart", Cart).prerender_paths() == ["/cart"]
    assert Route("/cart", Cart, prerender=False).prerender_paths() == []
    assert Route("/items/{item_id}", Item).prerender_paths() == []  # parameters: only what is listed
    listed = Route("/items/{item_id}", Item, prerender=[{"item_id": "1"}, {"item_id": "a b"}])
    assert listed.prerender_paths() == ["/items/1", "/items/a%20b"]
    assert Route("/items/{item_id}", Item, prerender=lambda: [{"item_id": "9"}]).prerender_paths() == ["/items/9"]
    with pytest.raises(ValueError, match=r"Route\('/items/\{item_id\}'\): prerender lists dicts of the parameters \['item_id'\]"):
        Route("/items/{item_id}", Item, prerender=[{"id": "1"}])
    with pytest.raises(ValueError, match="must be a non-empty str"):
        Route("/items/{item_id}", Item, prerender=[{"item_id": 1}])
    with pytest.raises(ValueError, match="prerender lists dicts"):
        Route("/items/{item_id}", Item, prerender=lambda: ["1"]).prerender_paths()  # checked when called


# --- the history in memory -----------------------------------------------------------------


def test_a_routed_app_renders_at_a_url_and_navigates_back_and_forward():
    view = render(App, url="/cart")
    assert "Your cart" in shown(view) and current_location() == "/cart"
    click(view.get_by_text("Home"))  # a Link: the app navigates, no page load
    assert view.get_by_role("heading").textContent == "Shop"
    navigate("/items/7")
    assert view.get_by_test_id("item").textContent == "item 7"
    back()
    assert "Shop" in shown(view)
    back()
    assert "Your cart" in shown(view)
    back()  # the first entry: nothing to go back to
    assert "Your cart" in shown(view) and view.location.index == 0
    forward()
    forward()
    assert view.get_by_test_id("item").textContent == "item 7"
    back()
    navigate("/cart")  # a new entry drops the forward ones, as a browser does
    assert [path for path, _ in view.location.entries] == ["/cart", "/", "/cart"]
    forward()
    assert view.location.path == "/cart"
    view.unmount()


def test_replace_changes_the_entry_and_a_query_keeps_the_route():
    view = render(App, url="/")
    navigate("/cart?coupon=x", replace=True)
    assert "Your cart" in shown(view) and len(view.location.entries) == 1
    assert view.location.path == "/cart?coupon=x"
    view.unmount()


def test_an_unknown_path_shows_the_fallback_which_takes_what_it_accepts():
    view = render(App, url="/nowhere")
    assert view.get_by_test_id("missing").textContent == "no such page"

    @component
    def Missing(path):
        return html.p(f"nothing at {path}")

    class Legacy(Component):  # a class component is given every prop, as before
        def render(self):
            return html.p(f"legacy {self.props['path']}")

    for fallback, text in ((Missing, "nothing at /a/b"), (Legacy, "legacy /a/b")):
        other = render(Router([], fallback=fallback), url="/a/b")
        assert shown(other) == text
        other.unmount()
    view.unmount()


def test_a_view_gets_only_the_parameters_its_function_takes():
    @component
    def Plain():
        return html.p("plain")

    @component
    def Some(b):
        return html.p(f"b={b}")

    @component
    def Every(**params):
        return html.p(",".join(f"{k}={v}" for k, v in sorted(params.items())))

    for view_component, text in ((Plain, "plain"), (Some, "b=2"), (Every, "a=1,b=2")):
        view = render(Router([Route("/{a}/{b}", view_component)]), url="/1/2")
        assert shown(view) == text
        view.unmount()


def test_any_component_below_a_router_reads_the_route_from_its_context():
    seen = []

    @component
    def AddToCart():  # below the view, given no props
        params = use_params()
        seen.append(params)
        return html.button(f"add {params.get('item_id')}")

    @component
    def Product():  # takes no parameter: it reads them from the context
        return html.div(html.h1(f"{use_route().path}"), h(AddToCart))

    class Breadcrumb(Component):
        def render(self):
            match = self.context(ROUTE)
            return html.p(f"{match.route.path if match.route else '-'} {sorted(match.params.items())}", data_testid="crumb")

    @component
    def Shell():
        return html.div(Router([Route("/items/{item_id}", Product), Route("/about/{who}", Breadcrumb)], fallback=Breadcrumb))

    view = render(Shell, url="/items/7")
    assert view.get_by_role("button").textContent == "add 7" and view.get_by_role("heading").textContent == "/items/7"
    navigate("/items/8")  # the same route, another parameter: the reader re-renders
    assert view.get_by_role("button").textContent == "add 8"
    navigate("/about/ada")
    assert view.get_by_test_id("crumb").textContent == "/about/{who} [('who', 'ada')]"
    navigate("/elsewhere")
    assert view.get_by_test_id("crumb").textContent == "- []"
    view.unmount()
    outside = render(AddToCart)
    assert outside.get_by_role("button").textContent == "add None"  # no router above: no parameters
    outside.unmount()


def test_use_location_follows_every_change_and_a_class_view_reads_current_location():
    @component
    def Where():
        return html.p(use_location(), data_testid="where")

    class Page(Component):
        def render(self):
            return html.p(current_location(), data_testid="page")

    @component
    def Shell():
        return html.div(h(Where), Router([Route("/{name}", Page)]))

    view = render(Shell, url="/a")
    navigate("/b?x=1")
    assert view.get_by_test_id("where").textContent == "/b?x=1" == view.get_by_test_id("page").textContent
    back()
    assert view.get_by_test_id("where").textContent == "/a"
    view.unmount()


def test_a_modified_click_on_a_link_is_left_to_the_browser():
    view = render(App, url="/")
    fire(view.get_by_text("Cart"), "click", ctrlKey=True)
    fire(view.get_by_text("Cart"), "click", button=1)
    assert view.location.path == "/"
    view.unmount()


def test_hash_mode_links_point_at_the_fragment():
    view = render(Router([Route("/", Home)], mode="hash"), url="/")
    assert view.get_by_text("Cart").getAttribute("href") == "#/cart"
    view.unmount()


def test_navigating_a_hundred_times_leaves_nothing_behind():
    @component
    def Busy():
        count, set_count = use_state(0)
        return html.button(str(count), on_click=lambda: set_count(count + 1))

    with assert_no_leaks():
        view = render(Router([Route("/busy", Busy), *ROUTES]), url="/")
        for _ in range(100):
            navigate("/busy")
            click(view.get_by_role("button"))
            navigate("/cart")
        back()
        assert view.get_by_role("button").textContent == "0"  # a view shown again is a new one
        view.unmount()
    assert len(view.location._listeners) == 0


# --- the accessible route change (#24) ------------------------------------------------------


def test_the_route_title_becomes_the_documents():
    view = render(App, url="/items/3")
    assert view.location.title == "Item 3"
    navigate("/cart")
    assert view.location.title == "Cart"
    navigate("/nowhere")  # no route, no title: the last one stays
    assert view.location.title == "Cart"
    view.unmount()


def test_focus_moves_to_the_new_views_heading_else_its_main_else_its_first_element():
    view = render(App, url="/")
    assert view.location.focused is None  # the first view keeps the page's focus
    navigate("/cart")
    heading = view.get_by_role("heading")
    assert view.location.focused is heading and heading.getAttribute("tabindex") == "-1"
    navigate("/items/1")
    assert view.location.focused is view.get_by_role("main")
    navigate("/nowhere")
    assert view.location.focused is view.get_by_test_id("missing")
    view.unmount()


def test_a_heading_that_is_focusable_keeps_its_tabindex():
    @component
    def Page():
        return html.h1("Page", tabindex="0")

    view = render(Router([Route("/", Home), Route("/page", Page)]), url="/")
    navigate("/page")
    assert view.location.focused.getAttribute("tabindex") == "0"
    view.unmount()


def test_a_new_entry_starts_at_the_top_and_back_and_forward_restore_the_scroll():
    view = render(App, url="/")
    view.location.scroll = (0, 800)  # the user scrolled the home page
    navigate("/cart")
    assert view.location.scroll == (0, 0)
    view.location.scroll = (0, 120)
    navigate("/items/2")
    assert view.location.scroll == (0, 0)
    back()
    assert view.location.scroll == (0, 120)
    back()
    assert view.location.scroll == (0, 800)
    forward()
    assert view.location.scroll == (0, 120)
    view.location.scroll = (0, 50)
    navigate("/cart?sort=price", replace=True)  # the same entry: the page stays where it is
    assert view.location.scroll == (0, 50)
    view.unmount()


def test_each_change_is_announced_by_title_else_heading_else_path():
    @component
    def Bare():
        return html.p("bare")

    routes = [Route("/", Home, title="Shop"), Route("/cart", Cart), Route("/bare", Bare)]
    view = render(Router(routes), url="/")
    navigate("/cart")
    navigate("/bare")
    back()
    assert view.location.announcements == ["Your cart", "/bare", "Your cart"]
    view.unmount()


def test_a_memory_location_starts_at_a_path():
    with pytest.raises(ValueError, match="a path starts with '/'"):
        MemoryLocation("cart")
