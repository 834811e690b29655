"""wasmui's development tools in worker mode (#26), in the real browsers: the leak inspector and
the error overlay on www/worker.html, whose Python runs in a Web Worker.

The page holds the shortcut (Ctrl+Shift+L), ``?wasmui-inspect`` and ``window.wasmui.report()``
and asks the worker; the worker renders the same panel component into a shadow host the page
made for it. What the panel shows must be the worker's books (the app's components and
resources), and closing it must give back everything opening it took: the page's element,
the applier's nodes, the worker's resources and the focus. Beside them, a new user's first
step from a worker: an ``async def`` handler awaiting the page's focus.
"""

from __future__ import annotations

from selenium.webdriver.common.keys import Keys

from .test_a11y import press, press_chord
from .test_worker import mount_beside, page, script, stats, wait  # noqa: F401 - page: a fixture

PANEL = "document.querySelector('wasmui-inspector')?.shadowRoot.querySelector('.panel')"


def report(browser):
    """``window.wasmui.report()``: in worker mode a Promise of the worker's report."""
    browser.set_script_timeout(30)
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        window.wasmui.report().then(done, (err) => done({error: String(err)}));
    """)


def panel_text(browser, selector):
    return script(browser, f"return {PANEL}?.querySelector(arguments[0])?.textContent ?? null", selector)


def focus_in_panel(browser):
    """The focused element inside the panel's shadow root (its class), or None."""
    return script(browser, """
        const host = document.querySelector('wasmui-inspector');
        return host && document.activeElement === host ? host.shadowRoot.activeElement?.className ?? null : null;
    """)


def test_the_inspector_shows_the_workers_books_and_closing_gives_everything_back(page):
    before = stats(page)
    shown = report(page)
    assert "error" not in shown, shown
    # the worker's books: the app's component and its resources (the interval, the roots' listeners)
    assert shown["mounted"] == before["components"] >= 1
    assert [group["name"] for group in shown["components"]] == ["WorkerDemo"]
    assert any(resource["kind"] == "interval" and resource["owner"].startswith("WorkerDemo") for resource in shown["resources"])

    # opened from the keyboard, on the page, with the focus in a field of the app
    page.find_element("id", "name").click()
    press_chord(page, Keys.CONTROL, Keys.SHIFT, "l")
    wait(page, lambda: script(page, f"return !!{PANEL}"))
    wait(page, lambda: focus_in_panel(page) == "panel")  # the panel took the focus
    assert panel_text(page, "[data-metric=mounted]") == str(before["components"])
    # the panel is a root of the worker's, like the app, but left out of the app's counts
    now = stats(page)
    assert now["roots"] == before["roots"] and now["resources"] == before["resources"]

    # its controls work: a tab (a click), the filter (typed text reaching the worker)
    script(page, f"{PANEL}.querySelector('[data-tab=resources]').click()")
    wait(page, lambda: "interval" in (panel_text(page, ".body") or ""))
    script(page, f"{PANEL}.querySelector('[data-tab=components]').click()")
    wait(page, lambda: script(page, f"return !!{PANEL}.querySelector('.filter')"))
    script(page, f"""const filter = {PANEL}.querySelector('.filter');
        filter.focus();
        filter.value = 'zzz';
        filter.dispatchEvent(new InputEvent('input', {{bubbles: true, composed: true}}));""")
    wait(page, lambda: panel_text(page, ".body .empty") == "No match.")

    # Escape closes it; the focus goes back to the app's field
    press(page, Keys.ESCAPE)
    wait(page, lambda: script(page, "return document.querySelector('wasmui-inspector') === null"))
    wait(page, lambda: script(page, "return document.activeElement.id") == "name")
    after = stats(page)
    assert (after["roots"], after["resources"], after["nodes"]) == (before["roots"], before["resources"], before["nodes"])
    # the app goes on: a click commits
    page.find_element("id", "increment").click()
    wait(page, lambda: script(page, "return document.getElementById('count').textContent") == "1")


def test_the_inspector_opens_with_the_page_for_wasmui_inspect(page, site_url):
    page.get(f"{site_url}/worker.html?wasmui-inspect")
    wait(page, lambda: script(page, "return document.getElementById('app').dataset.state") == "mounted", 60)
    wait(page, lambda: panel_text(page, "[data-metric=mounted]") == "1")
    assert focus_in_panel(page) is None  # opened with the page: the page's first Tab stays the page's
    # the close button closes it as Escape does
    script(page, f"{PANEL}.querySelector('.close').click()")
    wait(page, lambda: script(page, "return document.querySelector('wasmui-inspector') === null"))


OVERLAY = "document.querySelector('wasmui-error-overlay')?.shadowRoot"


def overlay(browser, expression):
    return script(browser, f"const root = {OVERLAY}; return root ? {expression} : null")


def test_the_error_overlay_is_drawn_by_the_worker_and_goes_with_the_component(page):
    mount_beside(page, "broken-app", "Broken")
    wait(page, lambda: "ValueError: broken on purpose" in (overlay(page, "root.textContent") or ""))
    text = overlay(page, "root.textContent")
    assert "1 unhandled error in wasmui components" in text and "in Broken (render)" in text and "worker_demo.py:" in text
    # it never takes the focus; its toggle collapses and expands it (a click: an event to the worker)
    assert script(page, "return document.activeElement.localName") != "wasmui-error-overlay"
    overlay(page, "root.querySelector('.toggle').click()")
    wait(page, lambda: overlay(page, "[root.querySelector('.toggle').getAttribute('aria-expanded'), root.querySelector('.details').hidden]") == ["false", True])
    overlay(page, "root.querySelector('.toggle').click()")
    wait(page, lambda: overlay(page, "root.querySelector('.details').hidden") is False)
    # the error goes with its component, and the panel with the last error
    script(page, "document.getElementById('broken-app').remove()")  # (a <wasmui-app> unmounts when removed)
    wait(page, lambda: script(page, "return document.querySelector('wasmui-error-overlay') === null"))
    page.find_element("id", "increment").click()
    wait(page, lambda: script(page, "return document.getElementById('count').textContent") == "1")


def test_an_async_handler_awaits_the_pages_focus_from_the_worker(page):
    """An ``async def`` handler in the worker awaits the page's focus (``dom.call``), as the
    worker-mode messages advise: wasmui runs it as a task of its component."""
    mount_beside(page, "focus-app", "AsyncFocus")
    page.find_element("id", "async-focus").click()
    wait(page, lambda: script(page, "return document.getElementById('async-done').textContent") == "focused")
    assert script(page, "return document.activeElement.id") == "async-field"
