"""Function components and hooks (#15) in headless Chromium: what a function component
starts through its scope is gone after unmount, seen from outside (CDP), from Pyodide's
proxy count and from the inspector."""

from __future__ import annotations

from ..harness import outside_listeners


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
    page.run_js("await new Promise((done) => setTimeout(done, 120))")
    assert int(page.run_js("return document.querySelector('[data-testid=ticks]').textContent").split()[0]) > 2
    during = page.run("counts()")
    assert during["timers"] == before["timers"] + 1 and during["mounted"] == before["mounted"] + 1
    assert outside_listeners(driver) == listeners_before + 1  # the window listener, seen by Chrome
    page.run("root.unmount()")
    page.run_js("await new Promise((done) => setTimeout(done, 60))")
    assert page.run("counts()") == before
    assert outside_listeners(driver) == listeners_before
    assert page.run("[z['name'] for z in inspector.zombies()]") == []
