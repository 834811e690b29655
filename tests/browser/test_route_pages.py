"""A routed app built with ``wasmui build`` (#24), in headless Chromium: each route's own
HTML file holds its view, which paints with Python blocked from starting; with Python
let in, the deep link hydrates that view (the same nodes) and routes on from there.
Served by a plain static server, with no rewrite rule."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from ..harness import project_env
from .test_cli import wait

SHOP = '''
from wasmui import component, html
from wasmui.router import Link, Route, Router, use_params


@component
def Home():
    return html.main(html.h1("Shop"), Link("/cart", "Cart", id="to-cart"), Link("/items/1", "Item one", id="to-item"))


@component
def Cart():
    return html.main(html.h1("Your cart"), html.p("Nothing yet."), Link("/items/1", "Item one", id="to-item"))


@component
def Price():
    return html.p(f"price of {use_params()['item_id']}: 3 EUR", id="price")


@component
def Item(item_id):
    return html.main(html.h1(f"Item {item_id}"), h(Price), Link("/cart", "Cart", id="to-cart"))


ROUTES = [
    Route("/", Home, title="Shop"),
    Route("/cart", Cart, title="Your cart"),
    Route("/items/{item_id}", Item, title=lambda item_id: f"Item {item_id}", prerender=[{"item_id": "1"}]),
]


@component
def App():
    return Router(ROUTES)
'''.replace("from wasmui import component, html", "from wasmui import component, h, html")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def shop_site(tmp_path):
    """The shop, built and served as a plain static host serves files (no rewrite rule)."""
    env = project_env()
    subprocess.run([sys.executable, "-m", "wasmui", "new", "shop", "--main-thread"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)  # fmt: skip
    project = tmp_path / "shop"
    (project / "shop" / "app.py").write_text(SHOP)
    built = subprocess.run([sys.executable, "-m", "wasmui", "build", "--no-compress"], cwd=project, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert built.returncode == 0 and "not pre-rendered" not in built.stdout, built.stdout + built.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(project / "dist")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _state(browser) -> str:
    return browser.execute_script("return document.querySelector('wasmui-app').dataset.state || ''")


@pytest.mark.chromium_only(reason="CDP blocks the boot script; the build's own test: once is enough")
def test_each_route_paints_from_its_own_page_before_python_then_hydrates_and_routes(shop_site, browser):
    for path, heading, title in (("", "Shop", "Shop"), ("cart/", "Your cart", "Your cart"), ("items/1/", "Item 1", "Item 1")):
        source = urllib.request.urlopen(shop_site + path).read().decode()
        assert f"<h1>{heading}</h1>" in source and f"<title>{title}</title>" in source, source[:2000]
    assert "<p id=\"price\">price of 1: 3 EUR</p>" in urllib.request.urlopen(shop_site + "items/1").read().decode()

    browser.execute_cdp_cmd("Network.enable", {})
    try:
        # Python blocked: no boot script, no runtime. What shows is the page as built.
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/wasmui.*.js", "*/pyodide/*"]})
        for path, heading in (("cart", "Your cart"), ("items/1", "Item 1")):
            browser.get(shop_site + path)  # the deep link as typed: the host redirects to path/
            shown = browser.execute_script("return [document.querySelector('h1')?.textContent, document.title]")
            assert shown == [heading, heading] and _state(browser) != "mounted"
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        browser.execute_cdp_cmd("Network.disable", {})

    browser.get(shop_site + "items/1")
    first = browser.execute_script("window.firstHeading = document.querySelector('h1'); return window.firstHeading.textContent")
    assert first == "Item 1"
    wait(browser, lambda: _state(browser) == "mounted", 60)
    assert browser.execute_script("return document.querySelector('h1') === window.firstHeading")  # hydrated, not rebuilt
    browser.find_element(By.ID, "to-cart").click()
    wait(browser, lambda: browser.execute_script("return document.querySelector('h1').textContent") == "Your cart")
    assert browser.execute_script(
        "return [location.pathname, document.title, document.activeElement === document.querySelector('h1'),"
        " document.querySelector('[data-wasmui-announcer]').textContent]"
    ) == ["/cart", "Your cart", True, "Your cart"]
    browser.back()
    wait(browser, lambda: browser.execute_script("return document.querySelector('#price')?.textContent") == "price of 1: 3 EUR")
    assert browser.execute_script("return document.title") == "Item 1"
    browser.get_log("browser")
