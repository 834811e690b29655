"""The first-hour fixes of #24 in a real browser: a handler with a default-bound loop
variable clicked in the DOM, the development error panel that leaves the page usable
(real clicks through WebDriver, collapse and expand by mouse and keyboard), and the
unkeyed-reorder warning naming the user's file and line. Pure logic:
tests/host/test_first_hour.py."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from ..harness import ROOT

TAG = "WASMUI-ERROR-OVERLAY"
SHADOW = "document.querySelector('wasmui-error-overlay').shadowRoot"


def test_a_default_bound_loop_variable_survives_a_real_click(wasmui_page):
    page = wasmui_page
    page.run(
        """
        from wasmui import Component, html, mount
        removed = []
        class Cart(Component):
            def on_init(self):
                self.state = {"items": ["apple", "pear", "plum"]}
            def remove(self, pid):
                removed.append(pid)
                self.set_state(items=[item for item in self.state["items"] if item != pid])
            def render(self):
                return html.ul([
                    html.li(item, html.button("remove", id=f"remove-{item}", on_click=lambda pid=item: self.remove(pid)),
                            key=item)
                    for item in self.state["items"]
                ])
        root = mount(Cart, "#app")
        """
    )
    page.driver.find_element(By.ID, "remove-pear").click()
    page.driver.find_element(By.ID, "remove-apple").click()
    assert page.run("removed") == ["pear", "apple"]
    assert page.run_js("return document.querySelector('#app ul').textContent") == "plumremove"
    page.run("root.unmount()")


BROKEN = """
from wasmui import Component, h, html, mount, overlay

overlay.dismiss()
overlay.expand()


class Counter(Component):
    def on_init(self):
        self.state = {"n": 0}

    def render(self):
        return html.button(f"clicked {self.state['n']}", id="page-button",
                           on_click=lambda: self.set_state(n=self.state["n"] + 1))


class Broken(Component):
    def render(self):
        raise ValueError(f"broken {self.props['name']}")


class Page(Component):
    def render(self):
        return html.main(html.h1("shop"), h(Counter), h(Broken, {"name": "one"}), h(Broken, {"name": "two"}))


root = mount(Page, "#app")
"""

# A page button where the expanded panel lies (bottom right), clear of its collapsed header.
UNDER = """
const under = document.createElement('button');
under.id = 'under'; under.textContent = 'under the panel'; under.dataset.clicks = '0';
under.style.cssText = 'position: fixed; right: 40px; bottom: 40vh';
under.addEventListener('click', () => { under.dataset.clicks = String(+under.dataset.clicks + 1); });
document.body.appendChild(under);
const r = under.getBoundingClientRect();
return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2).tagName;
"""


def _panel_state(page):
    """[aria-expanded, toggle text, list hidden, heading, focus on the toggle, sections listed]"""
    return page.run_js(
        f"""
        const root = {SHADOW};
        const toggle = root.querySelector('.toggle');
        return [toggle.getAttribute('aria-expanded'), toggle.textContent,
                root.querySelector('.details').hidden, root.querySelector('h2').textContent,
                root.activeElement === toggle, root.querySelectorAll('section').length];
        """
    )


def _shadow(page, selector):
    return page.driver.execute_script(f"return {SHADOW}.querySelector('{selector}')")


def test_the_error_panel_leaves_the_page_usable_and_collapses_and_expands(wasmui_page):
    page = wasmui_page
    driver = page.driver
    page.run_js("document.getElementById('app').style.cssText = 'position: fixed; top: 0; left: 0'")
    page.run(BROKEN)
    text = page.run("overlay.text()")
    assert "ValueError: broken one" in text and "ValueError: broken two" in text  # every error listed
    assert _panel_state(page) == ["true", "Hide", False, "2 unhandled errors in wasmui components", False, 2]
    # the page around the panel gets real clicks (a full-window overlay took every one)
    button = driver.find_element(By.ID, "page-button")
    button.click()
    button.click()
    assert button.text == "clicked 2"
    assert page.run_js("return document.elementFromPoint(innerWidth / 2, innerHeight / 2).tagName") != TAG
    assert page.run_js(UNDER) == TAG  # the expanded panel covers this button
    # collapse by mouse: only the header stays, and it still lists every error
    _shadow(page, ".toggle").click()
    assert _panel_state(page) == ["false", "Show", True, "2 unhandled errors in wasmui components", True, 2]
    assert page.run("overlay.collapsed()") is True
    # what the panel covered is the page's again
    driver.find_element(By.ID, "under").click()
    assert page.run_js("return document.getElementById('under').dataset.clicks") == "1"
    # expand with the keyboard: Enter on the focused toggle
    toggle = _shadow(page, ".toggle")
    toggle.send_keys(Keys.ENTER)
    if page.browser == "firefox" and page.run("overlay.collapsed()"):
        # Firefox's key presses over WebDriver BiDi never activate a button, not even a
        # plain page's (tests/browser/test_a11y.py, activate): Enter is proven in the others
        toggle.click()
    assert _panel_state(page) == ["true", "Hide", False, "2 unhandled errors in wasmui components", True, 2]
    # Escape in the error list (it scrolls, so it takes the focus) collapses the panel, and
    # the focus goes to the toggle rather than into what just hid
    _shadow(page, ".details").send_keys(Keys.ESCAPE)
    assert _panel_state(page)[:5] == ["false", "Show", True, "2 unhandled errors in wasmui components", True]
    button.click()
    assert button.text == "clicked 3"
    page.run("overlay.expand(); root.unmount()")
    page.run_js("document.getElementById('under').remove()")
    assert page.run("overlay.text()") == ""  # the errors went with their components


def test_a_new_error_while_collapsed_is_counted_and_the_focus_stays_on_the_page(wasmui_page):
    page = wasmui_page
    page.run(BROKEN)
    page.run("overlay.collapse()")
    page.run_js(
        """
        const extra = document.createElement('div'); extra.id = 'extra'; document.body.appendChild(extra);
        const input = document.createElement('input'); input.id = 'typing'; input.setAttribute('aria-label', 'typing');
        document.body.appendChild(input); input.focus();
        """
    )
    page.run("extra = mount(h(Broken, {'name': 'three'}), '#extra')")
    assert _panel_state(page) == ["false", "Show", True, "3 unhandled errors in wasmui components", False, 3]
    assert page.run_js(f"return [document.activeElement.id, {SHADOW}.querySelector('[role=status]').textContent]") == [
        "typing",
        "3 unhandled errors in wasmui components; the latest: ValueError: broken three",
    ]
    page.run("overlay.expand()")
    assert "ValueError: broken three" in page.run("overlay.text()")
    page.run("extra.unmount(); root.unmount()")
    page.run_js("document.getElementById('extra').remove(); document.getElementById('typing').remove()")
    assert page.run("overlay.text()") == ""


UNKEYED = '''
from wasmui import Component, html, mount


class Todos(Component):
    def on_init(self):
        self.state = {"labels": ["a", "b", "c"]}

    def render(self):
        return html.ul([html.li(html.label(label), html.input()) for label in self.state["labels"]])  # line 10
'''


def test_unkeyed_inputs_that_change_order_warn_naming_the_users_file_and_line(wasmui_page):
    page = wasmui_page
    page.run(f"open('/home/pyodide/unkeyed_app.py', 'w').write({UNKEYED!r})")
    caught = page.run(
        """
        import sys, warnings
        sys.path.insert(0, "/home/pyodide")
        import unkeyed_app
        from wasmui import flush, mount
        root = mount(unkeyed_app.Todos, "#app")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            root.component.set_state(labels=["c", "a", "b"])
            flush()
        root.unmount()
        [(w.category.__name__, str(w.message), w.filename, w.lineno) for w in caught]
        """
    )
    assert len(caught) == 1
    name, message, filename, lineno = caught[0]
    assert name == "UnkeyedReorderWarning" and message.startswith("Todos: 3 children of <ul> without keys changed order")
    assert (filename, lineno) == ("/home/pyodide/unkeyed_app.py", 10)


@pytest.mark.chromium_only(reason="axe's findings are the same in every engine")
def test_the_error_panel_expanded_and_collapsed_has_no_serious_accessibility_violation(wasmui_page):
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail(f"{axe.relative_to(ROOT)} is missing: run ./build.sh (npm ci installs axe-core)", pytrace=False)
    page = wasmui_page
    page.run(BROKEN)
    page.run_js(axe.read_text())
    found = []
    for state in ("expanded", "collapsed"):
        found += [
            f"{state}: {violation}"
            for violation in page.driver.execute_async_script(
                """
                const done = arguments[arguments.length - 1];
                axe.run(document.querySelector('wasmui-error-overlay'),
                        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                   .then((r) => done(r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
                                     .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))));
                """
            )
        ]
        page.run("overlay.collapse()")
    page.run("root.unmount(); overlay.expand()")
    assert found == []
