"""The router (#15) in headless Chromium: navigating releases everything the view left
owned (1,000 round trips back to baseline), back/forward, Link without a page load, and
the fallback for an unknown path."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from ..harness import outside_listeners

APP = """
import asyncio, gc
import js, pyodide_js
from wasmui import component, flush, html, inspector, mount, runtime, use_effect, use_scope
from wasmui.router import Link, Route, Router, current_location, navigate

runtime.get_runtime()  # wasmui running: the development tools' own listeners are in the baseline
start_path = str(js.location.pathname)


@component
def Busy():
    scope = use_scope()

    def start():
        scope.set_interval(lambda: None, 1000)
        scope.listen(js.window, "resize", lambda: None)
        scope.create_task(scope.fetch("pyodide-lock.json"))  # still in flight when the view is left

    use_effect(start, [])
    return html.p("busy", id="busy")


@component
def Quiet():
    return html.p(Link("/busy", "to busy", id="to-busy"), id="quiet")


@component
def User(user_id):
    return html.p(f"user {user_id}", id="user")


@component
def NotFound(path):
    return html.p(f"no page at {path}", id="missing")


def counts():
    flush(); gc.collect()
    return {"proxies": pyodide_js._module.pyproxy_alloc_map.size, "dom_nodes": js.document.querySelectorAll("*").length,
            "mounted": inspector.summary()["mounted"], "zombies": len(inspector.zombies(with_paths=False))}


mounted_busy = []


async def round_trips(count):
    for _ in range(count):
        navigate("/busy")
        flush()                 # committed now: the view mounts, its effect starts its task...
        mounted_busy.append(js.document.getElementById("busy") is not None)
        await asyncio.sleep(0)  # ...whose fetch is then in flight...
        navigate("/quiet")
        flush()                 # ...when the view is left
        await asyncio.sleep(0)


routes = [Route("/busy", Busy), Route("/quiet", Quiet), Route("/users/{user_id}", User)]
navigate("/quiet")
root = mount(Router(routes, fallback=NotFound), "#app")
"""


@pytest.mark.chromium_only(reason="CDP's count of listeners")
def test_a_thousand_navigations_leave_nothing_behind_and_history_works(wasmui_page):
    page = wasmui_page
    driver = page.driver
    page.run(APP)
    # first, while the browser still honours pushState (Chrome throttles the history API after
    # a few hundred calls in ten seconds; the round trips below make two thousand)
    check_back_forward_links_and_the_fallback(page)
    page.run_async("await round_trips(20)")  # warm-up: first-use caches
    before, listeners = page.run("counts()"), outside_listeners(driver)
    page.run_async("await round_trips(1000)")
    page.run_js("await new Promise((done) => setTimeout(done, 200))")  # aborted fetches settle
    after = page.run("counts()")
    assert after == before and after["zombies"] == 0, (before, after)
    assert page.run("sum(mounted_busy)") == 1020  # every round trip really mounted the busy view
    assert outside_listeners(driver) == listeners
    page.run("root.unmount(); navigate(start_path, replace=True)")


def check_back_forward_links_and_the_fallback(page):
    """History, Link, fallback and modifier clicks, in the same test as the round trips:
    pytest-pyodide restores the interpreter between tests, which would import a second
    wasmui beside the first."""
    driver = page.driver
    page.run("navigate('/quiet'); flush()")
    shown = lambda: driver.execute_script("return document.querySelector('#app > p')?.id")  # noqa: E731
    wait = lambda what: WebDriverWait(driver, 10).until(lambda d: shown() == what)  # noqa: E731
    assert shown() == "quiet"
    driver.execute_script("window.sameWindow = 'yes'")
    driver.find_element("id", "to-busy").click()  # a Link: no page load
    wait("busy")
    assert driver.execute_script("return [window.sameWindow, location.pathname]") == ["yes", "/busy"]
    page.run("navigate('/users/7'); flush()")  # outside an event a navigation commits at the next frame
    assert driver.execute_script("return document.getElementById('user').textContent") == "user 7"
    driver.back()
    wait("busy")
    driver.back()
    wait("quiet")
    driver.forward()
    wait("busy")
    assert driver.execute_script("return window.sameWindow") == "yes"
    page.run("navigate('/nowhere'); flush()")
    assert driver.execute_script("return document.getElementById('missing').textContent") == "no page at /nowhere"
    assert page.run("current_location()") == "/nowhere"
    # a modifier-click is the browser's: the app does not navigate
    page.run("navigate('/quiet'); flush()")
    driver.execute_script(
        "document.getElementById('to-busy').dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, ctrlKey: true}))"
    )
    assert page.run("current_location()") == "/quiet"
