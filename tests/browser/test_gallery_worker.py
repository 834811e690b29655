"""The gallery in worker mode (#26): www/gallery-worker.html is the gallery with Python,
wasmui, the shell and every example in a Web Worker. One page per engine: the examples
switch with their buttons, clicks commit, the live numbers come from the worker (the
page's DOM node count read from the page), an example mounted into the shell's stage is
a root of its own there too (1,000 of them in the stress run), and the examples ported to
``wasmui.dom`` (the modal's focus, the dialog's Escape on the document, the chart's blob
URLs) work as on the page."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from ..harness import no_dialog, page_started
from .test_site import page, snapshot_kept, wait  # noqa: F401 - page: a fixture (no SEVERE console entry at the end)

START_TIMEOUT = 120  # Pyodide's cold start in the worker, on a busy 2-core machine


def text(browser, selector):
    return browser.execute_script("return document.querySelector(arguments[0])?.textContent ?? null", selector)


def metric(browser, key):
    shown = text(browser, f"[data-metric={key}]")
    return int(shown) if shown and shown.isdigit() else None


def show(browser, example):
    browser.find_element(By.CSS_SELECTOR, f"[data-example={example}]").click()
    wait(browser, lambda: browser.execute_script(
        "return document.querySelector('#example')?.dataset.exampleStage === arguments[0]"
        " && document.getElementById('toggle-mount').textContent === 'Unmount'", example))


def active(browser):
    return browser.execute_script("return document.activeElement.id || document.activeElement.textContent")


def test_gallery_runs_in_a_worker(page, site_url):
    page.get(f"{site_url}/gallery-worker.html")
    page_started(page, START_TIMEOUT)
    assert page.execute_script("return typeof window.wasmuiApp?.stats") == "function"  # the worker's app, not Pyodide
    assert page.execute_script("return window.wasmuiVersion") is None  # no Python ran on the page
    snapshot_kept(page)

    # live numbers: the worker's inspector, and the page's nodes read from the page
    wait(page, lambda: metric(page, "mounted") and metric(page, "dom_nodes"))
    assert metric(page, "dom_nodes") == page.execute_script("return document.all.length")  # (no commit since)

    # the counter, prerendered, is mounted in the stage: a click commits
    wait(page, lambda: text(page, "#toggle-mount") == "Unmount")
    for _ in range(2):
        page.find_element(By.CSS_SELECTOR, "#example [aria-label=increment]").click()
    wait(page, lambda: text(page, "#example [data-testid=count]") == "2")

    # the modal: focus in, Tab wraps through the guards, Escape closes, focus back
    show(page, "modal")
    page.find_element(By.ID, "open-modal").click()
    wait(page, lambda: active(page) == "Cancel")
    page.switch_to.active_element.send_keys(Keys.TAB)
    wait(page, lambda: active(page) == "Confirm")
    page.switch_to.active_element.send_keys(Keys.TAB)
    wait(page, lambda: active(page) == "Cancel")
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(page, lambda: no_dialog(page))
    wait(page, lambda: active(page) == "open-modal")

    # the dialog: Escape heard on the page's document; the popup says it is the page's
    show(page, "dialog")
    assert "worker mode" in text(page, "#example [data-testid=messages]")
    listening = page.execute_script("return window.wasmuiApp.pageHeld().listeners")
    page.find_element(By.XPATH, "//*[@id='example']//button[.='Open dialog']").click()
    wait(page, lambda: page.execute_script("return window.wasmuiApp.pageHeld().listeners") == listening + 1)
    page.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(page, lambda: no_dialog(page))
    wait(page, lambda: page.execute_script("return window.wasmuiApp.pageHeld().listeners") == listening)

    # the chart: blob URLs made in the worker load in the page's <img>
    show(page, "chart")
    wait(page, lambda: page.execute_script(
        "const image = document.querySelector('#example img.chart');"
        "return image?.src.startsWith('blob:') && image.complete && image.naturalWidth > 0"))

    # 1,000 roots mounted into the stage and unmounted, in the worker
    show(page, "counter")
    page.find_element(By.ID, "stress").click()
    wait(page, lambda: text(page, "[data-testid=note]"), 90)
    assert text(page, "[data-testid=note]") == "1,000 cycles: nothing left behind"
    page.find_element(By.ID, "toggle-mount").click()
    wait(page, lambda: text(page, "#toggle-mount") == "Mount")
    assert page.execute_script("return document.getElementById('example').innerHTML") == ""
    wait(page, lambda: metric(page, "timers") is not None and metric(page, "mounted") == 1)  # the shell alone
