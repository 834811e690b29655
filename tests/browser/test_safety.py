"""Safety in headless Chromium: hostile data stays inert, a strict CSP page runs clean,
faults stay contained, and thousands of random updates keep the real DOM right."""

from __future__ import annotations

import pytest
from pytest_pyodide import run_in_pyodide
from selenium.webdriver.support.ui import WebDriverWait

from ..harness import install_fuzz_modules, page_started

PAYLOADS = [
    "<script>window.__xss = 1</script>",
    "<img src=x onerror='window.__xss = 1'>",
    "<svg onload='window.__xss = 1'>",
    '"><img src=x onerror=window.__xss=1>',
    "' onmouseover='window.__xss=1",
    "javascript:window.__xss=1",
    " JaVa\tScRiPt:window.__xss=1",
    "\x01javascript:window.__xss=1",
    "data:text/html,<script>parent.__xss=1</script>",
    "vbscript:msgbox(1)",
    "</textarea><script>window.__xss=1</script>",
    "<iframe srcdoc='<script>parent.__xss=1</script>'>",
    "{{constructor.constructor('window.__xss=1')()}}",
    "<a href='javascript:window.__xss=1'>x</a>",
]


def test_xss_payloads_render_as_inert_text_and_refused_props(wasmui_page):
    selenium = wasmui_page
    # every load or error of an element, seen from the start (neither bubbles: captured)
    selenium.run_js(
        "window.__xss = 0; window.__loaded = new Set(); window.__onLoaded = (e) => window.__loaded.add(e.target);"
        "document.addEventListener('load', window.__onLoaded, true); document.addEventListener('error', window.__onLoaded, true);"
    )
    created = selenium.run(
        f"""
        import warnings
        from wasmui import html, mount

        PAYLOADS = {PAYLOADS!r}
        warnings.simplefilter("ignore")
        rows = [
            html.li(
                html.span(payload, class_="as-text"),
                html.a("link", href=payload, title=payload, class_=payload, data_payload=payload),
                html.img(src=payload, alt=payload),
                html.iframe(src=payload, srcdoc=payload, title="frame"),
                html.form(html.button("b", formaction=payload), action=payload),
                html.input(value=payload, placeholder=payload),
                html.textarea(payload),
                key=index,
            )
            for index, payload in enumerate(PAYLOADS)
        ]
        xss_root = mount(html.ul(rows, id="payloads"), "#app")
        len(PAYLOADS) * 9 + 1  # li, span, a, img, iframe, form, button, input, textarea; and the ul
        """
    )
    driver = selenium.driver
    # a link that kept a script URL would run it when clicked (others would navigate away)
    script_links = driver.execute_script(
        "const scheme = (h) => (h || '').replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, '').toLowerCase();"
        "const links = [...document.querySelectorAll('#payloads a')].filter(a => /^(javascript|vbscript|data):/.test(scheme(a.getAttribute('href'))));"
        "links.forEach(a => a.click()); return links.length;"
    )
    assert script_links == 0
    # what a payload could run would run when an image or a frame has loaded or failed: until
    # every image is complete (loaded or broken) and every frame with an address has loaded
    WebDriverWait(driver, 10, poll_frequency=0.05).until(
        lambda d: d.execute_script(
            "return [...document.querySelectorAll('#payloads img')].every((i) => i.complete)"
            " && [...document.querySelectorAll('#payloads iframe')].every((f) => !f.hasAttribute('src') || window.__loaded.has(f))"
        )
    )
    assert driver.execute_script("return window.__xss") == 0
    elements = driver.execute_script("return [...document.querySelectorAll('#payloads, #payloads *')].map(e => e.tagName)")
    assert len(elements) == created  # nothing parsed out of any payload
    assert "SCRIPT" not in elements and "SVG" not in elements
    texts = driver.execute_script("return [...document.querySelectorAll('.as-text')].map(e => e.textContent)")
    assert texts == PAYLOADS
    hrefs = driver.execute_script("return [...document.querySelectorAll('#payloads a')].map(a => a.getAttribute('href'))")
    for payload, href in zip(PAYLOADS, hrefs):
        assert href in (None, payload)
    assert driver.execute_script("return [...document.querySelectorAll('#payloads iframe')].filter(f => f.hasAttribute('srcdoc')).length") == 0
    selenium.run("xss_root.unmount()")
    selenium.run_js(
        "document.removeEventListener('load', window.__onLoaded, true); document.removeEventListener('error', window.__onLoaded, true);"
        "delete window.__onLoaded; delete window.__loaded;"  # the page serves the session's later tests
    )


COUNT_VIOLATIONS_FROM_THE_FIRST_BYTE = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample || "?"}`);
});
"""


@pytest.mark.chromium_only(reason="CDP's report of CSP violations")
def test_strict_policy_page_runs_with_zero_violations(browser, site_url):
    # registered through CDP before the page's first byte is parsed, ahead of every script of
    # the page (its own probe included): a violation by the <head> itself (a data: favicon
    # under default-src 'self' was one) is counted too
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_VIOLATIONS_FROM_THE_FIRST_BYTE})
    try:
        browser.get(f"{site_url}/strict.html")
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
    page_started(browser)
    button = browser.find_element("id", "strict-button")
    button.click()
    button.click()
    assert button.text == "clicked 2"
    assert browser.execute_script("return getComputedStyle(document.getElementById('strict-button')).borderRadius") == "4px"
    assert browser.find_element("id", "strict-link").get_attribute("href") is None
    assert browser.find_element("id", "strict-markup").text == "explicitly trusted markup"
    assert browser.find_element("id", "strict-trusted").text == "a TrustedHTML"
    assert browser.execute_script("return window.cspViolations") == []
    # the policy is really in force: an inline style attribute is blocked and counted
    # (once per policy: the header's and the meta tag's)
    browser.execute_script("const d = document.createElement('div'); d.setAttribute('style', 'color: red'); document.body.append(d);")
    assert browser.execute_script("return window.cspViolations.length") >= 1


@run_in_pyodide(packages=["wasmui"])
async def test_faults_are_reported_and_the_app_keeps_working(selenium):
    import asyncio
    import time

    import js

    from wasmui import Component, errors, flush, html, mount, tracker

    class Fragile(Component):
        def on_init(self):
            self.state = {"n": 0}

        def on_mount(self):
            self.scope.set_timeout(self.explode, 0)
            self.scope.on_cleanup(lambda: None)

        def explode(self):
            raise RuntimeError("timer failed")

        def click(self, event):
            if self.state["n"] == 0:
                self.set_state(n=1)
                raise ValueError("handler failed")
            self.set_state(n=self.state["n"] + 1)

        def on_unmount(self):
            raise KeyError("unmount failed")

        def render(self):
            return html.button(str(self.state["n"]), on_click=self.click)

    class Steady(Component):
        def render(self):
            return html.p("steady")

    first = js.document.createElement("div")
    second = js.document.createElement("div")
    js.document.body.append(first, second)
    errors.recent.clear()
    fragile = mount(Fragile, first)
    steady = mount(Steady, second)
    deadline = time.monotonic() + 10
    while not errors.recent and time.monotonic() < deadline:
        await asyncio.sleep(0.01)  # until the 0 ms timeout has failed
    button = first.querySelector("button")
    button.click()
    button.click()
    flush()
    assert button.textContent == "2"  # the failing handler's state change still committed; later clicks work
    reports = [str(r) for r in errors.recent]
    assert "Fragile.timeout callback" in reports[0] and "RuntimeError: timer failed" in reports[0]
    assert reports[1] == "Fragile.on_click handler raised ValueError: handler failed"
    live_before = len(tracker.live_resources())
    fragile.unmount()
    assert "Fragile.on_unmount raised KeyError" in str(errors.recent[-1])
    assert len(tracker.live_resources()) < live_before and not any(r.owner == "Fragile" for r in tracker.live_resources())
    assert first.childNodes.length == 0
    assert second.textContent == "steady"  # the other root is untouched
    steady.unmount()
    first.remove()
    second.remove()


def test_thousands_of_random_updates_keep_the_real_dom_equal_to_a_fresh_render(wasmui_page):
    selenium = wasmui_page
    install_fuzz_modules(selenium)
    mismatches = selenium.run(
        """
        import random
        import js
        from fuzz_trees import build, permute, random_spec
        from wasmui import html, mount

        rng = random.Random(2024)
        patched = js.document.createElement("div")
        fresh = js.document.createElement("div")
        js.document.body.append(patched, fresh)
        current = random_spec(rng)
        root = mount(html.section(build(current)), patched)
        mismatches = []
        for step in range(3000):
            current = permute(rng, current) if rng.random() < 0.5 else random_spec(rng)
            root.render(html.section(build(current)))
            check = mount(html.section(build(current)), fresh)
            if patched.innerHTML != fresh.innerHTML:
                mismatches.append((step, repr(current)))
            check.unmount()
        root.unmount()
        if patched.innerHTML != "":
            mismatches.append(("after unmount", patched.innerHTML))
        patched.remove()
        fresh.remove()
        mismatches[:3]
        """
    )
    assert mismatches == []
