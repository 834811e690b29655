"""What differs between the engines (#18), each difference pinned by a test that runs in
all of them (``--engine``): the idle callback wasmui frees removed trees in, and Trusted
Types for raw markup."""

from __future__ import annotations

ENGINE_OF = {"chrome": "chromium", "firefox": "firefox", "webkit": "webkit"}


def test_removed_trees_are_freed_when_the_page_is_idle_with_or_without_request_idle_callback(wasmui_page, runtime):
    """WebKit has no requestIdleCallback: wasmui's timer fallback frees what a commit removed."""
    page = wasmui_page
    has_idle_callback = page.run_js("return typeof requestIdleCallback === 'function'")
    assert has_idle_callback == (ENGINE_OF[runtime] != "webkit")
    page.run(
        """
        from wasmui import html, mount, runtime
        items = list(range(200))
        root = mount(html.ul([html.li(str(i), key=i) for i in items]), "#app")
        root.render(html.ul([html.li(str(i), key=i) for i in items[:10]]))
        waiting = len(runtime.current_runtime._removed)
        """
    )
    assert page.run("waiting") == 1  # kept for the idle moment, not freed in the commit
    # the page is idle now: read every 20 ms until it is freed (10 s at most)
    left = page.run_js(
        "const deadline = performance.now() + 10000;"
        "let left = pyodide.runPython('len(runtime.current_runtime._removed)');"
        "while (left !== 0 && performance.now() < deadline) {"
        "  await new Promise((resolve) => setTimeout(resolve, 20));"
        "  left = pyodide.runPython('len(runtime.current_runtime._removed)');"
        "}"
        "return left;"
    )
    assert left == 0
    assert page.run("len(root.container.querySelectorAll('li'))") == 10
    page.run("root.unmount()")


def test_every_engine_here_has_trusted_types_and_raw_markup_goes_through_wasmuis_policy(wasmui_page, runtime):
    """Firefox 153 and WebKitGTK 2.50 implement Trusted Types as Chromium does (the issue
    expected them not to): wasmui.unsafe.html's markup goes through wasmui's policy in all
    three, and the strict page (test_inspector) runs with no violation in each."""
    page = wasmui_page
    assert page.run_js("return typeof trustedTypes === 'object' && typeof trustedTypes.createPolicy === 'function'")
    html_out = page.run(
        """
        from wasmui import html, mount, unsafe
        root = mount(html.div(unsafe.html("<b>bold</b> <i>text</i>"), id="raw"), "#app")
        out = root.container.querySelector("#raw wasmui-html").innerHTML
        root.unmount()
        out
        """
    )
    assert html_out == "<b>bold</b> <i>text</i>"
