"""Startup (#14): the pre-rendered first view, hydration, and the memory snapshot, in the
real site and the real browser.

The session's browser keeps its IndexedDB between tests, so the snapshot a page
made earlier may already be there; the tests that need a known state clear it first.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Pyodide waits for this page's word before it may compile its WebAssembly: the test acts
# on the pre-rendered page first, as a user on a slow connection would.
WASM_GATE = """
window.wasmGate = new Promise((open) => { window.openWasmGate = open; });
for (const name of ["instantiate", "instantiateStreaming", "compile", "compileStreaming"]) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (...args) => { await window.wasmGate; return original.apply(WebAssembly, args); };
}
"""

# Records, from DOMContentLoaded on, what the page looked like before any Python ran:
# the nodes under each pre-rendered container and every childList change below them.
RECORD_FIRST_VIEW = """
document.addEventListener("DOMContentLoaded", () => {
  const containers = [...document.querySelectorAll("[data-wasmui-prerendered]")];
  window.firstView = {
    ids: containers.map((c) => c.id),
    text: containers.map((c) => c.textContent),
    nodes: containers.map((c) => [...c.querySelectorAll("*")]),
    childListChanges: [],
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) if (r.type === "childList") window.firstView.childListChanges.push(`${r.target.outerHTML?.slice(0, 80) ?? "#text"} +${[...r.addedNodes].map((n) => n.nodeName + ":" + n.textContent)} -${[...r.removedNodes].map((n) => n.nodeName + ":" + n.textContent)}`);
  });
  containers.forEach((c) => observer.observe(c, { childList: true, subtree: true }));
});
"""


def wait(driver, condition, timeout=60):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition())


@pytest.fixture
def page(browser):
    """The session's browser with scripts that run before each page's own; removed after."""
    added = []

    def before_each_page(source: str) -> None:
        added.append(browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})["identifier"])

    browser.before_each_page = before_each_page
    browser.get_log("browser")
    yield browser
    for identifier in added:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier})
    if browser.engine == "chromium":
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    del browser.before_each_page


def all_mounted(driver) -> bool:
    return driver.execute_script("return [...document.querySelectorAll('wasmui-app')].every(e => e.dataset.state === 'mounted')")


@pytest.mark.chromium_only(reason="CDP blocks the runtime and injects the recorder")
def test_the_first_view_is_in_the_page_before_any_python_runs(page, site_url):
    page.execute_cdp_cmd("Network.enable", {})
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*pyodide.mjs", "*pyodide.asm.*"]})
    page.before_each_page(RECORD_FIRST_VIEW)
    page.get(f"{site_url}/embed.html")
    first = page.execute_script("return { ids: window.firstView.ids, text: window.firstView.text }")
    assert first["ids"] == ["counter-app", "clock-app"]
    assert "5" in first["text"][0] and "−" in first["text"][0]  # the counter, starting at 5
    assert first["text"][1] == "--:--:--"  # the clock is browser-only: its placeholder
    page.get(f"{site_url}/index.html")
    first = page.execute_script("return { ids: window.firstView.ids, text: window.firstView.text }")
    assert first["ids"] == ["gallery"]
    for words in ("Counter", "Todo list", "Contacts app", "State, events, minimal re-renders.", "class Counter(Component)"):
        assert words in first["text"][0]
    assert page.execute_script("return window.wasmuiVersion") is None  # no Python ran
    page.get_log("browser")  # the blocked runtime's errors are expected here


@pytest.mark.chromium_only(reason="CDP injects the recorder before the page")
def test_hydration_keeps_every_node_and_replays_clicks_made_before_it(page, site_url):
    page.before_each_page(RECORD_FIRST_VIEW + WASM_GATE)
    page.get(f"{site_url}/embed.html")
    increment = page.find_element(By.CSS_SELECTOR, "#counter-app [aria-label=increment]")
    increment.click()
    increment.click()  # before Python runs: held
    assert page.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "5"
    page.execute_script("window.openWasmGate()")
    wait(page, lambda: all_mounted(page))
    wait(page, lambda: page.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "7", 10)
    kept = page.execute_script(
        "return window.firstView.ids.map((id, i) => {"
        "  const now = [...document.getElementById(id).querySelectorAll('*')];"
        "  return now.length === window.firstView.nodes[i].length && now.every((n, j) => n === window.firstView.nodes[i][j]);"
        "})"
    )
    assert kept == [True, True]  # the same element objects, every one
    assert page.execute_script("return window.firstView.childListChanges") == []
    # the clock's placeholder became the time in the same <time> element, and clicks work after
    wait(page, lambda: page.find_element(By.CSS_SELECTOR, "#clock-app time").text.count(":") == 2
         and "-" not in page.find_element(By.CSS_SELECTOR, "#clock-app time").text, 10)
    increment.click()
    assert page.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "8"
    assert not [e for e in page.get_log("browser") if "HydrationMismatch" in e["message"] or e["level"] == "SEVERE"]


@pytest.mark.chromium_only(reason="CDP injects the recorder before the page")
def test_the_gallery_hydrates_its_prerendered_view(page, site_url):
    page.before_each_page(RECORD_FIRST_VIEW)
    page.get(f"{site_url}/index.html")
    wait(page, lambda: page.execute_script("return document.documentElement.dataset.wasmui") == "ready")
    kept = page.execute_script(
        "const now = [...document.querySelectorAll('#gallery *')].filter((n) => !n.parentElement.closest('#example'));"
        "const before = window.firstView.nodes[0];"
        "return before.length > 0 && now.length === before.length && now.every((n, i) => n === before[i]);"
    )
    assert kept, page.get_log("browser")
    # only the example's own root (mounted in the gallery's on_mount, after hydration) added nodes
    assert page.execute_script("return window.firstView.childListChanges.filter((c) => !c.includes('id=\"example\"'))") == []
    page.find_element(By.CSS_SELECTOR, "[data-example=todo]").click()
    wait(page, lambda: page.find_elements(By.CSS_SELECTOR, "#example .todo, #example input"), 10)
    assert page.find_element(By.CSS_SELECTOR, "h2").text == "Todo list"
    assert not [e for e in page.get_log("browser") if e["level"] == "SEVERE"]


MISMATCH_PAGE = """
const container = document.createElement("div");
container.id = "pre";
container.setAttribute("data-wasmui-prerendered", "");
container.innerHTML = '<form class="greeter"><h2>Hello</h2><input id="who" value=""><b>stale</b></form>';
document.querySelector("main").append(container);
window.before = { h2: container.querySelector("h2"), input: container.querySelector("input") };
"""

GREETER = """
import warnings
from wasmui import Component, html, mount

class Greeter(Component):
    def on_init(self):
        self.state = {"who": ""}

    def render(self):
        return html.form(
            html.h2("Hello, world"),
            html.input(id="who", value=self.state["who"], on_input=lambda e: self.set_state(who=e.target.value)),
            html.p("typed: ", self.state["who"], data_testid="typed"),
            class_="greeter",
        )

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    greeter_root = mount(Greeter, "#pre")
[str(w.message) for w in caught if w.category.__name__ == "HydrationMismatchWarning"]
"""


def test_a_mismatch_is_repaired_named_and_typed_text_is_kept(page, site_url):
    page.get(f"{site_url}/popup.html")
    page.execute_script(MISMATCH_PAGE)
    page.execute_async_script("const done = arguments[arguments.length - 1]; import('./wasmui.js').then(() => done())")
    page.find_element(By.ID, "who").send_keys("Ada")  # typed before Python runs
    warned = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./wasmui.js').then((m) => m.boot()).then((py) => done(py.runPython(arguments[0]).toJs()), (e) => done(e.message));",
        GREETER,
    )
    assert len(warned) == 1, warned
    assert warned[0].startswith("Greeter: the pre-rendered page differs from the first render at form:nth-child(1) > h2:nth-child(1)")
    assert 'expected text "Hello, world", found text "Hello"' in warned[0] and "(and 2 more)" in warned[0]
    wait(page, lambda: page.find_element(By.CSS_SELECTOR, "[data-testid=typed]").text == "typed: Ada", 10)
    same = page.execute_script(
        "const c = document.getElementById('pre');"
        "return [c.querySelector('h2') === window.before.h2, c.querySelector('input') === window.before.input,"
        "        c.querySelector('h2').textContent, c.querySelector('input').value, c.querySelectorAll('b').length]"
    )
    assert same == [True, True, "Hello, world", "Ada", 0]
    page.find_element(By.ID, "who").send_keys("!")
    wait(page, lambda: page.find_element(By.CSS_SELECTOR, "[data-testid=typed]").text == "typed: Ada!", 10)


SNAPSHOT_STATE = "return window.wasmuiStartup && [window.wasmuiStartup.snapshot, window.wasmuiStartup.error]"


def load_embed(driver, site_url):
    driver.get(f"{site_url}/embed.html")
    wait(driver, lambda: all_mounted(driver))
    driver.find_element(By.CSS_SELECTOR, "#counter-app [aria-label=increment]").click()
    assert driver.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "6"  # the app works
    return driver.execute_script(SNAPSHOT_STATE)


def snapshot_made(driver) -> str:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; (window.wasmuiStartup.made ?? Promise.resolve(window.wasmuiStartup.snapshot)).then(done)"
    )


# wasmui.js keeps snapshots in IndexedDB: database "wasmui", store "snapshots"
ON_STORE = """
const onStore = (mode, act) => new Promise((resolve, reject) => {
  const open = indexedDB.open("wasmui", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("snapshots");
  open.onsuccess = () => {
    const transaction = open.result.transaction("snapshots", mode);
    const request = act(transaction.objectStore("snapshots"));
    transaction.oncomplete = () => { open.result.close(); resolve(request.result); };
    transaction.onerror = () => reject(transaction.error);
  };
});
"""


def stored_keys(driver) -> list[str]:
    return driver.execute_async_script(
        ON_STORE + "const done = arguments[arguments.length - 1]; onStore('readonly', (s) => s.getAllKeys()).then(done)"
    )


def store(driver, key: str, script: str) -> None:
    """Replaces the stored snapshot under ``key`` with what ``script`` makes of its bytes (``bytes``)."""
    driver.execute_async_script(
        ON_STORE + "const [key, script, done] = arguments;"
        "(async () => {"
        "  let bytes = (await onStore('readonly', (s) => s.get(key))) ?? new Uint8Array(0);"
        "  bytes = new Function('bytes', script)(bytes);"
        "  await onStore('readwrite', (s) => s.put(bytes, key)); done();"
        "})()",
        key, script,
    )  # fmt: skip


def first_visit_makes_the_snapshot(page, site_url) -> str:
    """Empties the snapshot store, loads the page (a plain load, the snapshot made after)
    and returns the snapshot's key."""
    page.get(f"{site_url}/popup.html")
    page.execute_async_script(ON_STORE + "const done = arguments[arguments.length - 1]; onStore('readwrite', (s) => s.clear()).then(done)")
    assert load_embed(page, site_url) == ["making", None]
    assert snapshot_made(page) == "stored"
    key = page.execute_script("return window.wasmuiStartup.key")
    assert stored_keys(page) == [key] and "/pyodide/wasmui-snapshot/314.0.7-" in key
    return key


def test_the_snapshot_is_made_and_used(page, site_url):
    first_visit_makes_the_snapshot(page, site_url)
    assert load_embed(page, site_url) == ["restored", None]  # the return visit restores it
    marks = page.execute_script("return performance.getEntriesByType('mark').map((m) => m.name)")
    assert "wasmui:snapshot-restored" in marks


@pytest.mark.chromium_only(
    reason="the fallback is wasmui.js's own, the same in every engine (each engine makes and restores a snapshot above); "
    "five page loads with a snapshot made after each are 90 s in Firefox and WebKit"
)
def test_any_bad_snapshot_falls_back_to_a_plain_load_and_is_made_again(page, site_url):
    key = first_visit_makes_the_snapshot(page, site_url)
    store(page, key, "return new Uint8Array(4096).fill(7);")  # corrupt
    state, error = load_embed(page, site_url)
    assert state == "making" and "the stored snapshot could not be used (Snapshot has invalid magic number)" in error
    assert snapshot_made(page) == "stored"

    store(page, key, "bytes[16] ^= 0xff; return bytes;")  # made by another build of the runtime
    state, error = load_embed(page, site_url)
    assert state == "making" and "Snapshot build id mismatch" in error
    assert snapshot_made(page) == "stored"

    store(page, key, "return bytes.subarray(0, bytes.length >> 1);")  # cut short
    state, error = load_embed(page, site_url)
    assert state == "making" and "could not be used" in error
    stale = key.rsplit("/", 1)[0] + "/314.0.6-00000000-00000000"  # another version's, never matched
    store(page, stale, "return new Uint8Array(8);")
    assert snapshot_made(page) == "stored"
    assert stored_keys(page) == [key]  # storing a new one dropped the stale one
    assert load_embed(page, site_url) == ["restored", None]
    page.get_log("browser")  # the fallbacks' warnings are expected here


@pytest.mark.chromium_only(reason="CDP breaks the page's IndexedDB before its own scripts run; the fallback is wasmui.js's own")
def test_a_snapshot_store_that_fails_leaves_a_plain_start(page, site_url):
    """A store that cannot be opened (WebKit's "Connection to Indexed Database server lost",
    a browser's private mode) costs the snapshot, never the start."""
    page.before_each_page(
        "indexedDB.open = () => { throw new DOMException('Connection to Indexed Database server lost', 'UnknownError'); };"
    )
    state, error = load_embed(page, site_url)
    assert state == "failed"
    assert error == "the snapshot store could not be read (Connection to Indexed Database server lost); loaded normally"
    warnings = [e["message"] for e in page.get_log("browser")]
    assert any("the snapshot store could not be read" in message for message in warnings)
    assert not [message for message in warnings if "Uncaught" in message]
