"""Core behaviour in headless Chromium, through the public API and the real DOM.

Each ``run_in_pyodide`` test runs inside the page's Pyodide; the tests that type
and click use selenium's real input events on the same page.
"""

from __future__ import annotations

import pytest
from pytest_pyodide import run_in_pyodide
from selenium.webdriver.common.by import By


@run_in_pyodide(packages=["wasmui"])
def test_mount_matches_the_tree(selenium):
    import js

    from wasmui import Component, Fragment, h, html, mount

    class Dot(Component):  # renders SVG without knowing it sits inside <svg>
        def render(self):
            return h(Fragment, None, h("rect", {"width": 1, "height": 1}), h("foreignObject", None, html.b("x")))

    class Card(Component):
        def render(self):
            return html.article(
                html.h2(self.props["title"], class_="title"),
                html.p("by ", html.em(self.props["author"]), data_id=7, aria_hidden=True),
                html.input(type="checkbox", checked=True),
                html.svg(h("circle", {"r": 5, "cx": 5, "cy": 5}), h("g", None, h(Dot)), width=10, height=10),
                style={"margin_top": "3px", "color": "red"},
            )

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    root = mount(Card, host, {"title": "Hello", "author": "Ada"})
    article = host.firstElementChild
    assert article.tagName == "ARTICLE"
    assert article.style.marginTop == "3px" and article.style.color == "red"
    assert article.querySelector("h2.title").textContent == "Hello"
    assert article.querySelector("p").outerHTML == '<p data-id="7" aria-hidden="">by <em>Ada</em></p>'
    assert article.querySelector("input").checked is True
    circle = article.querySelector("circle")
    assert circle.namespaceURI == "http://www.w3.org/2000/svg" and circle.getAttribute("r") == "5"
    # a component's and a fragment's output inherit the namespace they are placed in
    for tag in ("g", "rect", "foreignObject"):
        assert article.querySelector(tag).namespaceURI == "http://www.w3.org/2000/svg", tag
    assert article.querySelector("foreignObject > b").namespaceURI == "http://www.w3.org/1999/xhtml"
    root.unmount()
    assert host.innerHTML == ""
    host.remove()


@run_in_pyodide(packages=["wasmui"])
def test_set_state_touches_only_the_changed_text_or_attribute(selenium):
    import js
    from pyodide.ffi import to_js

    from wasmui import Component, flush, html, mount

    class Profile(Component):
        def on_init(self):
            self.state = {"name": "Ada", "role": "admin"}

        def render(self):
            return html.div(
                html.h1("Profile"),
                html.p(self.state["name"], class_="name"),
                html.span("role", data_role=self.state["role"]),
                [html.i(str(i)) for i in range(50)],
            )

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    root = mount(Profile, host)
    records = []
    observer = js.MutationObserver.new(lambda recs, obs: None)
    observer.observe(host, to_js({"subtree": True, "childList": True, "attributes": True, "characterData": True}, dict_converter=js.Object.fromEntries))
    root.component.set_state(name="Grace")
    flush()
    records = observer.takeRecords().to_py()
    assert [(r.type, r.target.data) for r in records] == [("characterData", "Grace")]
    root.component.set_state(role="editor")
    flush()
    records = observer.takeRecords().to_py()
    assert [(r.type, r.attributeName, r.target.tagName) for r in records] == [("attributes", "data-role", "SPAN")]
    observer.disconnect()
    root.unmount()
    host.remove()


@run_in_pyodide(packages=["wasmui"])
def test_keyed_reorder_of_1000_rows_keeps_identity_with_fewest_moves(selenium):
    import bisect
    import random

    import js
    from pyodide.ffi import to_js

    from wasmui import Component, h, html, mount

    class Table(Component):
        def render(self):
            return html.table(html.tbody([html.tr(html.td(str(k)), html.td("row"), key=k) for k in self.props["keys"]]))

    def lis(seq):
        tails = []
        for x in seq:
            i = bisect.bisect_left(tails, x)
            tails[i : i + 1] = [x]
        return len(tails)

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    keys = list(range(1000))
    root = mount(Table, host, {"keys": keys})
    tbody = host.querySelector("tbody")
    shuffled = keys[:]
    random.Random(3).shuffle(shuffled)
    swapped = keys[:]
    swapped[1], swapped[998] = swapped[998], swapped[1]
    cases = [
        ("reverse", keys[::-1], 999),
        ("shuffle", shuffled, 1000 - lis(shuffled)),
        ("swap", swapped, 2),
        ("insert", keys[:500] + [-1, -2] + keys[500:], 2),
    ]
    observer = js.MutationObserver.new(lambda recs, obs: None)
    for name, new_keys, expected_moves in cases:
        root.render(h(Table, {"keys": keys}))  # back to the original order
        tbody = host.querySelector("tbody")
        before = {int(tr.firstChild.textContent): tr for tr in tbody.children}
        observer.observe(tbody, to_js({"childList": True}, dict_converter=js.Object.fromEntries))
        root.render(h(Table, {"keys": new_keys}))
        records = observer.takeRecords().to_py()
        observer.disconnect()
        added = sum(r.addedNodes.length for r in records)
        after = list(tbody.children)
        assert [int(tr.firstChild.textContent) for tr in after] == new_keys, name
        kept = [tr for tr in after if int(tr.firstChild.textContent) in before]
        assert all(before[int(tr.firstChild.textContent)] == tr for tr in kept), name  # same JS objects
        assert added == expected_moves, (name, added, expected_moves)
    root.unmount()
    host.remove()


@run_in_pyodide(packages=["wasmui"])
def test_hook_order_unmount_and_remount(selenium):
    import js

    from wasmui import Component, flush, h, html, mount

    log = []

    class Node(Component):
        def on_init(self):
            self.state = {"v": 0}

        def render(self):
            depth = self.props["depth"]
            child = h(Node, {"depth": depth + 1, "v": self.props.get("v", 0) + self.state["v"]}) if depth < 3 else None
            return html.div(f"level {depth}", child, class_=f"l{depth}")

        def on_mount(self):
            assert js.document.contains(self.el)
            log.append(f"mount {self.props['depth']}")

        def on_update(self):
            log.append(f"update {self.props['depth']}")

        def on_unmount(self):
            assert js.document.contains(self.el)  # before its DOM is removed
            log.append(f"unmount {self.props['depth']}")

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    for attempt in range(2):  # mounting again after unmount works the same
        log.clear()
        root = mount(Node, host, {"depth": 1})
        assert log == ["mount 3", "mount 2", "mount 1"]
        assert host.querySelectorAll("div").length == 3
        log.clear()
        root.component.set_state(v=1)
        flush()
        assert log == ["update 3", "update 2", "update 1"]
        log.clear()
        root.unmount()
        assert log == ["unmount 1", "unmount 2", "unmount 3"]
        assert host.childNodes.length == 0
    host.remove()


@run_in_pyodide(packages=["wasmui"])
async def test_a_thousand_set_state_calls_in_one_task_render_once_on_the_next_frame(selenium):
    import js

    from wasmui import Component, html, mount

    renders = []

    class Count(Component):
        def on_init(self):
            self.state = {"n": 0}

        def render(self):
            renders.append(self.state["n"])
            return html.output(str(self.state["n"]))

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    root = mount(Count, host)
    for i in range(1000):
        root.component.set_state(n=i + 1)
    assert renders == [0] and host.textContent == "0"  # nothing before the frame
    # the next frame: its callbacks run in the order they were asked for, wasmui's first
    await js.eval("new Promise((done) => requestAnimationFrame(done))")
    assert renders == [0, 1000] and host.textContent == "1000"
    root.unmount()
    host.remove()


@run_in_pyodide(packages=["wasmui"])
def test_errors_are_contained_and_a_boundary_renders_a_fallback(selenium):
    import js

    from wasmui import Component, errors, flush, h, html, mount

    class Widget(Component):
        def render(self):
            if self.props["broken"]:
                raise ValueError("widget exploded")
            return html.span("widget ok")

    class Boundary(Component):
        def on_init(self):
            self.state = {"broken": False, "error": None}

        def on_error(self, exc):
            self.set_state(error=str(exc))

        def render(self):
            if self.state["error"]:
                return html.p(f"Something went wrong: {self.state['error']}", class_="fallback")
            return html.div(h(Widget, {"broken": self.state["broken"]}), html.span(" sibling"))

    host = js.document.createElement("div")
    js.document.body.appendChild(host)
    root = mount(Boundary, host)
    assert host.textContent == "widget ok sibling"
    root.component.set_state(broken=True)
    flush()
    assert host.querySelector(".fallback").textContent == "Something went wrong: widget exploded"
    report = errors.recent[-1]
    assert report.component == "Widget" and report.phase == "render"
    assert "widget exploded" in report.traceback and "in render" in report.traceback
    root.unmount()
    host.remove()


def test_typing_keeps_focus_and_caret_while_rerendering(wasmui_page):
    selenium = wasmui_page
    selenium.run(
        """
        from wasmui import Component, html, mount

        class Editor(Component):
            def on_init(self):
                self.state = {"text": "", "renders": 0}

            def render(self):
                return html.div(
                    html.input(id="field", value=self.state["text"],
                               on_input=lambda e: self.set_state(text=e.target.value)),
                    html.p(f"{len(self.state['text'])} chars", id="count"),
                )

        editor_root = mount(Editor, "#app")
        """
    )
    driver = selenium.driver
    field = driver.find_element(By.ID, "field")
    field.click()
    field.send_keys("hello world")
    assert driver.find_element(By.ID, "count").text == "11 chars"
    # move the caret into the middle and type there: each key re-renders the input
    driver.execute_script("document.getElementById('field').setSelectionRange(5, 5)")
    field.send_keys(",")
    state = driver.execute_script(
        "const f = document.getElementById('field');"
        "return [f.value, f.selectionStart, document.activeElement === f];"
    )
    assert state == ["hello, world", 6, True]
    assert driver.find_element(By.ID, "count").text == "12 chars"
    selenium.run("editor_root.unmount()")


@pytest.mark.chromium_only(reason="CDP's view of the listeners")
def test_real_clicks_and_non_bubbling_events_reach_their_handlers(wasmui_page):
    selenium = wasmui_page
    selenium.run(
        """
        from wasmui import Component, html, mount

        events = []

        class Panel(Component):
            def on_init(self):
                self.state = {"clicks": 0}

            def render(self):
                return html.div(
                    html.button(f"clicked {self.state['clicks']}", id="btn",
                                on_click=lambda e: self.set_state(clicks=self.state["clicks"] + 1)),
                    html.input(id="name", on_focus=lambda e: events.append("focus " + e.target.id),
                               on_blur=lambda e: events.append("blur")),
                    html.span("inner", id="inner", on_click=lambda e: (events.append("inner"), e.stopPropagation())),
                    on_click=lambda e: events.append("panel saw " + e.target.id),
                    on_mouseenter=lambda e: events.append("enter"),
                    id="panel",
                )

        panel_root = mount(Panel, "#app")
        """
    )
    driver = selenium.driver
    driver.find_element(By.ID, "btn").click()
    driver.find_element(By.ID, "btn").click()
    assert driver.find_element(By.ID, "btn").text == "clicked 2"
    driver.find_element(By.ID, "name").click()
    driver.find_element(By.ID, "inner").click()
    events = selenium.run("events")
    assert [e for e in events if e.startswith("panel saw")] == ["panel saw btn", "panel saw btn", "panel saw name"]
    assert events.count("enter") == 1  # mouseenter does not bubble: only the panel's own
    assert "focus name" in events and "blur" in events and "inner" in events
    assert "panel saw inner" not in events  # stopPropagation stopped the delegated walk
    listeners = driver.execute_cdp_cmd(
        "Runtime.evaluate", {"expression": "document.getElementById('app')", "objectGroup": "t"}
    )
    found = driver.execute_cdp_cmd(
        "DOMDebugger.getEventListeners", {"objectId": listeners["result"]["objectId"]}
    )["listeners"]
    types = sorted(listener["type"] for listener in found)
    assert types == ["blur", "click", "focus", "mouseenter"]  # one per type, not one per handler
    selenium.run("panel_root.unmount()")
    found = driver.execute_cdp_cmd(
        "DOMDebugger.getEventListeners", {"objectId": listeners["result"]["objectId"]}
    )["listeners"]
    assert found == []
