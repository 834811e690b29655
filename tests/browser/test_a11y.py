"""The site's accessibility (#25): axe-core over every page of www/ once its app has
mounted (each gallery example, the leak inspector panel in each of its views, the error
overlay), and the inspector panel used from the keyboard alone, through the browser's
own key presses, in every engine.

axe-core is pinned in package.json (``npm ci`` in ./build.sh puts it in node_modules).
Only serious and critical violations fail a test; every violation found is printed.
"""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from ..harness import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = {"serious", "critical"}

MOUNTED = "document.documentElement.dataset.wasmui"
# Each page, and the script that tells when its app is there (a string: a failed start is
# reported with it, rather than waited out).
PAGES = {
    "index.html": f"return {MOUNTED}",
    "leaks.html": f"return {MOUNTED}",
    "strict.html": f"return {MOUNTED}",
    "embed.html": "const apps = [...document.querySelectorAll('wasmui-app')];"
    "return apps.every((app) => app.dataset.state === 'mounted') ? 'ready'"
    " : apps.find((app) => app.dataset.state === 'failed') ? 'failed' : null",
    "popup.html": "return 'ready'",
    # no app: Pyodide's start changes the text of its one paragraph, so it is not waited for (4 s)
    "bench/bare.html": "return document.readyState === 'complete' ? 'ready' : null",
    # development mode, for the error overlay (test_bench_page_and_the_error_overlay_...)
    "bench/wasmui.html?mode=development": "return document.documentElement.dataset.bench",
    "bench/preact.html": "return document.documentElement.dataset.bench",
    "bench/solid.html": "return document.documentElement.dataset.bench",
    "bench/vanilla.html": "return document.documentElement.dataset.bench",
}
PANEL = "document.querySelector('wasmui-inspector')?.shadowRoot"
GALLERY_EXAMPLES = "return [...document.querySelectorAll('[data-example]')].map((b) => b.dataset.example)"

# axe reads the DOM, ARIA and computed styles, which are the same site in every engine: run
# in all three it found the same violations, at 3-10 s of Pyodide start per page elsewhere.
axe_in_chromium = pytest.mark.chromium_only("axe's findings are the same in every engine (checked in all three)")


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run ./build.sh (npm ci installs axe-core)", pytrace=False)
    return AXE.read_text()


def wait(browser, script, timeout=60):
    """Polls ``script`` until it returns something truthy; returns that."""
    return WebDriverWait(browser, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(script))


def load(browser, site_url, page):
    browser.get(f"{site_url}/{page}")
    state = wait(browser, PAGES[page])
    assert state == "ready", f"{page} did not start: {browser.execute_script('return document.body.innerText')[:800]}"


def scan(driver, axe_source, where, selector=None):
    """Runs axe in the page (or in the element ``selector`` finds, its shadow root
    included); prints what it found and returns the serious and critical violations, one
    line each. No eval: strict.html's policy refuses it."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source)
    found = driver.execute_async_script(
        """const [selector, rules, done] = arguments;
        axe.run(selector ? document.querySelector(selector) : document, { runOnly: { type: "tag", values: rules }, resultTypes: ["violations"] })
          .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                 targets: v.nodes.map((n) => n.target.flat().join(" >>> ")) }))),
                (e) => done({ error: String(e) }));""",
        selector,
        RULES,
    )
    assert isinstance(found, list), f"{where}: axe failed: {found}"
    for v in found:
        print(f"[axe] {where}: {v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'][:5])}")
    return [f"{where}: {v['impact']} {v['id']} at {json.dumps(v['targets'][:5])}" for v in found if v["impact"] in FAILING]


@axe_in_chromium
@pytest.mark.parametrize("page", [p for p in PAGES if p not in ("index.html", "leaks.html", "bench/wasmui.html?mode=development")])
def test_page_has_no_serious_violation(browser, site_url, axe_source, page):
    load(browser, site_url, page)
    assert scan(browser, axe_source, page) == []


@axe_in_chromium
def test_gallery_has_no_serious_violation_in_any_example(browser, site_url, axe_source):
    """One load: each example selected in turn from the gallery's own buttons."""
    load(browser, site_url, "index.html")
    severe = []
    for example in browser.execute_script(GALLERY_EXAMPLES):
        browser.execute_script(f"document.querySelector('[data-example={example}]').click()")
        wait(browser, f"return document.querySelector('[data-example-stage={example}]')?.childElementCount > 0", 10)
        severe += scan(browser, axe_source, f"index.html?example={example}")
    assert severe == []


@axe_in_chromium
def test_leaks_page_and_each_inspector_view_have_no_serious_violation(browser, site_url, axe_source):
    """The leak demo opens the inspector panel: the page with it, then each of its views."""
    load(browser, site_url, "leaks.html")
    severe = scan(browser, axe_source, "leaks.html")
    for tab in browser.execute_script(f"return [...{PANEL}.querySelectorAll('[data-tab]')].map((b) => b.dataset.tab)"):
        browser.execute_script(f"{PANEL}.querySelector('[data-tab={tab}]').click()")
        wait(browser, f"return {PANEL}.querySelector('[data-tab={tab}]').getAttribute('aria-pressed') === 'true'", 10)
        severe += scan(browser, axe_source, f"inspector panel, {tab} view", "wasmui-inspector")
    assert severe == []


OVERLAY_ERRORS = """
import js
from wasmui import Component, html, mount


class FailsToRender(Component):
    def render(self):
        raise RuntimeError("render failed")


class FailsOnClick(Component):
    def render(self):
        return html.button("fail", id="a11y-fail", on_click=self.fail)

    def fail(self):
        raise ValueError("a handler failed")


for component in (FailsOnClick, FailsToRender):
    container = js.document.createElement("div")
    js.document.body.appendChild(container)
    try:
        mount(component, container)
    except RuntimeError:
        pass  # a first render's error is raised to the mount's caller too
"""


@axe_in_chromium
def test_bench_page_and_the_error_overlay_have_no_serious_violation(browser, site_url, axe_source):
    """The benchmark app in development mode, then the error overlay it shows, expanded with
    two errors (a render's, a handler's). The page's ``benchPyodide`` runs the failing code."""
    page = "bench/wasmui.html?mode=development"
    load(browser, site_url, page)
    severe = scan(browser, axe_source, page)
    browser.execute_script("benchPyodide.runPython(arguments[0])", OVERLAY_ERRORS)
    browser.execute_script("document.getElementById('a11y-fail').click()")
    wait(browser, "return document.querySelector('wasmui-error-overlay')?.shadowRoot?.querySelectorAll('section').length === 2", 10)
    severe += scan(browser, axe_source, "error overlay", "wasmui-error-overlay")
    assert severe == []


# --- the inspector panel from the keyboard ------------------------------------------------


def press(browser, *keys):
    """Real key presses to whatever has focus (WebDriver actions; the Firefox driver's
    keyboard, which types at the focused element too)."""
    if browser.engine == "firefox":
        browser.switch_to.active_element.send_keys(*keys)
    else:
        chain = ActionChains(browser)
        for key in keys:
            chain.send_keys(key)
        chain.perform()


def activate(browser, key):
    """``key`` (Enter or Space) on the focused button.

    Firefox's key presses over WebDriver BiDi (puppeteer-core 24.43, Firefox ESR 153) never
    activate a button, not even a plain page's ``<button>``: there the press is sent and
    the focused button then clicked, so the walk goes on; Enter and Space themselves are
    proven in Chromium and WebKit."""
    press(browser, key)
    if browser.engine == "firefox":
        focused_button = browser.execute_script("return document.activeElement.shadowRoot?.activeElement")
        if focused_button is not None:
            focused_button.click()


def press_chord(browser, *modifiers_and_key):
    """Modifiers held while the last key is pressed (Ctrl+Shift+L)."""
    *modifiers, key = modifiers_and_key
    if browser.engine == "firefox":
        browser.switch_to.active_element.send_keys(*modifiers, key)
        return
    chain = ActionChains(browser)
    for modifier in modifiers:
        chain.key_down(modifier)
    chain.send_keys(key)
    for modifier in reversed(modifiers):
        chain.key_up(modifier)
    chain.perform()


FOCUS = """const host = document.querySelector('wasmui-inspector');
const inner = host && document.activeElement === host ? host.shadowRoot.activeElement : null;
return inner ? 'panel: ' + (inner.dataset.tab ? 'tab ' + inner.dataset.tab : inner.getAttribute('aria-label')
  || inner.className || inner.localName) : 'page: ' + (document.activeElement.id || document.activeElement.localName)"""


def focused(browser):
    return browser.execute_script(FOCUS)


def test_inspector_panel_opens_works_and_closes_from_the_keyboard(browser, site_url):
    load(browser, site_url, "index.html")
    browser.execute_script("document.getElementById('toggle-mount').focus()")
    assert focused(browser) == "page: toggle-mount"

    press_chord(browser, Keys.CONTROL, Keys.SHIFT, "l")
    wait(browser, f"return {PANEL}?.querySelector('.panel')", 10)
    assert focused(browser) == "panel: wasmui leak inspector"  # focus went into the dialog

    # Tab reaches each control in order: the close button, then the views
    press(browser, Keys.TAB)
    assert focused(browser) == "panel: Close the inspector"
    tabs = browser.execute_script(f"return [...{PANEL}.querySelectorAll('[data-tab]')].map((b) => b.dataset.tab)")
    for tab in tabs:
        press(browser, Keys.TAB)
        assert focused(browser) == f"panel: tab {tab}"

    # Enter and Space operate a view's button; the view changes and says so
    pressed = f"return [...{PANEL}.querySelectorAll('[aria-pressed=true]')].map((b) => b.dataset.tab)"
    press_chord(browser, Keys.SHIFT, Keys.TAB)  # back to the one before last
    activate(browser, Keys.ENTER)
    wait(browser, f"{pressed}.join() === {json.dumps(tabs[-2])} || null", 10)
    press(browser, Keys.TAB)
    activate(browser, Keys.SPACE)
    wait(browser, f"{pressed}.join() === {json.dumps(tabs[-1])} || null", 10)
    assert focused(browser) == f"panel: tab {tabs[-1]}"  # focus stays on the control a re-render kept

    # the view's scrolling body is next, then Escape closes, and focus is back where it was
    press(browser, Keys.TAB)
    assert focused(browser).startswith("panel: ") and focused(browser).endswith(" view")
    press(browser, Keys.ESCAPE)
    wait(browser, f"return !{PANEL}", 10)
    assert focused(browser) == "page: toggle-mount"

    # Ctrl+Shift+L again, then the close button by Enter: the same return of focus
    press_chord(browser, Keys.CONTROL, Keys.SHIFT, "l")
    wait(browser, f"return {PANEL}?.querySelector('.panel')", 10)
    press(browser, Keys.TAB)
    assert focused(browser) == "panel: Close the inspector"
    activate(browser, Keys.ENTER)
    wait(browser, f"return !{PANEL}", 10)
    assert focused(browser) == "page: toggle-mount"
    assert browser.execute_script("return window.wasmui.report().errors") == []
