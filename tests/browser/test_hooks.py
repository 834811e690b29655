"""Function components and hooks (#15) in headless Chromium: what a function component
starts through its scope is gone after unmount, seen from outside (CDP), from Pyodide's
proxy count and from the inspector."""

from __future__ import annotations

import pytest
from pytest_pyodide import run_in_pyodide
from selenium.webdriver.support.ui import WebDriverWait

from ..harness import outside_listeners


@pytest.mark.chromium_only(reason="CDP's count of listeners")
def test_a_function_components_interval_and_window_listener_are_gone_after_unmount(wasmui_page):
    page = wasmui_page
    driver = page.driver
    page.run(
        """
        import gc
        import pyodide_js
        from wasmui import component, flush, html, inspector, mount, use_effect, use_scope, use_state
        from wasmui import _ffi, runtime

        runtime.get_runtime()  # wasmui running: the development tools' own listeners are in the baseline

        @component
        def Clock():
            ticks, set_ticks = use_state(0)
            width, set_width = use_state(0)
            scope = use_scope()

            def start():
                scope.set_interval(lambda: set_ticks(lambda n: n + 1), 10)
                scope.listen(_ffi.js_global("window"), "resize", lambda: set_width(1))

            use_effect(start, [])
            return html.p(f"{ticks} ticks", data_testid="ticks")

        def counts():
            flush(); gc.collect()
            summary = inspector.summary()
            return {"proxies": pyodide_js._module.pyproxy_alloc_map.size, "timers": summary["timers"],
                    "listeners": summary["listeners"], "mounted": summary["mounted"]}
        """
    )
    before, listeners_before = page.run("counts()"), outside_listeners(driver)
    page.run("root = mount(Clock, '#app')")
    ticks = lambda: int(page.run_js("return document.querySelector('[data-testid=ticks]').textContent").split()[0])  # noqa: E731
    WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: ticks() > 2)  # the interval runs, each tick shown
    during = page.run("counts()")
    assert during["timers"] == before["timers"] + 1 and during["mounted"] == before["mounted"] + 1
    assert outside_listeners(driver) == listeners_before + 1  # the window listener, seen by Chrome
    page.run("root.unmount()")
    assert page.run("counts()") == before  # at once: counts() commits and frees what is pending
    assert outside_listeners(driver) == listeners_before
    assert page.run("[z['name'] for z in inspector.zombies()]") == []


@run_in_pyodide(packages=["wasmui"])
def test_effect_order_matches_react_for_nested_components_in_the_browser(selenium):
    import js

    from wasmui import component, h, html, mount, use_effect

    log = []

    def effect(name, tick):
        def run():
            log.append(f"{name} effect {tick}")
            return lambda: log.append(f"{name} cleanup {tick}")

        return run

    @component
    def Child(label, tick=0):
        use_effect(effect(label, tick), [tick])
        return html.span(label)

    @component
    def Parent(tick=0):
        use_effect(effect("parent", tick), [tick])
        return html.div(h(Child, {"label": "a", "tick": tick}), h(Child, {"label": "b", "tick": tick}))

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    root = mount(Parent, host, {"tick": 0})
    assert log == ["a effect 0", "b effect 0", "parent effect 0"]
    log.clear()
    root.render(h(Parent, {"tick": 1}))
    assert log == ["a cleanup 0", "b cleanup 0", "parent cleanup 0", "a effect 1", "b effect 1", "parent effect 1"]
    log.clear()
    root.unmount()
    assert log == ["parent cleanup 1", "a cleanup 1", "b cleanup 1"]
    log.clear()
    strict = mount(Child, host, {"label": "s"}, strict=True)
    assert log == ["s effect 0", "s cleanup 0", "s effect 0"]
    strict.unmount()
    host.remove()
