"""The gallery's real-app examples (#24) as a user meets them, through real clicks and keys:
the modal in a portal (focus in, Escape closes, focus back, not clipped) and async data
with use_resource (loading, error, retry, only the last pick shown), with the
inspector's numbers back where they were after each."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from ..harness import no_dialog
from .test_site import LEAK_KEYS, numbers, numbers_back_at, open_example, remount, stage, unmount_and_compare, wait


@pytest.fixture
def page(browser, site_url):
    browser.get_log("browser")
    yield browser
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def active_id(page):
    return page.execute_script("return document.activeElement && (document.activeElement.id || document.activeElement.textContent)")


@pytest.mark.gallery
def test_modal_in_a_portal_takes_focus_closes_on_escape_and_gives_focus_back(page, site_url):
    open_example(page, site_url, "modal")
    baseline = remount(page)
    for round_ in range(1, 4):
        opener = stage(page).find_element(By.ID, "open-modal")
        opener.click()
        dialog = page.find_element(By.CSS_SELECTOR, "[role=dialog]")
        # in a portal: a child of <body>'s portal container, outside the clipping card
        assert page.execute_script(
            "const d = document.querySelector('[role=dialog]');"
            "return d.closest('[data-wasmui-portal]')?.parentNode === document.body && !document.getElementById('example').contains(d)"
        )
        assert dialog.is_displayed()
        wait(page, lambda: active_id(page) == "Cancel")  # focus moved into the dialog, on its first button (awaited: dom.call)
        assert page.find_element(By.CSS_SELECTOR, "[data-testid=tone]").text.endswith("friendly")  # context reached it
        # Tab stays inside: from the last button it wraps to the first
        page.switch_to.active_element.send_keys(Keys.TAB)
        wait(page, lambda: active_id(page) == "Confirm")
        page.switch_to.active_element.send_keys(Keys.TAB)  # onto the guard after the last button, which passes it on
        wait(page, lambda: active_id(page) == "Cancel")
        page.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait(page, lambda: no_dialog(page))
        wait(page, lambda: active_id(page) == "open-modal")  # focus returned to the opener
        assert stage(page).find_element(By.CSS_SELECTOR, "[data-testid=opened]").text == f"Opened {round_} times"
    # a click on the backdrop closes too; a click inside does not
    stage(page).find_element(By.ID, "open-modal").click()
    page.find_element(By.CSS_SELECTOR, "[role=dialog] h3").click()
    assert page.find_elements(By.CSS_SELECTOR, "[role=dialog]")
    page.execute_script("document.querySelector('.overlay').click()")
    wait(page, lambda: no_dialog(page))
    # left open at unmount: the portal goes with the component (the toolbar is under the
    # backdrop now, so it is clicked by script, as a keyboard user's Enter would)
    stage(page).find_element(By.ID, "open-modal").click()
    page.execute_script("document.getElementById('toggle-mount').click()")
    after = numbers_back_at(page, baseline)
    assert {k: after[k] for k in LEAK_KEYS} == {k: baseline[k] for k in LEAK_KEYS} and after["errors"] == []
    assert page.execute_script("return document.querySelectorAll('[data-wasmui-portal]').length") == 0


RECORD_STATUSES = """
window.statuses = [];
const stage = document.getElementById("example");
const read = () => {
  const shown = stage.querySelector("[data-testid=status], [data-testid=person]")?.innerText.trim();
  if (shown && window.statuses.at(-1) !== shown) window.statuses.push(shown);
};
window.statusObserver?.disconnect();
window.statusObserver = new MutationObserver(read);
window.statusObserver.observe(stage, {subtree: true, childList: true, characterData: true});
read();
"""
"""Records each status the example shows, as it is shown. A load takes 0.3 s or more: a
WebDriver round trip after the click, on a busy machine (WebKit above all), could arrive
after it and never see "Loading"."""


def statuses_until(page, last):
    """The statuses recorded since RECORD_STATUSES, once ``last`` is shown; then starts anew."""
    wait(page, lambda: page.execute_script("return window.statuses.at(-1)") == last, 10)
    return page.execute_script("const seen = window.statuses; window.statuses = []; return seen")


@pytest.mark.gallery
def test_async_data_shows_loading_then_the_last_pick_and_retries_after_an_error(page, site_url):
    open_example(page, site_url, "resource")
    page.find_element(By.ID, "toggle-mount").click()
    page.execute_script(RECORD_STATUSES)
    baseline = numbers(page)
    page.find_element(By.ID, "toggle-mount").click()
    # read in one script: found, then read in two round trips, the element could be
    # replaced in between (StaleElementReferenceException) when a load completes
    status = lambda: page.execute_script(  # noqa: E731
        "return document.querySelector('#example').querySelector('[data-testid=status], [data-testid=person]')?.innerText.trim()"
    )
    assert statuses_until(page, "Ada Lovelace · London") == ["Loading Ada Lovelace…", "Ada Lovelace · London"]
    # quick picks: each cancels the load before; only the last one ever shows
    seen = set()
    for name in ("Grace", "Edsger", "Barbara", "Radia", "Edsger"):
        stage(page).find_element(By.XPATH, f".//button[.='{name}']").click()
        seen.add(status())
    wait(page, lambda: status() == "Edsger Dijkstra · Rotterdam", 10)
    assert all(text.startswith("Loading") or text.startswith("Ada") for text in seen)
    # a flaky network: the error shows in place, Retry loads again
    stage(page).find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    wait(page, lambda: status() == "Could not load: the server did not answer", 10)
    page.execute_script("window.statuses = []")
    stage(page).find_element(By.XPATH, ".//button[.='Retry']").click()
    assert statuses_until(page, "Edsger Dijkstra · Rotterdam") == ["Loading Edsger Dijkstra…", "Edsger Dijkstra · Rotterdam"]
    # unmounted while loading: nothing pending, nothing runs later
    stage(page).find_element(By.XPATH, ".//button[.='Ada']").click()
    unmount_and_compare(page, baseline)
    report = page.execute_script("return window.wasmui.report()")
    assert numbers(page)["errors"] == [] and report["mounted"] == baseline["mounted"]
