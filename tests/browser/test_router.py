"""The router (#15, #24) in headless Chromium: navigating releases everything the view left
owned (1,000 round trips back to baseline), back/forward, Link without a page load, the
fallback for an unknown path, and the accessible route change (title, focus, scroll kept
per entry, the announcement). The routing logic itself is tested on the model DOM
(tests/host/test_router.py): Chrome ignores history changes past about 200 in 10 s, so
the browser's history is used sparingly here."""

from __future__ import annotations

import time

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
    return html.h1(f"user {user_id}", id="user")


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


routes = [Route("/busy", Busy), Route("/quiet", Quiet, title="Quiet"),
          Route("/users/{user_id}", User, title=lambda user_id: f"User {user_id}")]
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
    check_accessible_route_changes(page)
    # the address changes with no event while no router is mounted: the next router reads it
    page.run("navigate('/quiet'); flush(); root.unmount(); js.history.replaceState(None, '', '/users/9')")
    page.run("root = mount(Router(routes, fallback=NotFound), '#app'); flush()")
    assert driver.execute_script("return document.getElementById('user')?.textContent") == "user 9"
    page.run_async("await round_trips(20)")  # warm-up: first-use caches
    before, listeners = page.run("counts()"), outside_listeners(driver)
    for _ in range(10):  # in steps: one script of a thousand outlasts the script timeout under load
        page.run_async("await round_trips(100)")
    # the aborted fetches settle (their promises' callbacks hold proxies until then): the
    # counts are read until they are back (10 s at most), the assertion says what is not
    deadline = time.monotonic() + 10
    while (after := page.run("counts()")) != before and time.monotonic() < deadline:
        time.sleep(0.02)
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
    wait = lambda what: WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: shown() == what)  # noqa: E731
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
    # a modifier-click is the browser's: the app does not navigate, nor prevent the default
    # (which the test then prevents, once the app has seen the click: a new tab would hide this one)
    page.run("navigate('/quiet'); flush()")
    left_to_the_browser = driver.execute_script(
        "let seen = null;"
        "document.addEventListener('click', (e) => { seen = !e.defaultPrevented; e.preventDefault(); }, {once: true});"
        "document.getElementById('to-busy').dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, ctrlKey: true}));"
        "return seen;"
    )
    assert left_to_the_browser and page.run("current_location()") == "/quiet"


def check_accessible_route_changes(page):
    """Title, focus, scroll and announcement, with the browser's own history (#24)."""
    driver = page.driver
    script = driver.execute_script
    script("document.body.style.minHeight = '6000px'")  # room to scroll on every view
    page.run("navigate('/quiet'); flush()")
    script("window.scrollTo(0, 1500)")
    page.run("navigate('/users/7'); flush()")
    assert script(
        "return [document.title, document.activeElement.id, document.activeElement.getAttribute('tabindex'), scrollY,"
        " document.querySelector('[data-wasmui-announcer]').textContent]"
    ) == ["User 7", "user", "-1", 0, "User 7"]  # a new entry starts at the top
    script("window.scrollTo(0, 700)")
    driver.back()
    WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: script("return document.title") == "Quiet")
    assert script("return [scrollY, document.activeElement.id]") == [1500, "quiet"]  # where the entry was left
    driver.forward()
    WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: script("return document.title") == "User 7")
    assert script("return scrollY") == 700
    script("document.body.style.minHeight = ''")
