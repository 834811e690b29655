"""``wasmui dev`` in headless Chromium (#25), on a ``wasmui new`` project outside this repository:

- a reload, or a new visit, after an edit runs the edited code (it used to run the code of
  the moment ``wasmui dev`` started);
- a deep link (``/cart``, ``/shop/items``) gets the page, styled, with the app mounted;
- hot reload keeps the component instance: the count in its state, the cart in its
  attribute, ``on_init`` not run again; a class that lost a method is remounted and the
  console says which component and why;
- in worker mode, hot reload runs in the worker: the page is not reloaded, the state is
  kept, and an error in the new code reaches the page's console.

The server's side without a browser is in tests/host/test_dev.py, hot reload's rules in
tests/host/test_hot_reload.py.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from selenium.webdriver.common.by import By

from ..harness import project_env
from .test_cli import OVERLAY_TEXT, start, wait

MOUNTED = "return document.querySelector('wasmui-app')?.dataset.state"
COUNT = "return document.querySelector('[data-testid=count]')?.textContent ?? null"
LABEL = "return document.querySelector('button')?.textContent ?? null"

# The scaffold's App, holding an object in an attribute and counting its on_init calls in
# the page (a module-level counter would start again with each reload of the module).
SHOP_APP = '''"""The app's root component."""

import js

from wasmui import Component, html


class Cart:
    def __init__(self):
        self.items = []


class App(Component):
    def on_init(self):
        js.window.appInits = getattr(js.window, "appInits", 0) + 1
        self.cart = Cart()
        self.state = {"count": 0}

    def add(self, event=None):
        self.cart.items.append("apple")
        self.set_state(count=self.state["count"] + 1)

    def render(self):
        return html.main(
            html.p("LABEL (", html.strong(str(len(self.cart.items)), data_testid="count"), ")"),
            html.button("Add", on_click=self.add),
        )
'''


@pytest.fixture
def dev(tmp_path):
    """``wasmui dev`` on a new project ``shop`` made with ``--main-thread``: (project root, URL)."""
    env = project_env()
    # on the main thread: SHOP_APP counts its on_init calls in the page's window (js.window)
    subprocess.run([sys.executable, "-m", "wasmui", "new", "shop", "--main-thread"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)  # fmt: skip
    project = tmp_path / "shop"
    server, line = start([sys.executable, "-m", "wasmui", "dev", "--port", "0"], project, env, r"serving shop at (http://\S+)")
    yield project, re.search(r"(http://\S+/)", line).group(1)
    server.terminate()
    server.wait(10)

def load(browser, url: str) -> None:
    browser.get(url)
    wait(browser, lambda: browser.execute_script(MOUNTED) == "mounted", 60)


@pytest.mark.chromium_only(reason="the command's own test: once is enough")
def test_a_reload_and_a_deep_link_after_an_edit_run_the_edited_code(browser, dev):
    project, url = dev
    app = project / "shop" / "app.py"
    source = app.read_text()
    load(browser, url)
    assert browser.execute_script(LABEL) == "Click me"
    app.write_text(source.replace('"Click me"', '"Buy now"'))
    wait(browser, lambda: browser.execute_script(LABEL) == "Buy now", 10)  # hot reload, in the open page
    browser.refresh()
    wait(browser, lambda: browser.execute_script(MOUNTED) == "mounted", 60)
    assert browser.execute_script(LABEL) == "Buy now"  # the reloaded page runs the edited code
    # edited again, with no page open: a deep link opened afterwards runs that code, styled
    browser.get("about:blank")
    app.write_text(source.replace('"Click me"', '"Checkout"'))
    load(browser, url + "shop/items")
    assert browser.execute_script(LABEL) == "Checkout"
    assert browser.execute_script("return location.pathname") == "/shop/items"
    radius = "return getComputedStyle(document.querySelector('button')).borderRadius"
    assert browser.execute_script(radius) == "6px"  # style.css, found from /shop/items through the page's base
    browser.find_element(By.TAG_NAME, "button").click()
    assert browser.execute_script(COUNT) == "1"
    browser.get_log("browser")


@pytest.mark.chromium_only(reason="the command's own test: once is enough")
def test_hot_reload_keeps_the_instance_and_remounts_one_that_lost_a_method(browser, dev):
    project, url = dev
    app = project / "shop" / "app.py"
    app.write_text(SHOP_APP)
    load(browser, url)
    assert browser.execute_script(LABEL) == "Add", browser.get_log("browser")
    browser.find_element(By.TAG_NAME, "button").click()
    browser.find_element(By.TAG_NAME, "button").click()
    text = "return document.querySelector('main p').textContent"
    assert browser.execute_script(text) == "LABEL (2)" and browser.execute_script("return window.appInits") == 1
    browser.get_log("browser")
    # the label changes: the same instance, its cart (an attribute) and state kept, on_init not run
    app.write_text(SHOP_APP.replace("LABEL", "Cart"))
    wait(browser, lambda: browser.execute_script(text) == "Cart (2)", 10)
    assert browser.execute_script("return window.appInits") == 1
    browser.find_element(By.TAG_NAME, "button").click()
    assert browser.execute_script(text) == "Cart (3)"
    logs = [entry["message"] for entry in browser.get_log("browser")]
    assert any("wasmui dev: reloaded shop/app.py; kept App" in message for message in logs), logs
    # add() renamed: the instance cannot keep it, so App is remounted, and the console says why
    app.write_text(SHOP_APP.replace("LABEL", "Cart").replace("def add(", "def add_item(").replace("=self.add)", "=self.add_item)"))
    wait(browser, lambda: browser.execute_script(text) == "Cart (0)", 10)
    assert browser.execute_script("return window.appInits") == 2
    logs = [entry for entry in browser.get_log("browser")]
    warning = [entry for entry in logs if "wasmui dev: remounted" in entry["message"]]
    assert len(warning) == 1 and warning[0]["level"] == "WARNING", logs
    assert "wasmui dev: remounted App: its class lost the method add()" in warning[0]["message"]


@pytest.mark.chromium_only(reason="the command's own test: once is enough")
def test_hot_reload_in_worker_mode_runs_in_the_worker_and_keeps_the_state(browser, dev):
    project, url = dev
    page = project / "index.html"
    page.write_text(page.read_text().replace('<meta charset="utf-8">', '<meta charset="utf-8">\n  <meta name="wasmui-worker" content="on">'))
    app = project / "shop" / "app.py"
    source = app.read_text()
    load(browser, url)
    in_worker = "import('/wasmui.js').then((m) => m.boot()).then((app) => arguments[0](typeof app.hotReload === 'function'))"
    assert browser.execute_async_script(in_worker) is True  # boot() gave the WorkerApp: Python runs in the worker
    browser.find_element(By.TAG_NAME, "button").click()
    browser.find_element(By.TAG_NAME, "button").click()
    wait(browser, lambda: browser.execute_script(COUNT) == "2", 10)
    browser.execute_script("window.notReloaded = true")
    browser.get_log("browser")
    reloads = "return document.documentElement.dataset.wasmuiReloads ?? null"
    # the label changes: the worker re-imports app.py, the page keeps the count and is not reloaded
    app.write_text(source.replace('"Click me"', '"Buy now"'))
    wait(browser, lambda: browser.execute_script(LABEL) == "Buy now", 10)
    assert browser.execute_script(COUNT) == "2" and browser.execute_script("return window.notReloaded") is True
    assert browser.execute_script(reloads) == "1"
    logs = [entry["message"] for entry in browser.get_log("browser")]
    assert any("wasmui dev: reloaded shop/app.py; kept App" in message for message in logs), logs
    browser.find_element(By.TAG_NAME, "button").click()
    wait(browser, lambda: browser.execute_script(COUNT) == "3", 10)  # the handler reaches the new code
    # a syntax error: the overlay (drawn by the worker) and the page's console say it; the last good code runs on
    app.write_text(source.replace("class App(Component):", "class App(Component)"))
    wait(browser, lambda: any("hot reload of shop/app.py failed: SyntaxError" in entry["message"]
                              for entry in browser.get_log("browser") if entry["level"] == "SEVERE"), 10)
    wait(browser, lambda: "shop/app.py" in browser.execute_script(OVERLAY_TEXT), 10)
    assert browser.execute_script(reloads) == "1" and browser.execute_script(LABEL) == "Buy now"
    app.write_text(source.replace('"Click me"', '"Pay"'))
    wait(browser, lambda: browser.execute_script(LABEL) == "Pay", 10)
    wait(browser, lambda: browser.execute_script(OVERLAY_TEXT) == "", 10)  # fixed: the overlay goes
    assert browser.execute_script(COUNT) == "3" and browser.execute_script(reloads) == "2"
