"""The leak inspector in headless Chromium: zombies with retention paths, the panel,
numbers that match outside views, and assert_no_leaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from ..harness import cdp_listener_count, page_started

POLL = 0.05
"""Seconds between a wait's checks (selenium's default of 0.5 made each wait last until the next half second)."""

DEMO_SOURCE = (Path(__file__).resolve().parents[2] / "www" / "leaky_demo.py").read_text()


def open_page(browser, url):
    browser.get(url)
    page_started(browser)


def panel(browser, selector):
    """Elements inside the inspector's shadow root."""
    return browser.execute_script(
        "const host = document.querySelector('wasmui-inspector');"
        "return host ? [...host.shadowRoot.querySelectorAll(arguments[0])].map(e => e.textContent) : null;",
        selector,
    )


def report(browser):
    return browser.execute_script("return window.wasmui.report()")


def test_leaky_demo_zombie_names_the_list_and_the_fixed_twin_reports_zero(browser, site_url):
    open_page(browser, f"{site_url}/leaks.html")
    assert panel(browser, "[data-metric=zombies]") == ["0"]
    browser.find_element("id", "toggle-leaky").click()
    browser.find_element("id", "toggle-fixed").click()
    zombies = report(browser)["zombies"]
    assert [z["name"] for z in zombies] == ["LeakyCounter"]
    path = zombies[0]["path"]
    assert path[1:4] == ["bound method LeakyCounter.increment", "list[0]", "module leaky_demo, global 'HANDLERS'"]
    assert "also held by JS" in path[-1]  # the bare setInterval proxy keeps it too
    untracked = report(browser)["untracked_proxies"]
    assert any("LeakyCounter.tick" in text for text in untracked)
    # the panel shows the same within its one-second refresh
    WebDriverWait(browser, 10, poll_frequency=POLL).until(lambda d: panel(d, "[data-metric=zombies]") == ["1"])
    browser.execute_script(
        "document.querySelector('wasmui-inspector').shadowRoot.querySelector('[data-tab=zombies]').click()"
    )
    shown = panel(browser, "[data-zombie=LeakyCounter] .path li")
    assert "module leaky_demo, global 'HANDLERS'" in shown


def test_panel_opens_by_url_parameter_and_by_keys(browser, site_url):
    open_page(browser, f"{site_url}/index.html?wasmui-inspect")
    assert panel(browser, ".panel header strong") == ["wasmui inspector"]
    open_page(browser, f"{site_url}/index.html")
    assert panel(browser, ".panel") is None
    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.CONTROL + Keys.SHIFT + "l")  # focuses the page, as a user's keypress goes to it
    WebDriverWait(browser, 10, poll_frequency=POLL).until(lambda d: panel(d, ".panel header strong") == ["wasmui inspector"])
    body.send_keys(Keys.CONTROL + Keys.SHIFT + "l")
    WebDriverWait(browser, 10, poll_frequency=POLL).until(lambda d: panel(d, ".panel") is None)


@pytest.mark.chromium_only(reason="CDP's outside view of the listeners")
def test_panel_numbers_match_outside_views(browser, site_url):
    open_page(browser, f"{site_url}/leaks.html")
    listeners_on = lambda: sum(  # noqa: E731
        cdp_listener_count(browser, expression)
        for expression in ("window", "document", "document.getElementById('demo')")
    )
    with_app = listeners_on()
    browser.execute_script("document.getElementById('toggle-fixed').click(); document.getElementById('toggle-leaky').click()")
    nodes = browser.execute_script("return document.querySelectorAll('*').length - document.querySelectorAll('wasmui-inspector').length")
    data = report(browser)
    assert data["dom_nodes"] == nodes
    # what wasmui reports as the app's listeners is what Chrome sees beyond wasmui's own
    # page-lifetime ones (diagnostics, inspector hotkey) and the page's
    browser.execute_script("document.getElementById('toggle-fixed').click()")  # mount the fixed one again
    after = report(browser)
    assert listeners_on() - with_app == after["listeners"] - data["listeners"]
    WebDriverWait(browser, 10, poll_frequency=POLL).until(lambda d: panel(d, "[data-metric=dom_nodes]") == [str(report(d)["dom_nodes"])])
    assert panel(browser, "[data-metric=listeners]") == [str(after["listeners"])]


def test_inspector_open_through_a_1000_cycle_soak_adds_no_growth(selenium):
    selenium.load_package(["wasmui"])
    selenium.run_js("document.getElementById('app')?.remove(); document.body.insertAdjacentHTML('beforeend', '<div id=app></div>')")
    selenium.run_async(
        """
        import asyncio, gc
        from wasmui import Component, flush, html, mount, inspector_panel, _ffi

        class Widget(Component):
            def on_mount(self):
                self.scope.set_interval(lambda: None, 60_000)
                self.scope.listen(js.window, "resize", lambda: None)
            def render(self):
                return html.ul([html.li(str(i), on_click=lambda: None) for i in range(5)])

        import js
        inspector_panel.open()

        def refresh_panel():  # what the panel's one-second interval does, at once: a sample, committed
            inspector_panel._state["root"].component.sample()
            flush()

        for _ in range(300):  # warm-up to the heap's steady state (see the ownership soak)
            mount(Widget, "#app").unmount()
        refresh_panel()  # one panel refresh in the warm-up
        await asyncio.sleep(0)
        gc.collect()
        before = _ffi.memory()
        """
    )
    selenium.run_async(
        """
        for cycle in range(1000):
            mount(Widget, "#app").unmount()
            if cycle % 100 == 99:
                refresh_panel()  # the panel refreshes during the soak
                await asyncio.sleep(0)
        refresh_panel()
        await asyncio.sleep(0)
        gc.collect()
        after = _ffi.memory()
        """
    )
    before, after = selenium.run("before"), selenium.run("after")
    assert selenium.run("inspector_panel.is_open()")
    assert after["pyodide_proxies"] == before["pyodide_proxies"]
    assert after["dom_nodes"] == before["dom_nodes"]
    assert abs(after["py_heap_bytes"] - before["py_heap_bytes"]) <= before["py_heap_bytes"] * 0.01
    selenium.run("inspector_panel.close()")


def test_assert_no_leaks_fails_on_the_leaky_component_and_passes_on_the_fixed(wasmui_page):
    selenium = wasmui_page
    selenium.run(f"open('/home/pyodide/leaky_demo.py', 'w').write({DEMO_SOURCE!r})")
    message = selenium.run(
        """
        import sys
        sys.path.insert(0, "/home/pyodide")
        import leaky_demo
        from wasmui.testing import assert_no_leaks, render, click

        with assert_no_leaks():
            view = render(leaky_demo.FixedCounter)
            click(view.get_by_role("button", name="+1"))
            assert view.get_by_test_id("fixed-count").textContent == "1"
            view.unmount()

        try:
            with assert_no_leaks():
                view = render(leaky_demo.LeakyCounter)
                view.unmount()
        except AssertionError as exc:
            message = str(exc)
        else:
            message = "no failure"
        leaky_demo.HANDLERS.clear()
        message
        """
    )
    assert "LeakyCounter#" in message and "module leaky_demo, global 'HANDLERS'" in message
    assert "more live Pyodide proxies than before" in message and "LeakyCounter.tick" in message


def test_strict_policy_page_with_the_inspector_open_has_zero_violations(browser, site_url):
    open_page(browser, f"{site_url}/strict.html?wasmui-inspect")
    assert panel(browser, ".panel header strong") == ["wasmui inspector"]
    background = browser.execute_script(
        "return getComputedStyle(document.querySelector('wasmui-inspector').shadowRoot.querySelector('.panel')).backgroundColor"
    )
    assert background == "rgb(16, 21, 34)"  # its constructable stylesheet applied
    browser.execute_script("document.querySelector('wasmui-inspector').shadowRoot.querySelector('[data-tab=memory]').click()")
    WebDriverWait(browser, 10, poll_frequency=POLL).until(lambda d: panel(d, ".spark"))
    assert browser.execute_script("return window.cspViolations") == []


PANEL = "document.querySelector('wasmui-inspector').shadowRoot"


def test_the_panel_groups_components_and_flags_what_grows_on_each_click(wasmui_page):
    """#17: "Row x 2,000" grouped (expandable, windowed, filterable); after Mark and five
    clicks that each leak one Leaky and replace one Flat, the growth tab flags Leaky only."""
    page = wasmui_page
    page.run(
        """
        from wasmui import Component, h, html, inspector, mount

        kept = []

        class Row(Component):
            def render(self):
                return html.li(self.props["n"])

        class Leaky(Component):
            def on_mount(self):
                kept.append(self)

        class Flat(Component):
            pass

        class Page(Component):
            def on_init(self):
                self.state = {"clicks": 0}

            def render(self):
                clicks = self.state["clicks"]
                return html.div(
                    html.button("add", id="add", on_click=lambda: self.set_state(clicks=clicks + 1)),
                    html.ul([h(Row, {"n": str(i), "key": i}) for i in range(2000)]),
                    [h(Leaky, {"key": i}) for i in range(clicks)],
                    h(Flat, {"key": f"flat{clicks}"}),
                )

        root = mount(Page, "#app")
        inspector.open()
        """
    )
    driver = page.driver
    group = lambda name: driver.execute_script(f"return {PANEL}.querySelector('[data-group=\"{name}\"]')?.dataset.count ?? null")  # noqa: E731
    page.run("from wasmui import inspector_panel, flush; inspector_panel._state['root'].component.sample(); flush()")
    assert group("Row") == "2000" and group("Page") == "1"
    # expanded: one window of instances, not 2,000
    driver.execute_script(f"{PANEL}.querySelector('[data-group=\"Row\"] .group').click()")
    assert driver.execute_script(f"return {PANEL}.querySelectorAll('[data-group=\"Row\"] [data-component]').length") == 50
    assert "1–50 of 2,000" in driver.execute_script(f"return {PANEL}.querySelector('.pager').textContent")
    # filtered
    driver.execute_script(
        f"const f = {PANEL}.querySelector('.filter'); f.value = 'lea'; f.dispatchEvent(new InputEvent('input', {{bubbles: true}}))"
    )
    assert group("Row") is None and group("Leaky") is None  # no Leaky mounted yet
    # repeat and compare
    driver.execute_script(f"{PANEL}.querySelector('[data-tab=\"growth\"]').click()")
    driver.execute_script(f"{PANEL}.querySelector('[data-action=\"mark\"]').click()")
    for _ in range(5):
        driver.execute_script("document.getElementById('add').click()")
        page.run("inspector.sample()")
    page.run("inspector_panel._state['root'].component.sample(); flush()")
    row = lambda name: driver.execute_script(f"const r = {PANEL}.querySelector('[data-growth=\"{name}\"]'); return r && [r.className, r.textContent]")  # noqa: E731
    leaky, flat = row("Leaky"), row("Flat")
    assert "suspect" in leaky[0] and "grows steadily" in leaky[1] and "+5" in leaky[1], leaky
    assert "suspect" not in (flat[0] or "") and "grows steadily" not in flat[1], flat
    # the public names: open, close, toggle
    page.run("inspector.close()")
    assert driver.execute_script("return document.querySelector('wasmui-inspector')") is None
    page.run("inspector.toggle()")
    assert driver.execute_script("return !!document.querySelector('wasmui-inspector')") is True
    page.run("inspector.toggle(); root.unmount(); kept.clear()")
