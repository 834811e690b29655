"""The official TodoMVC behavioural tests, run against examples/todomvc as `wasmui build` builds it (#24).

A port of tastejs/todomvc's ``cypress/e2e/spec.cy.js`` (the Cypress version of its
Selenium ``tests/test.js``): one test per official ``it(...)``, named after it (the
official title is in each docstring), with the same steps and the same assertions,
including the localStorage checks the spec makes for apps that persist. Where Cypress
needs a translation:

- ``beforeEach`` (:func:`before_each`): visit the app with empty storage, wait until it
  has started (its live view is on the page: the official test waits for the app's first
  input listener), see the ``todos`` heading, check there are no items. The visit is a
  new instance of the app on the page already loaded (:func:`page` says why), except
  where a page load is what the test is about (the focus test; the persistence test
  reloads the page itself).
- Cypress retries every ``should`` until it holds (4 s by default): each assertion here
  waits for its condition with WebDriverWait (:func:`until`), never a fixed delay.
- ``:visible`` is jQuery's (an element with a layout box), what Cypress's selectors use.
- ``check()``/``uncheck()`` click the checkbox (a real click); with ``{force: true}`` they
  click it from script, as Cypress forces one (``.toggle-all`` is a 1px, invisible input).
- ``dblclick()`` is a real double click where the driver has pointer actions (Chromium,
  WebKit); Firefox's BiDi driver has none, and there the events are dispatched as Cypress
  dispatches its own. ``blur()`` calls the element's ``blur()`` and, where the window
  has no focus (Firefox), dispatches the ``blur`` and ``focusout`` as Cypress does there.
- ``checkItemSaved`` spies on ``Storage.prototype.setItem`` from the test's start.
- Aliases (``@todos``, ``@firstTodo``) are queried again each time, as Cypress 12 does
  for a detached alias (it re-runs the query; by text for ``createTodo``'s ``li``).
"""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
import urllib.request
from functools import partial

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from wasmui.cli import engines

from ..harness import ROOT, QuietHandler, project_env

PROJECT = ROOT / "examples" / "todomvc"

TODO_ITEM_ONE = "buy some cheese"
TODO_ITEM_TWO = "feed the cat"
TODO_ITEM_THREE = "book a doctors appointment"

# the app's class selectors (the official spec picks them when it finds input.new-todo)
NEW_TODO = ".new-todo"
TODO_LIST = ".todo-list"
TODO_ITEMS = ".todo-list li"
COUNT = "span.todo-count"
MAIN = ".main"
FOOTER = ".footer"
TOGGLE_ALL = ".toggle-all"
CLEAR_COMPLETED = ".clear-completed"
FILTERS = ".filters"
FILTER_ITEMS = ".filters li a"

# jQuery's :visible, which Cypress's `li:visible` and visibility checks build on
VISIBLE = "(el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)"

# counts calls of localStorage.setItem from the app's start, for checkItemSaved
SPY = """
if (!window.__setItemCalls) {
  const setItem = Storage.prototype.setItem;
  window.__setItemCalls = { count: 0 };
  Storage.prototype.setItem = function (name, value) {
    window.__setItemCalls.count += 1;
    return setItem.call(this, name, value);
  };
}
window.__setItemCalls.count = 0;
"""

# the same predicates as the official checks: some key of localStorage holds...
STORAGE_CHECK = """
const [kind, arg] = arguments;
const values = Object.keys(localStorage).map((key) => localStorage.getItem(key));
const arrays = values.map((text) => { try { return JSON.parse(text); } catch (e) { return null; } });
if (kind === "text") return values.some((text) => text.includes(arg));
if (kind === "completed-keyword") return values.some((text) => ["complete", "isComplete"].some((v) => text.includes(v)));
if (kind === "count") return arrays.some((items) => items && items.length === arg);
if (kind === "completed-count") return arrays.some((items) => Array.isArray(items) && items.length >= arg &&
    items.filter((item) => item.completed === true).length + items.filter((item) => item.complete === true).length === arg);
throw new Error(kind);
"""


# the app has started: its element mounted the live view (the built page's placeholder has no .main)
STARTED = "return document.querySelector('wasmui-app')?.dataset.state === 'mounted' && !!document.querySelector('.todoapp .main')"

# waits for the memory snapshot wasmui.js makes after a first visit; returns how it went
SNAPSHOT_MADE = """
const done = arguments[arguments.length - 1];
(window.wasmuiStartup.made ?? Promise.resolve(window.wasmuiStartup.snapshot)).then(done);
"""


class CachedHandler(QuietHandler):
    """Serves the build as a static host does: files revalidated (a 304 when unchanged), so
    a page load after the first takes them from the browser's cache, as a returning
    visitor's does (the site's QuietHandler forbids any caching)."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        http.server.SimpleHTTPRequestHandler.end_headers(self)


@pytest.fixture(scope="session")
def todomvc_url(tmp_path_factory):
    """examples/todomvc built with `wasmui build` once per session, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("todomvc") / "dist"
    built = subprocess.run([sys.executable, "-m", "wasmui", "build", "--out", str(out)],
                           cwd=PROJECT, env=project_env(), capture_output=True, text=True)  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(CachedHandler, directory=str(out)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class TodoMVC:
    """The page under test, with the official spec's helpers."""

    def __init__(self, browser, url: str) -> None:
        self.browser, self.url = browser, url

    # --- waiting and reading ------------------------------------------------------------

    def until(self, condition, message: str, timeout: float = 10):
        """Waits until ``condition()`` is truthy (a Cypress `should`, retried) and returns it."""
        return WebDriverWait(self.browser, timeout, poll_frequency=0.05).until(lambda _: condition(), message)

    def js(self, script: str, *args):
        return self.browser.execute_script(script, *args)

    def elements(self, selector: str) -> list:
        return self.browser.find_elements(By.CSS_SELECTOR, selector)

    def element(self, selector: str):
        return self.until(lambda: (self.elements(selector) or [None])[0], f"no element matches {selector}")

    def visible_todos(self) -> list:
        """``cy.get('.todo-list li:visible')``."""
        return self.js(f"return Array.from(document.querySelectorAll('{TODO_ITEMS}')).filter({VISIBLE})")

    def visible_todo(self, index: int):
        """``visibleTodos().eq(index)``, once there is one."""
        return self.until(lambda: (self.visible_todos()[index:] or [None])[0], f"no visible todo #{index}")

    def todo(self, index: int):
        """``cy.get('.todo-list li').eq(index)``."""
        return self.until(lambda: (self.elements(TODO_ITEMS)[index:] or [None])[0], f"no todo #{index}")

    def todo_with_text(self, text: str):
        """``cy.get('.todo-list').contains('li', text)``: what ``createTodo`` aliases."""
        find = "return Array.from(document.querySelectorAll(arguments[0])).find((li) => li.textContent.includes(arguments[1]))"
        return self.until(lambda: self.js(find, TODO_ITEMS, text), f"no todo contains {text!r}")

    def visible(self, element) -> bool:
        return self.js(f"return ({VISIBLE})(arguments[0])", element)

    def text(self, element) -> str:
        return self.js("return arguments[0].textContent", element)

    def has_class(self, element, name: str) -> bool:
        return self.js("return arguments[0].classList.contains(arguments[1])", element, name)

    def checked(self, element) -> bool:
        return self.js("return arguments[0].checked", element)

    def find_in(self, element, selector: str):
        return self.js("return arguments[0].querySelector(arguments[1])", element, selector)

    def filter_link(self, name: str):
        """``cy.contains('.filters li a', name)`` (also ``cy.get('.filters').contains(name)``)."""
        find = "return Array.from(document.querySelectorAll(arguments[0])).find((a) => a.textContent.includes(arguments[1]))"
        return self.until(lambda: self.js(find, FILTER_ITEMS, name), f"no filter link {name!r}")

    # --- assertions (each retried, as a `should`) -------------------------------------------

    def should_contain(self, get, text: str) -> None:
        self.until(lambda: text in self.text(get()), f"expected to contain {text!r}")

    def should_have_class(self, get, name: str, present: bool = True) -> None:
        self.until(lambda: self.has_class(get(), name) == present, f"expected class {name!r} {'on' if present else 'off'}")

    def should_be_checked(self, get, checked: bool = True) -> None:
        self.until(lambda: self.checked(get()) == checked, f"expected {'checked' if checked else 'unchecked'}")

    def should_be_visible(self, selector: str, shown: bool = True) -> None:
        """The element exists and is (not) visible (Cypress 6+ fails a `not.be.visible`
        on an element that does not exist)."""
        self.until(lambda: self.visible(self.element(selector)) == shown, f"{selector} {'not ' if shown else ''}visible")

    def should_have_visible_todos(self, count: int) -> None:
        self.until(lambda: len(self.visible_todos()) == count, f"expected {count} visible todos")

    def should_have_todos(self, count: int) -> None:
        self.until(lambda: len(self.elements(TODO_ITEMS)) == count, f"expected {count} todos")

    def has_no_items(self) -> None:
        self.should_have_todos(0)

    # --- storage checks ----------------------------------------------------------------

    def check_todos_in_local_storage(self, text: str) -> None:
        self.until(lambda: self.js(STORAGE_CHECK, "text", text), f"no localStorage value holds {text!r}")

    def check_completed_keyword_in_local_storage(self) -> None:
        self.until(lambda: self.js(STORAGE_CHECK, "completed-keyword", None), "no completed todo in localStorage")

    def check_number_of_todos_in_local_storage(self, count: int) -> None:
        self.until(lambda: self.js(STORAGE_CHECK, "count", count), f"localStorage should have {count} todos")

    def check_number_of_completed_todos_in_local_storage(self, count: int) -> None:
        self.until(lambda: self.js(STORAGE_CHECK, "completed-count", count), f"localStorage should have {count} completed todos")

    def check_item_saved(self) -> None:
        """localStorage.setItem was called since the last check (the spy is then reset)."""
        self.until(lambda: self.js("return window.__setItemCalls.count") > 0, "localStorage.setItem was not called")
        self.js("window.__setItemCalls.count = 0")

    # --- actions -------------------------------------------------------------------------

    def type_into(self, element, *keys: str) -> None:
        element.send_keys(*keys)

    def clear(self, element) -> None:
        """Cypress's ``clear()``: select all, delete."""
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(Keys.DELETE)

    def check(self, get, checked: bool = True, force: bool = False) -> None:
        """``check()``/``uncheck()``: clicks the checkbox unless it already is in that state."""
        box = get()
        if self.checked(box) != checked:
            if force:
                self.js("arguments[0].click()", box)
            else:
                box.click()

    def double_click(self, element) -> None:
        if isinstance(self.browser, WebDriver):
            ActionChains(self.browser).double_click(element).perform()
        else:  # no pointer actions in the BiDi driver: the events Cypress's dblclick dispatches
            self.js("""
                const el = arguments[0], init = { bubbles: true, cancelable: true, composed: true, view: window };
                for (const detail of [1, 2]) {
                  for (const type of ["mousedown", "mouseup", "click"]) el.dispatchEvent(new MouseEvent(type, { ...init, detail }));
                }
                el.dispatchEvent(new MouseEvent("dblclick", { ...init, detail: 2 }));
            """, element)  # fmt: skip

    def blur(self, element) -> None:
        """Cypress's ``blur()``: the element's ``blur()``; where the browser's window has no
        focus (Firefox driven over BiDi), which fires no event, the ``blur`` and ``focusout``
        that Cypress then dispatches itself (its ``simulateBlurEvent``)."""
        self.js("""
            const el = arguments[0], hadFocus = document.hasFocus();
            el.blur();
            if (!hadFocus) {
              const init = { cancelable: false, view: window, relatedTarget: null };
              el.dispatchEvent(new FocusEvent("blur", init));
              el.dispatchEvent(new FocusEvent("focusout", { ...init, bubbles: true }));
            }
        """, element)  # fmt: skip

    def create_todo(self, text: str):
        """``cy.createTodo(text)``: types it with Enter, returns a getter of its ``li``."""
        self.type_into(self.element(NEW_TODO), text, Keys.ENTER)
        self.todo_with_text(text.strip())
        return lambda: self.todo_with_text(text.strip())

    def create_default_todos(self):
        """``cy.createDefaultTodos()``: the three todos, each waited for; returns a getter of
        the visible ``li`` at an index (the ``@todos`` alias)."""
        for count, text in enumerate((TODO_ITEM_ONE, TODO_ITEM_TWO, TODO_ITEM_THREE), start=1):
            self.type_into(self.element(NEW_TODO), text, Keys.ENTER)
            self.should_have_todos(count)
        return self.visible_todo

    # --- the page ------------------------------------------------------------------------

    def load(self) -> None:
        """A visit with a page load (an empty storage first): the official ``cy.visit``."""
        self.js("if (location.href.startsWith(arguments[0])) localStorage.clear()", self.url)
        self.browser.get(self.url)
        self.wait_started()

    def visit(self) -> None:
        """A visit without a page load: the address reset to the app's (no route; told to
        the router as a move through the history is, or it would keep the path it last
        pushed), the app of the last test unmounted (its element removed), the storage
        emptied, and the built page's ``<wasmui-app>``, pre-rendered placeholder included,
        put back, so a new instance of the app starts from nothing in the Pyodide the page
        already has."""
        self.js("""
            history.replaceState(history.state, "", location.pathname);
            window.dispatchEvent(new PopStateEvent("popstate", { state: history.state }));
            document.querySelector("wasmui-app").remove();
            localStorage.clear();
            document.body.insertAdjacentHTML("afterbegin", arguments[0]);
        """, self.element_html)  # fmt: skip
        self.wait_started()

    def wait_started(self) -> None:
        self.until(lambda: self.js(STARTED), "the app did not start", timeout=60)
        self.js(SPY)

    def reload(self) -> None:
        self.browser.refresh()
        self.wait_started()


@pytest.fixture(scope="module")
def page(engine, todomvc_url):
    """One browser and one loaded page of the app per engine, for the whole port.

    The official ``beforeEach`` visits the app before each test; a page load there costs
    what starting Pyodide costs (0.9 s in Chromium from the memory snapshot, 2.5-4 s in
    WebKit, which compiles the runtime's WebAssembly at every load), 30 times per engine.
    So a test starts from :meth:`TodoMVC.visit`, a new instance of the app on the same
    page, and only what needs a page load has one: the focus test (``autofocus`` acts at
    load) and the persistence test's reload. The first load's memory snapshot is waited
    for, so those loads restore it (as a returning visitor's) and no snapshot worker runs
    during the tests. Its own browser, not the session's ``browser``: the suite sends that
    one to about:blank after every test."""
    driver = engines.launch(engine)
    try:
        app = TodoMVC(driver, todomvc_url)
        with urllib.request.urlopen(todomvc_url) as response:  # the page as served
            app.element_html = re.search(r"<wasmui-app .*</wasmui-app>", response.read().decode(), re.S).group(0)
        app.load()
        assert driver.execute_async_script(SNAPSHOT_MADE) == "stored", driver.execute_script("return window.wasmuiStartup")
        yield app
    finally:
        driver.quit()


def before_each(page: TodoMVC, visit) -> TodoMVC:
    """The official beforeEach: the app visited with an empty storage, started, showing its
    heading and no items."""
    visit()
    heading = page.element("h1")
    page.until(lambda: page.text(heading).strip().lower() == "todos" and page.visible(heading), "no visible 'todos' h1")
    page.has_no_items()
    return page


@pytest.fixture
def todomvc(page):
    """The official beforeEach, visiting without a page load (:meth:`TodoMVC.visit`)."""
    return before_each(page, page.visit)


@pytest.fixture
def todomvc_loaded(page):
    """The official beforeEach, visiting with a page load (:meth:`TodoMVC.load`)."""
    return before_each(page, page.load)


# --- When page is initially opened ------------------------------------------------------


def test_should_focus_on_the_todo_input_field(todomvc_loaded):
    """it('should focus on the todo input field')"""
    todomvc = todomvc_loaded
    todomvc.until(lambda: todomvc.js("return document.activeElement.classList.contains('new-todo')"),
                  "the focused element is not .new-todo")  # fmt: skip


# --- No Todos -----------------------------------------------------------------------------


def test_starts_with_nothing(todomvc):
    """it('starts with nothing')"""
    todomvc.has_no_items()


def test_should_hide_main_and_footer(todomvc):
    """it('should hide #main and #footer')"""
    assert todomvc.elements(TODO_ITEMS) == []
    todomvc.should_be_visible(MAIN, False)
    todomvc.should_be_visible(FOOTER, False)


# --- New Todo -----------------------------------------------------------------------------


def test_should_allow_me_to_add_todo_items(todomvc):
    """it('should allow me to add todo items')"""
    todomvc.type_into(todomvc.element(NEW_TODO), TODO_ITEM_ONE, Keys.ENTER)
    todomvc.check_item_saved()
    todomvc.should_contain(lambda: todomvc.find_in(todomvc.todo(0), "label"), TODO_ITEM_ONE)
    todomvc.type_into(todomvc.element(NEW_TODO), TODO_ITEM_TWO, Keys.ENTER)
    todomvc.check_item_saved()
    todomvc.should_contain(lambda: todomvc.find_in(todomvc.todo(1), "label"), TODO_ITEM_TWO)
    todomvc.check_number_of_todos_in_local_storage(2)


def test_should_clear_text_input_field_when_an_item_is_added(todomvc):
    """it('should clear text input field when an item is added')"""
    todomvc.type_into(todomvc.element(NEW_TODO), TODO_ITEM_ONE, Keys.ENTER)
    todomvc.until(lambda: todomvc.text(todomvc.element(NEW_TODO)) == "", "the field has text")
    # the official assertion reads the input's text content, which is always empty; its value is what is cleared
    todomvc.until(lambda: todomvc.element(NEW_TODO).get_attribute("value") == "", "the field's value is not empty")
    todomvc.check_number_of_todos_in_local_storage(1)


def test_should_append_new_items_to_the_bottom_of_the_list(todomvc):
    """it('should append new items to the bottom of the list')"""
    todos = todomvc.create_default_todos()
    todomvc.should_contain(lambda: todomvc.element(COUNT), "3")
    todomvc.should_contain(lambda: todomvc.find_in(todos(0), "label"), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.find_in(todos(1), "label"), TODO_ITEM_TWO)
    todomvc.should_contain(lambda: todomvc.find_in(todos(2), "label"), TODO_ITEM_THREE)
    todomvc.check_number_of_todos_in_local_storage(3)


def test_should_trim_text_input(todomvc):
    """it('should trim text input')"""
    todomvc.create_todo(f"    {TODO_ITEM_ONE}    ")
    todomvc.until(lambda: todomvc.text(todomvc.find_in(todomvc.todo(0), "label")) == TODO_ITEM_ONE, "label not trimmed")
    todomvc.check_number_of_todos_in_local_storage(1)


def test_should_show_main_and_footer_when_items_added(todomvc):
    """it('should show #main and #footer when items added')"""
    todomvc.create_todo(TODO_ITEM_ONE)
    todomvc.should_be_visible(MAIN)
    todomvc.should_be_visible(FOOTER)
    todomvc.check_number_of_todos_in_local_storage(1)


# --- Mark all as completed -------------------------------------------------------------------


@pytest.fixture
def three_saved(todomvc):
    """Mark all as completed's beforeEach and afterEach."""
    todos = todomvc.create_default_todos()
    todomvc.check_number_of_todos_in_local_storage(3)
    todomvc.check_item_saved()
    yield todos
    todomvc.check_number_of_todos_in_local_storage(3)


def test_should_allow_me_to_mark_all_items_as_completed(todomvc, three_saved):
    """it('should allow me to mark all items as completed')"""
    todos = three_saved
    todomvc.check(lambda: todomvc.element(TOGGLE_ALL), force=True)
    todomvc.check_item_saved()
    for index in range(3):
        todomvc.should_have_class(lambda index=index: todos(index), "completed")
    todomvc.check_number_of_completed_todos_in_local_storage(3)


def test_should_allow_me_to_clear_the_complete_state_of_all_items(todomvc, three_saved):
    """it('should allow me to clear the complete state of all items')"""
    todos = three_saved
    todomvc.check(lambda: todomvc.element(TOGGLE_ALL), force=True)
    todomvc.check_item_saved()
    todomvc.check(lambda: todomvc.element(TOGGLE_ALL), checked=False, force=True)
    todomvc.check_item_saved()
    for index in range(3):
        todomvc.should_have_class(lambda index=index: todos(index), "completed", present=False)
    todomvc.check_number_of_completed_todos_in_local_storage(0)


def test_complete_all_checkbox_should_update_state_when_items_are_completed_or_cleared(todomvc, three_saved):
    """it('complete all checkbox should update state when items are completed / cleared')"""
    todomvc.check(lambda: todomvc.element(TOGGLE_ALL), force=True)
    todomvc.check_item_saved()
    todomvc.should_be_checked(lambda: todomvc.element(TOGGLE_ALL))
    first_toggle = lambda: todomvc.find_in(todomvc.todo(0), ".toggle")  # noqa: E731 - the @firstTodo alias's .toggle
    todomvc.check(first_toggle, checked=False, force=True)
    todomvc.check_item_saved()
    todomvc.should_be_checked(lambda: todomvc.element(TOGGLE_ALL), False)
    todomvc.check(first_toggle, force=True)
    todomvc.check_item_saved()
    todomvc.check_number_of_completed_todos_in_local_storage(3)
    todomvc.should_be_checked(lambda: todomvc.element(TOGGLE_ALL))


# --- Item -------------------------------------------------------------------------------------


def test_should_allow_me_to_mark_items_as_complete(todomvc):
    """it('should allow me to mark items as complete')"""
    first = todomvc.create_todo(TODO_ITEM_ONE)
    second = todomvc.create_todo(TODO_ITEM_TWO)
    todomvc.check(lambda: todomvc.find_in(first(), ".toggle"))
    todomvc.should_have_class(first, "completed")
    todomvc.should_have_class(second, "completed", present=False)
    todomvc.check(lambda: todomvc.find_in(second(), ".toggle"))
    todomvc.should_have_class(first, "completed")
    todomvc.should_have_class(second, "completed")
    todomvc.check_number_of_completed_todos_in_local_storage(2)


def test_should_allow_me_to_un_mark_items_as_complete(todomvc):
    """it('should allow me to un-mark items as complete')"""
    first = todomvc.create_todo(TODO_ITEM_ONE)
    second = todomvc.create_todo(TODO_ITEM_TWO)
    todomvc.check(lambda: todomvc.find_in(first(), ".toggle"))
    todomvc.should_have_class(first, "completed")
    todomvc.should_have_class(second, "completed", present=False)
    todomvc.check_number_of_completed_todos_in_local_storage(1)
    todomvc.check(lambda: todomvc.find_in(first(), ".toggle"), checked=False)
    todomvc.should_have_class(first, "completed", present=False)
    todomvc.should_have_class(second, "completed", present=False)
    todomvc.check_number_of_completed_todos_in_local_storage(0)


def test_should_allow_me_to_edit_an_item(todomvc):
    """it('should allow me to edit an item')"""
    todomvc.create_default_todos()
    todomvc.check_todos_in_local_storage(TODO_ITEM_TWO)
    todomvc.double_click(todomvc.find_in(todomvc.visible_todo(1), "label"))
    edit = todomvc.find_in(todomvc.visible_todo(1), ".edit")
    todomvc.until(lambda: todomvc.js("return arguments[0].value", edit) == TODO_ITEM_TWO, "the edit field lacks the title")
    todomvc.clear(edit)
    todomvc.type_into(edit, "buy some sausages", Keys.ENTER)
    todomvc.should_contain(lambda: todomvc.visible_todo(0), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.visible_todo(1), "buy some sausages")
    todomvc.should_contain(lambda: todomvc.visible_todo(2), TODO_ITEM_THREE)
    todomvc.check_todos_in_local_storage("buy some sausages")


# --- Editing ----------------------------------------------------------------------------------


@pytest.fixture
def editing(todomvc):
    """Editing's beforeEach."""
    todos = todomvc.create_default_todos()
    todomvc.check_number_of_todos_in_local_storage(3)
    return todos


def test_should_hide_other_controls_when_editing(todomvc, editing):
    """it('should hide other controls when editing')"""
    todomvc.double_click(todomvc.find_in(editing(1), "label"))
    todomvc.until(lambda: not todomvc.visible(todomvc.find_in(todomvc.todo(1), ".toggle")), "the toggle is visible")
    todomvc.until(lambda: not todomvc.visible(todomvc.find_in(todomvc.todo(1), "label")), "the label is visible")
    todomvc.check_number_of_todos_in_local_storage(3)


def test_should_save_edits_on_blur(todomvc, editing):
    """it('should save edits on blur')"""
    todomvc.double_click(todomvc.find_in(editing(1), "label"))
    edit = todomvc.find_in(todomvc.todo(1), ".edit")
    todomvc.clear(edit)
    todomvc.type_into(edit, "buy some sausages")
    todomvc.blur(edit)
    todomvc.should_contain(lambda: todomvc.visible_todo(0), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.visible_todo(1), "buy some sausages")
    todomvc.should_contain(lambda: todomvc.visible_todo(2), TODO_ITEM_THREE)
    todomvc.check_todos_in_local_storage("buy some sausages")


def test_should_trim_entered_text(todomvc, editing):
    """it('should trim entered text')"""
    todomvc.double_click(todomvc.find_in(editing(1), "label"))
    todomvc.check_todos_in_local_storage(TODO_ITEM_TWO)
    edit = todomvc.find_in(todomvc.todo(1), ".edit")
    todomvc.clear(edit)  # {selectall}{backspace}
    todomvc.type_into(edit, "    buy some sausages    ", Keys.ENTER)
    todomvc.should_contain(lambda: todomvc.visible_todo(0), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.visible_todo(1), "buy some sausages")
    todomvc.should_contain(lambda: todomvc.visible_todo(2), TODO_ITEM_THREE)
    todomvc.check_todos_in_local_storage("buy some sausages")


def test_should_remove_the_item_if_an_empty_text_string_was_entered(todomvc, editing):
    """it('should remove the item if an empty text string was entered')"""
    todomvc.double_click(todomvc.find_in(editing(1), "label"))
    edit = todomvc.find_in(todomvc.todo(1), ".edit")
    todomvc.clear(edit)
    todomvc.type_into(edit, Keys.ENTER)
    todomvc.should_have_visible_todos(2)
    todomvc.check_number_of_todos_in_local_storage(2)


def test_should_cancel_edits_on_escape(todomvc, editing):
    """it('should cancel edits on escape')"""
    todomvc.double_click(todomvc.find_in(todomvc.visible_todo(1), "label"))
    edit = todomvc.find_in(todomvc.todo(1), ".edit")
    todomvc.clear(edit)
    todomvc.type_into(edit, "foo", Keys.ESCAPE)
    todomvc.should_contain(lambda: todomvc.visible_todo(0), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.visible_todo(1), TODO_ITEM_TWO)
    todomvc.should_contain(lambda: todomvc.visible_todo(2), TODO_ITEM_THREE)
    todomvc.check_number_of_todos_in_local_storage(3)


# --- Counter ------------------------------------------------------------------------------------


def test_should_display_the_current_number_of_todo_items(todomvc):
    """it('should display the current number of todo items')"""
    todomvc.create_todo(TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.element(COUNT), "1")
    todomvc.create_todo(TODO_ITEM_TWO)
    todomvc.should_contain(lambda: todomvc.element(COUNT), "2")
    todomvc.check_number_of_todos_in_local_storage(2)


# --- Clear completed button ---------------------------------------------------------------------


def test_should_display_the_correct_text(todomvc):
    """it('should display the correct text')"""
    todos = todomvc.create_default_todos()
    todomvc.check(lambda: todomvc.find_in(todos(0), ".toggle"))
    todomvc.should_contain(lambda: todomvc.element(CLEAR_COMPLETED), "Clear completed")


def test_should_remove_completed_items_when_clicked(todomvc):
    """it('should remove completed items when clicked')"""
    todos = todomvc.create_default_todos()
    todomvc.check(lambda: todomvc.find_in(todos(1), ".toggle"))
    todomvc.element(CLEAR_COMPLETED).click()
    todomvc.should_have_todos(2)
    todomvc.should_contain(lambda: todomvc.todo(0), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.todo(1), TODO_ITEM_THREE)


def test_should_be_hidden_when_there_are_no_items_that_are_completed(todomvc):
    """it('should be hidden when there are no items that are completed')"""
    todos = todomvc.create_default_todos()
    todomvc.check(lambda: todomvc.find_in(todos(1), ".toggle"))
    todomvc.should_be_visible(CLEAR_COMPLETED)
    todomvc.element(CLEAR_COMPLETED).click()
    todomvc.should_be_visible(CLEAR_COMPLETED, False)


# --- Persistence --------------------------------------------------------------------------------


def test_should_persist_its_data(todomvc):
    """it('should persist its data')"""
    first = todomvc.create_todo(TODO_ITEM_ONE)
    second = todomvc.create_todo(TODO_ITEM_TWO)

    def test_state():
        todomvc.should_contain(first, TODO_ITEM_ONE)
        todomvc.should_have_class(first, "completed")
        todomvc.should_contain(second, TODO_ITEM_TWO)
        todomvc.should_have_class(second, "completed", present=False)

    todomvc.check(lambda: todomvc.find_in(first(), ".toggle"))
    test_state()
    todomvc.check_todos_in_local_storage(TODO_ITEM_ONE)
    todomvc.check_completed_keyword_in_local_storage()
    todomvc.check_number_of_completed_todos_in_local_storage(1)
    todomvc.reload()
    test_state()


# --- Routing ------------------------------------------------------------------------------------


@pytest.fixture
def routing(todomvc):
    """Routing's beforeEach."""
    todos = todomvc.create_default_todos()
    todomvc.check_todos_in_local_storage(TODO_ITEM_ONE)
    return todos


def test_should_allow_me_to_display_active_items(todomvc, routing):
    """it('should allow me to display active items')"""
    todomvc.check(lambda: todomvc.find_in(routing(1), ".toggle"))
    todomvc.check_number_of_completed_todos_in_local_storage(1)
    todomvc.filter_link("Active").click()
    todomvc.should_have_visible_todos(2)
    todomvc.should_contain(lambda: todomvc.visible_todo(0), TODO_ITEM_ONE)
    todomvc.should_contain(lambda: todomvc.visible_todo(1), TODO_ITEM_THREE)


def test_should_respect_the_back_button(todomvc, routing):
    """it('should respect the back button')"""
    todomvc.check(lambda: todomvc.find_in(routing(1), ".toggle"))
    todomvc.check_number_of_completed_todos_in_local_storage(1)
    todomvc.filter_link("All").click()  # showing all items
    todomvc.should_have_visible_todos(3)
    todomvc.filter_link("Active").click()  # showing active items
    todomvc.filter_link("Completed").click()  # showing completed items
    todomvc.should_have_visible_todos(1)
    todomvc.browser.back()  # back to active items
    todomvc.should_have_visible_todos(2)
    todomvc.browser.back()  # back to all items
    todomvc.should_have_visible_todos(3)


def test_should_allow_me_to_display_completed_items(todomvc, routing):
    """it('should allow me to display completed items')"""
    todomvc.check(lambda: todomvc.find_in(todomvc.visible_todo(1), ".toggle"))
    todomvc.check_number_of_completed_todos_in_local_storage(1)
    todomvc.filter_link("Completed").click()
    todomvc.should_have_visible_todos(1)


def test_should_allow_me_to_display_all_items(todomvc, routing):
    """it('should allow me to display all items')"""
    todomvc.check(lambda: todomvc.find_in(todomvc.visible_todo(1), ".toggle"))
    todomvc.check_number_of_completed_todos_in_local_storage(1)
    todomvc.filter_link("Active").click()
    todomvc.filter_link("Completed").click()
    todomvc.filter_link("All").click()
    todomvc.should_have_visible_todos(3)


def test_should_highlight_the_currently_applied_filter(todomvc, routing):
    """it('should highlight the currently applied filter')"""
    todomvc.should_have_class(lambda: todomvc.filter_link("All"), "selected")
    todomvc.filter_link("Active").click()  # page change - active items
    todomvc.should_have_class(lambda: todomvc.filter_link("Active"), "selected")
    todomvc.filter_link("Completed").click()  # page change - completed items
    todomvc.should_have_class(lambda: todomvc.filter_link("Completed"), "selected")


def test_the_official_tests_are_all_here():
    """Every `it(...)` of the official spec has its test above, by name."""
    official = [
        "should focus on the todo input field", "starts with nothing", "should hide #main and #footer",
        "should allow me to add todo items", "should clear text input field when an item is added",
        "should append new items to the bottom of the list", "should trim text input",
        "should show #main and #footer when items added", "should allow me to mark all items as completed",
        "should allow me to clear the complete state of all items",
        "complete all checkbox should update state when items are completed / cleared",
        "should allow me to mark items as complete", "should allow me to un-mark items as complete",
        "should allow me to edit an item", "should hide other controls when editing", "should save edits on blur",
        "should trim entered text", "should remove the item if an empty text string was entered",
        "should cancel edits on escape", "should display the current number of todo items",
        "should display the correct text", "should remove completed items when clicked",
        "should be hidden when there are no items that are completed", "should persist its data",
        "should allow me to display active items", "should respect the back button",
        "should allow me to display completed items", "should allow me to display all items",
        "should highlight the currently applied filter",
    ]  # fmt: skip
    ported = {
        test.__doc__.split("'")[1]
        for name, test in globals().items()
        if name.startswith("test_") and test.__doc__ and test.__doc__.startswith("it(")
    }
    assert ported == set(official) and len(official) == 29


def _served(url: str, method: str = "GET") -> str:
    with urllib.request.urlopen(urllib.request.Request(url, method=method)) as response:
        assert response.status == 200, url
        return response.read().decode() if method == "GET" else ""


def test_the_gallery_links_to_the_app_built_into_the_site(site_url):
    """The gallery's TodoMVC link leads to examples/todomvc as build.sh builds it into the
    site (www/todomvc/, on the site's runtime): its page and every file it names, its
    lock's wheels included, are served (no browser: the app's behaviour is the port's)."""
    assert '<a href="todomvc/">TodoMVC</a>' in _served(f"{site_url}/")
    page = _served(f"{site_url}/todomvc/")
    assert 'component="todomvc.app:TodoApp"' in page and 'name="wasmui-pyodide" content="/pyodide/"' in page
    named = re.findall(r'(?:href|src|content)="(/[^"]+[^/"])"', page)
    assert len(named) >= 10, named
    for path in named:
        _served(site_url + path, "HEAD")
    lock = json.loads(_served(f"{site_url}/todomvc/pyodide/pyodide-lock.json"))
    assert {"todomvc", "wasmui"} <= set(lock["packages"])
    for package in lock["packages"].values():
        _served(f"{site_url}/todomvc/pyodide/{package['file_name']}", "HEAD")
