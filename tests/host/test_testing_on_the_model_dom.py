"""wasmui.testing under plain CPython (#13): the same helpers and queries as in the browser,
on the model DOM, with no browser at all."""

from __future__ import annotations

import asyncio
import warnings

import pytest

from wasmui import Component, Scope, component, dom, html, tasks, use_resource
from wasmui.dom_facade import ModelEvent
from wasmui.testing import assert_no_leaks, click, fire, render, type_text


class Counter(Component):
    def on_init(self):
        self.state = {"count": self.props.get("start", 0)}

    def render(self):
        return html.div(
            html.span(str(self.state["count"]), data_testid="count"),
            html.button("+", aria_label="increment", on_click=lambda: self.set_state(count=self.state["count"] + 1)),
        )


class Signup(Component):
    def on_init(self):
        self.state = {"name": "", "agree": False, "sent": False}

    def submit(self, event):
        event.preventDefault()
        self.set_state(sent=True)

    def render(self):
        return html.form(
            html.label("Name", html.input(value=self.state["name"], on_input=lambda e: self.set_state(name=e.target.value))),
            html.label("I agree", for_="agree"),
            html.input(id="agree", type="checkbox", checked=self.state["agree"],
                       on_change=lambda e: self.set_state(agree=e.target.checked)),
            html.p(f"Hello {self.state['name']}" if self.state["sent"] else "not sent", role="status"),
            html.button("Send", type="submit"),
            on_submit=self.submit,
        )  # fmt: skip


def test_the_readme_example_runs_as_written_without_a_browser():
    with assert_no_leaks():
        view = render(Counter, {"start": 1})
        click(view.get_by_role("button", name="increment"))
        assert view.get_by_test_id("count").textContent == "2"
        view.unmount()


def test_labels_roles_typing_checkboxes_and_submit():
    view = render(Signup)
    type_text(view.get_by_label("Name"), "Ada")
    agree = view.get_by_label("I agree")
    click(agree)
    assert agree.checked is True and view.component.state["agree"] is True
    click(view.get_by_role("button", name="Send"))  # a submit button submits its form, as in a browser
    assert view.get_by_role("status").textContent == "Hello Ada"
    view.component.set_state(sent=False)
    fire(view.get_by_role("form"), "submit")
    assert view.get_by_role("status").textContent == "Hello Ada"
    assert view.get_by_text("Hello Ada").tagName == "P"
    view.unmount()


def test_a_query_that_finds_none_or_several_says_so():
    view = render(html.ul(html.li("a"), html.li("a")))
    with pytest.raises(AssertionError, match="expected one element with text 'a', found 2"):
        view.get_by_text("a")
    with pytest.raises(AssertionError, match="found 0"):
        view.get_by_role("button")
    view.unmount()


def test_assert_no_leaks_catches_a_component_left_mounted_and_a_resource_left_open():
    scope = Scope("kept")
    with pytest.raises(AssertionError, match=r"Counter#\d+ is still mounted"):
        with assert_no_leaks():
            view = render(Counter)
    view.unmount()
    with pytest.raises(AssertionError, match=r"cleanup#\d+ .* is still live"):
        with assert_no_leaks():
            scope.on_cleanup(lambda: None)
    scope.close()


def test_accessible_names_come_from_aria_label_labels_or_text():
    view = render(html.div(html.button("Save"), html.label("Search", html.input(type="search")), html.a("Docs", href="/d")))
    assert view.get_by_role("button", name="Save").tagName == "BUTTON"
    assert view.get_by_role("textbox", name="Search").getAttribute("type") == "search"
    assert view.get_by_role("link", name="Docs").getAttribute("href") == "/d"
    view.unmount()


class Palette(Component):
    """Listens on the page's window and document and watches its box's size, through
    wasmui.dom: the code that runs on a page and in a worker, tested here as written."""

    def on_init(self):
        self.state = {"keys": [], "outside": 0}

    def on_mount(self):
        self.scope.listen(dom.window, "keydown", self.key, prevent_default="Escape")
        self.scope.listen(dom.document, "click", lambda: self.set_state(outside=self.state["outside"] + 1))
        self.sizes = self.scope.observer(dom.ResizeObserver, lambda entries: None)
        self.sizes.observe(self.el)

    def key(self, event):
        self.set_state(keys=[*self.state["keys"], event.key])

    def render(self):
        return html.div(
            html.p(" ".join(self.state["keys"]), data_testid="keys"),
            html.p(str(self.state["outside"]), data_testid="clicks"),
            html.input(aria_label="field"),
        )


def test_dom_window_document_and_observers_work_on_the_model_dom():
    with assert_no_leaks():
        view = render(Palette)
        fire(dom.window, "keydown", key="k")
        assert view.get_by_test_id("keys").textContent == "k"
        # an event out of the tree bubbles on to the document, then the window, as in a browser
        fire(view.get_by_label("field"), "keydown", key="Escape")
        assert view.get_by_test_id("keys").textContent == "k Escape"
        escape = ModelEvent("keydown", None, {"key": "Escape"})
        assert dom.window.wasmui_event_target().dispatchEvent(escape) is False and escape.defaultPrevented  # declared
        fire(dom.document, "click")
        assert view.get_by_test_id("clicks").textContent == "1"
        # the observer takes its calls and never reports (no layout here); it is the scope's
        assert view.component.sizes.observed == [view.component.el]
        kinds = sorted(resource.kind for resource in view.component.scope.resources)
        assert kinds.count("listener") == 2 and "observer" in kinds, kinds
        view.unmount()
    # released with the scope: no listener left on the model page, and later events reach no one
    assert dom.window.wasmui_event_target().listener_count == 0
    assert dom.document.wasmui_event_target().listener_count == 0


class Notes(Component):
    """An async handler, as worker mode needs them (``await dom.write``), and one that
    waits on a timer it never reaches here."""

    def on_init(self):
        self.state = {"notes": []}

    async def add(self):
        await dom.write(dom.document, "title", f"Notes ({len(self.state['notes']) + 1})")
        self.set_state(notes=[*self.state["notes"], "milk"])

    async def later(self):
        await asyncio.sleep(3600)
        self.set_state(notes=["never"])

    def render(self):
        return html.div(html.button("Add", on_click=self.add), html.button("Later", on_click=self.later),
                        html.ul([html.li(note) for note in self.state["notes"]]))


def test_an_async_handler_runs_on_a_click_and_its_work_shows_when_click_returns():
    """No event loop runs in a plain test: wasmui runs the handler's task as far as it goes
    without waiting, so the test reads the result at once (it used to never run, with
    only a DeprecationWarning from inside wasmui). A task waiting on a timer stays waiting
    and is cancelled at unmount."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "no current event loop", no "never awaited"
        with assert_no_leaks():
            view = render(Notes)
            click(view.get_by_role("button", name="Add"))
            assert [li.textContent for li in view.container.querySelectorAll("li")] == ["milk"]
            assert asyncio.run(dom.read(dom.document, "title")) == "Notes (1)"
            click(view.get_by_role("button", name="Later"))
            click(view.get_by_role("button", name="Add"))
            assert [li.textContent for li in view.container.querySelectorAll("li")] == ["milk", "milk"]
            view.unmount()


def test_a_resource_whose_load_answers_at_once_shows_its_value_when_render_returns():
    """``render`` runs the tasks its first render started, as ``click`` does: a load that
    waits on nothing outside (here one turn of the loop) has arrived when it returns (it
    read "loading" before)."""

    async def load():
        await asyncio.sleep(0)
        return "ready"

    @component
    def Title():
        title = use_resource(load, [])
        return html.p("loading" if title.loading else title.value)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with assert_no_leaks():
            view = render(Title)
            assert view.container.textContent == "ready"
            view.unmount()


def test_unmount_ends_a_pending_load_and_get_all_by_test_id_finds_each_row():
    """A load still waiting (on a timer) when the test unmounts is cancelled and ended at
    once: no "Task was destroyed but it is pending!" when the process exits."""

    async def slow():
        await asyncio.sleep(60)
        return ["never"]

    @component
    def Rows():
        rows = use_resource(slow, [])
        return html.ul([html.li(row, key=row, data_testid="row") for row in (rows.value or ["a", "b"])])

    view = render(Rows)
    assert [row.textContent for row in view.get_all_by_test_id("row")] == ["a", "b"]
    (task,) = [task for task in asyncio.all_tasks(tasks._loop) if not task.done()]
    view.unmount()
    assert task.cancelled()
