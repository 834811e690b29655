"""``wasmui build`` writes a page per route (#24): each route without parameters, and each
parameter value its ``Route(prerender=...)`` lists, rendered at its own address into
``<path>/index.html`` with the route's title, so a deep link paints its own view at once.
The routes are found by rendering (nested routers too); hash routes get none."""

from __future__ import annotations

import sys

import pytest

from wasmui.cli.build import build
from wasmui.cli.prerender import PRERENDERED, prerender_page, route_pages
from wasmui.cli.project import load_project
from wasmui.cli.scaffold import new_project

from .test_build_assets import runtime  # noqa: F401 - the stand-in Pyodide runtime fixture

SHOP = '''
from wasmui import component, html
from wasmui.router import Link, Route, Router


@component
def Home():
    return html.main(html.h1("Shop"), Link("/cart", "Cart"), Link("/items/1", "One"))


@component
def Cart():
    return html.main(html.h1("Your cart"), html.p("empty"))


@component
def Item(item_id):
    return html.main(html.h1(f"Item {item_id}"))


@component
def Account():
    return html.div(html.h1("Account"), Router([Route("/account/orders", Orders, title="Orders")]))


@component
def Orders():
    return html.p("no orders")


@component
def Secret():
    return html.p("browser only")


ROUTES = [
    Route("/", Home, title="Shop"),
    Route("/cart", Cart, title="Your cart"),
    Route("/items/{item_id}", Item, title=lambda item_id: f"Item {item_id}", prerender=[{"item_id": "1"}, {"item_id": "a b"}]),
    Route("/account", Account),
    Route("/account/orders", Account),
    Route("/secret", Secret, prerender=False),
]


@component
def App():
    return Router(ROUTES)
'''

PAGE = """<!doctype html><html><head><title>Page</title><script type="module" src="wasmui.js"></script></head>
<body><wasmui-app component="shop_routes:App"></wasmui-app></body></html>"""


@pytest.fixture
def roots(tmp_path):
    (tmp_path / "shop_routes.py").write_text(SHOP)
    sys.modules.pop("shop_routes", None)
    yield [tmp_path]
    sys.modules.pop("shop_routes", None)


def app_markup(page: str) -> str:
    return page.split(f"{PRERENDERED}>", 1)[1].split("</wasmui-app>", 1)[0]


def test_each_route_is_rendered_at_its_address_with_its_title(roots):
    page, notes = prerender_page(PAGE, roots)
    assert notes == [] and app_markup(page).startswith("<main><h1>Shop</h1>") and "<title>Shop</title>" in page
    pages, notes, routed = route_pages(page, roots)
    assert notes == [] and routed
    assert sorted(pages) == ["/account", "/account/orders", "/cart", "/items/1", "/items/a%20b"]
    assert app_markup(pages["/cart"]) == "<main><h1>Your cart</h1><p>empty</p></main>"
    assert "<title>Your cart</title>" in pages["/cart"] and pages["/cart"].count("<title>") == 1
    assert app_markup(pages["/items/a%20b"]) == "<main><h1>Item a b</h1></main>"  # decoded, as the router gives it
    assert "<title>Item 1</title>" in pages["/items/1"]
    # a router inside a view: its route is found, and the innermost title wins
    assert app_markup(pages["/account/orders"]) == "<div><h1>Account</h1><p>no orders</p></div>"
    assert "<title>Orders</title>" in pages["/account/orders"]
    # a route without a title keeps the page's, as the router leaves document.title as it was
    assert "<title>Shop</title>" in pages["/account"]


def test_a_route_that_fails_is_left_to_the_browser_and_named(roots):
    source = roots[0] / "shop_routes.py"
    source.write_text(SHOP.replace('return html.main(html.h1("Your cart"), html.p("empty"))', "raise KeyError('cart')"))
    pages, notes, _ = route_pages(prerender_page(PAGE, roots)[0], roots)
    assert '<wasmui-app component="shop_routes:App"></wasmui-app>' in pages["/cart"]  # the browser renders it
    assert "<h1>Item 1</h1>" in pages["/items/1"]
    assert len(notes) == 1 and notes[0].startswith("/cart: shop_routes:App: not pre-rendered (RuntimeError:")


def test_hash_routes_get_no_pages(roots):
    source = roots[0] / "shop_routes.py"
    source.write_text(SHOP.replace("return Router(ROUTES)", 'return Router(ROUTES, mode="hash")'))
    pages, notes, routed = route_pages(prerender_page(PAGE, roots)[0], roots)
    assert pages == {} and notes == [] and not routed  # a host never sees the fragment: 404.html is the page


def test_the_build_writes_a_page_per_route_with_absolute_references(tmp_path, runtime):  # noqa: F811
    root = new_project(tmp_path, "shop")
    for name in [name for name in sys.modules if name == "shop" or name.startswith("shop.")]:
        del sys.modules[name]  # the pre-rendering imports the app: this test's own
    (root / "shop" / "app.py").write_text(SHOP)
    out = build(load_project(root), root / "dist", compress=False)
    index, cart, item = ((out / name).read_text() for name in ("index.html", "cart/index.html", "items/1/index.html"))
    assert "<h1>Shop</h1>" in index and "<h1>Your cart</h1>" in cart and "<h1>Item 1</h1>" in item
    assert (out / "items" / "a b" / "index.html").exists() and not (out / "secret").exists()
    # the same page, its references absolute (they work one or two folders down)
    script = next(part for part in index.split('"') if part.startswith("/wasmui."))
    assert f'src="{script}"' in cart and f'src="{script}"' in item
    assert '<link rel="stylesheet" href="/style.' in item
    # any other address gets 404.html: the page with the app left for the router to fill
    # there, not the home view (which would paint at /nowhere before the router replaced it)
    not_found = (out / "404.html").read_text()
    assert '<wasmui-app component="shop.app:App" packages="shop"></wasmui-app>' in not_found, not_found
    assert f'src="{script}"' in not_found and "<h1>Shop</h1>" not in not_found


def test_a_top_level_import_js_is_named_with_its_line_and_what_to_do(roots):
    source = roots[0] / "shop_routes.py"
    source.write_text("import json\nimport js  # the browser's\n" + SHOP)
    page, notes = prerender_page(PAGE, roots)
    assert '<wasmui-app component="shop_routes:App"></wasmui-app>' in page  # left to the browser
    (note,) = notes
    assert note.startswith(f"shop_routes:App: not pre-rendered (ModuleNotFoundError: No module named 'js' at {source}:2: ")
    assert "import it inside the function that runs in the browser" in note
