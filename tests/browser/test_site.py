"""The site as a user meets it: every gallery example used through real clicks and keys,
with the inspector's numbers back where they were after each; embedding; no console errors."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .. import harness

LEAK_KEYS = ("mounted", "proxies", "listeners", "timers", "object_urls", "dom_nodes", "pyodide_proxies")


def wait(browser, condition, timeout=10):
    """Polls every 50 ms: selenium's default of 500 ms made each wait (a page load, a
    click's commit) last until the next half second."""
    return WebDriverWait(browser, timeout, poll_frequency=0.05).until(lambda d: condition())


def snapshot_kept(browser):
    """Waits while the page's first visit makes its memory snapshot (in a worker, once the
    page is idle): each later visit of the session then starts from it, seconds faster, and
    no worker competes with a test for the CPU. Without a wait, no test idled long enough
    for it to be stored (a page left first drops it): every visit was a cold start.
    Making one starts a second Pyodide, so it is given a cold start's time (the worker
    tests' START_TIMEOUT): in a run under two CPU hogs, WebKit mounted the worker page
    after 40 s and had not stored its snapshot 60 s later."""
    wait(browser, lambda: browser.execute_script("return window.wasmuiStartup?.snapshot") != "making", 120)


def open_example(browser, site_url, example, reload=False):
    """Shows ``example`` in the gallery and waits until its toolbar can unmount it.

    A gallery left open by the test before (tests marked ``gallery``: tests/conftest.py
    keeps the page between two of them) switches with its own button, as a visitor does;
    otherwise, or with ``reload``, the page loads on the example (a load costs 1-8 s, most
    of a gallery test in WebKit). The gallery learns the example is mounted in its
    on_mount, whose state change commits at the next animation frame (late on a busy
    WebKit); a click on the toolbar's button before that would mount it again instead."""
    shown = not reload and browser.execute_script(
        "return location.pathname.endsWith('/index.html') && document.documentElement.dataset.wasmui === 'ready'"
    )
    if shown:
        browser.find_element(By.CSS_SELECTOR, f"[data-example={example}]").click()
    else:
        browser.get(f"{site_url}/index.html?example={example}")
        harness.page_started(browser)
    selected = f"return document.querySelector('[data-example={example}]').classList.contains('active')"
    wait(browser, lambda: browser.execute_script(selected))
    wait(browser, lambda: browser.execute_script("return document.getElementById('toggle-mount')?.textContent") == "Unmount")
    if not shown:
        snapshot_kept(browser)


def numbers(browser):
    report = browser.execute_script("return window.wasmui.report()")
    return {key: report[key] for key in LEAK_KEYS} | {"errors": report["errors"]}


def stage(browser):
    return browser.find_element(By.ID, "example")


def remount(browser):
    """Unmount then mount the example with the toolbar; returns the numbers with it unmounted."""
    browser.find_element(By.ID, "toggle-mount").click()
    baseline = numbers(browser)
    browser.find_element(By.ID, "toggle-mount").click()
    return baseline


def numbers_back_at(browser, baseline):
    """The numbers once they are back at ``baseline`` (what an unmount released may be freed
    a moment later, when the page is idle), or as they are after 10 s: the caller's
    assertion then says what differs."""
    try:
        wait(browser, lambda: {k: numbers(browser)[k] for k in LEAK_KEYS} == {k: baseline[k] for k in LEAK_KEYS})
    except TimeoutException:
        pass
    return numbers(browser)


def unmount_and_compare(browser, baseline):
    browser.find_element(By.ID, "toggle-mount").click()
    after = numbers_back_at(browser, baseline)
    assert {k: after[k] for k in LEAK_KEYS} == {k: baseline[k] for k in LEAK_KEYS}
    assert after["errors"] == []
    assert browser.find_element(By.ID, "example").get_attribute("innerHTML") == ""


@pytest.fixture
def page(browser, site_url):
    browser.get_log("browser")
    yield browser
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


@pytest.mark.gallery
def test_counter(page, site_url):
    open_example(page, site_url, "counter")
    baseline = remount(page)
    plus = stage(page).find_element(By.CSS_SELECTOR, "[aria-label=increment]")
    for _ in range(3):
        plus.click()
    stage(page).find_element(By.CSS_SELECTOR, "[aria-label=decrement]").click()
    assert stage(page).find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "2"
    stage(page).find_element(By.XPATH, ".//button[.='Reset']").click()
    assert stage(page).find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "0"
    unmount_and_compare(page, baseline)


@pytest.mark.gallery
def test_counter_stress_button_leaves_nothing_behind(page, site_url):
    open_example(page, site_url, "counter")
    page.find_element(By.ID, "stress").click()
    wait(page, lambda: page.find_element(By.CSS_SELECTOR, "[data-testid=note]").text, 60)
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=note]").text == "1,000 cycles: nothing left behind"


@pytest.mark.gallery
def test_todo_list_keeps_caret_filters_and_persists(page, site_url):
    open_example(page, site_url, "todo")
    page.execute_script("localStorage.removeItem('wasmui-todos')")
    baseline = remount(page)
    field = stage(page).find_element(By.CSS_SELECTOR, "[aria-label='new todo']")
    field.send_keys("buy milk", Keys.ENTER)
    field.send_keys("walk the dog", Keys.ENTER)
    titles = [el.text for el in stage(page).find_elements(By.CSS_SELECTOR, ".todo span")]
    assert titles == ["buy milk", "walk the dog"] and field.get_attribute("value") == ""
    field.send_keys("abc")
    page.execute_script("arguments[0].setSelectionRange(1, 1)", field)
    field.send_keys("X")
    assert page.execute_script("return [arguments[0].value, arguments[0].selectionStart, document.activeElement === arguments[0]]", field) == ["aXbc", 2, True]
    stage(page).find_elements(By.CSS_SELECTOR, ".todo input[type=checkbox]")[0].click()
    assert stage(page).find_element(By.CSS_SELECTOR, "[data-testid=left]").text == "1 left"
    stage(page).find_element(By.XPATH, ".//button[.='Active']").click()
    assert [el.text for el in stage(page).find_elements(By.CSS_SELECTOR, ".todo span")] == ["walk the dog"]
    unmount_and_compare(page, baseline)
    open_example(page, site_url, "todo", reload=True)  # the list comes back from localStorage
    assert [el.text for el in stage(page).find_elements(By.CSS_SELECTOR, ".todo span")] == ["buy milk", "walk the dog"]
    page.execute_script("localStorage.removeItem('wasmui-todos')")


@pytest.mark.gallery
def test_clock_and_stopwatch_timers_belong_to_the_scope(page, site_url):
    open_example(page, site_url, "clock")
    baseline = remount(page)
    clock = stage(page).find_element(By.CSS_SELECTOR, "[data-testid=clock]")
    first = clock.text
    wait(page, lambda: clock.text != first)
    stage(page).find_element(By.XPATH, ".//button[.='Start']").click()
    assert numbers(page)["timers"] == baseline["timers"] + 2  # the clock's and the stopwatch's
    # read in one script: each tick's commit may replace the text between a find and a read
    elapsed = lambda: float(page.execute_script("return document.querySelector('#example [data-testid=elapsed]').textContent").split()[0])  # noqa: E731
    wait(page, lambda: elapsed() > 0.2)  # it runs: the time shown goes up
    stage(page).find_element(By.XPATH, ".//button[.='Stop']").click()
    assert 0.2 < elapsed() < 5
    assert numbers(page)["timers"] == baseline["timers"] + 1
    stage(page).find_element(By.XPATH, ".//button[.='Start']").click()  # running while it unmounts
    unmount_and_compare(page, baseline)


@pytest.mark.gallery
def test_live_chart_keeps_a_bounded_number_of_images(page, site_url):
    open_example(page, site_url, "chart")
    baseline = remount(page)
    frame = lambda: int(page.execute_script("return document.querySelector('#example [data-testid=frame]').textContent").split()[1])  # noqa: E731
    wait(page, lambda: frame() >= 9, 20)  # more frames drawn than the cache holds (one every 250 ms)
    image = stage(page).find_element(By.CSS_SELECTOR, "img.chart")
    assert image.get_attribute("src").startswith("blob:")
    assert numbers(page)["object_urls"] <= 8  # the LRU revoked the rest
    # The src changes every 250 ms, so the image on screen may be mid-load: wait for the next
    # frame's image to load (an 'error' would mean its URL was revoked while still shown).
    loaded = page.execute_async_script(
        """const [image, done] = arguments;
        image.addEventListener('load', () => done(image.naturalWidth > 0), {once: true});
        image.addEventListener('error', () => done(false), {once: true});""",
        image,
    )
    assert loaded
    unmount_and_compare(page, baseline)


@pytest.mark.gallery
def test_dialog_and_popup_listeners_go_with_them(page, site_url):
    open_example(page, site_url, "dialog")
    baseline = remount(page)
    closed = numbers(page)
    stage(page).find_element(By.XPATH, ".//button[.='Open dialog']").click()
    assert page.find_element(By.CSS_SELECTOR, "[role=dialog]").is_displayed()
    assert numbers(page)["listeners"] == closed["listeners"] + 1  # Escape, on document, while open
    page.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    # a scope listener's state change commits on the next frame (delegated events commit at once)
    wait(page, lambda: harness.no_dialog(page))
    stage(page).find_element(By.XPATH, ".//button[.='Open popup']").click()
    main = page.current_window_handle
    wait(page, lambda: len(page.window_handles) == 2)
    # read in one script: a message arriving between finding the items and reading their text
    # replaced them (StaleElementReference in WebKit on a busy machine)
    messages = lambda: page.execute_script(  # noqa: E731
        "return [...document.querySelectorAll('#example [data-testid=messages] li')].map(li => li.textContent)"
    )
    wait(page, lambda: messages() == ["popup ready"])
    stage(page).find_element(By.XPATH, ".//button[.='Say hello']").click()
    wait(page, lambda: messages()[-1:] == ['popup got "hello from the page"'])
    stage(page).find_element(By.XPATH, ".//button[.='Close popup']").click()
    wait(page, lambda: len(page.window_handles) == 1)
    page.switch_to.window(main)
    stage(page).find_element(By.XPATH, ".//button[.='Open popup']").click()  # left open at unmount
    wait(page, lambda: len(page.window_handles) == 2)
    unmount_and_compare(page, baseline)
    wait(page, lambda: len(page.window_handles) == 1)  # the component closed its window


@pytest.mark.gallery
def test_data_loading_shows_progress_and_is_cancelled_by_unmount(page, site_url):
    open_example(page, site_url, "loading")
    baseline = remount(page)
    assert stage(page).find_element(By.CSS_SELECTOR, "[data-testid=status]").text == "Loading…"
    people = lambda: stage(page).find_elements(By.CSS_SELECTOR, "[data-testid=people] li")  # noqa: E731
    wait(page, people)
    assert len(people()) == 5
    unmount_and_compare(page, baseline)
    page.find_element(By.ID, "toggle-mount").click()  # mount, then unmount while it loads
    unmount_and_compare(page, baseline)
    report = page.execute_script("return window.wasmui.report()")
    assert [r for r in report["resources"] if r["owner"] == "DataLoader"] == []  # its task released: cancelled
    # past the dead load's delay, nothing of it ran: a load started after it has finished (its
    # timer, of the same delay, fires after the dead one's), and still no error, nothing left
    # in the stage
    page.find_element(By.ID, "toggle-mount").click()
    wait(page, people)
    unmount_and_compare(page, baseline)


@pytest.mark.gallery
def test_big_table_windows_sorts_and_pages(page, site_url):
    open_example(page, site_url, "table")
    baseline = remount(page)
    rows = lambda: stage(page).find_elements(By.CSS_SELECTOR, ".viewport tbody tr")  # noqa: E731
    assert len(rows()) <= 17  # of 10,000
    info = stage(page).find_element(By.CSS_SELECTOR, "[data-testid=range]")
    assert info.text == "rows 1–15 of 10,000"
    stage(page).find_element(By.XPATH, ".//button[.='Next ▶']").click()
    wait(page, lambda: info.text == "rows 16–30 of 10,000")
    # textContent: WebKitGTK's WebDriver gives no visible text for a cell in a scrolled table
    assert rows()[0].find_elements(By.TAG_NAME, "td")[0].get_attribute("textContent") == "16"
    page.execute_script("arguments[0].scrollTop = 32 * 5000", stage(page).find_element(By.CSS_SELECTOR, "[data-testid=viewport]"))
    wait(page, lambda: info.text == "rows 5001–5015 of 10,000")
    stage(page).find_element(By.XPATH, ".//th/button[starts-with(., 'Score')]").click()
    page.execute_script("arguments[0].scrollTop = 0", stage(page).find_element(By.CSS_SELECTOR, "[data-testid=viewport]"))
    wait(page, lambda: info.text == "rows 1–15 of 10,000")
    scores = [int(r.find_elements(By.TAG_NAME, "td")[2].get_attribute("textContent")) for r in rows()[:15]]
    assert scores == sorted(scores) and scores[0] == 0
    unmount_and_compare(page, baseline)


@pytest.mark.gallery
def test_contacts_app_views_form_and_history_as_a_user_meets_them(page, site_url):
    """#15: a multi-view app (hash router, hooks, a validated form), used as a person would."""
    open_example(page, site_url, "contacts")
    baseline = remount(page)
    app = stage(page)
    text = lambda css: app.find_element(By.CSS_SELECTOR, css).text  # noqa: E731
    assert text(".hint") == "2 of 2 contacts"
    app.find_element(By.CSS_SELECTOR, "[data-testid=new]").click()
    wait(page, lambda: app.find_elements(By.CSS_SELECTOR, "form"))
    app.find_element(By.XPATH, ".//button[text()='Save']").click()  # empty: both errors, nothing saved
    assert [e.text for e in app.find_elements(By.CSS_SELECTOR, "[role=alert]")] == ["Enter a name", "Enter an email address"]
    name, email = app.find_element(By.ID, "contact-name"), app.find_element(By.ID, "contact-email")
    name.send_keys("Katherine Johnson")
    email.send_keys("kj@nasa")
    name.click()  # leaving the email field: its error is still there, the name's is gone
    assert [e.text for e in app.find_elements(By.CSS_SELECTOR, "[role=alert]")] == ["Enter an email address"]
    email.send_keys(".gov")
    assert email.get_attribute("value") == "kj@nasa.gov" and page.switch_to.active_element == email  # focus kept
    app.find_element(By.XPATH, ".//button[text()='Save']").click()
    wait(page, lambda: app.find_elements(By.CSS_SELECTOR, ".hint"))
    assert text(".hint") == "3 of 3 contacts"
    app.find_element(By.LINK_TEXT, "Katherine Johnson").click()
    wait(page, lambda: app.find_elements(By.CSS_SELECTOR, "article h3"))
    assert text("article h3") == "Katherine Johnson" and page.execute_script("return location.hash") == "#/contacts/3"
    page.back()
    wait(page, lambda: app.find_elements(By.CSS_SELECTOR, ".hint"))
    app.find_element(By.CSS_SELECTOR, "[aria-label=search]").send_keys("grace")
    assert text(".hint") == "1 of 3 contacts"
    unmount_and_compare(page, baseline)
    page.execute_script("history.replaceState(null, '', location.pathname + location.search)")


def test_embed_page_renders_both_and_removing_one_releases_it(page, site_url):
    page.get(f"{site_url}/embed.html")
    wait(page, lambda: page.execute_script("return [...document.querySelectorAll('wasmui-app')].every(e => e.dataset.state === 'mounted')"), 60)
    snapshot_kept(page)
    assert page.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "5"
    page.find_element(By.CSS_SELECTOR, "#counter-app [aria-label=increment]").click()
    assert page.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "6"
    before = numbers(page)
    assert before["mounted"] == 2 and before["timers"] == 1
    page.find_element(By.ID, "remove-clock").click()
    after = numbers(page)
    assert after["mounted"] == 1 and after["timers"] == 0 and after["listeners"] == before["listeners"]  # the clock had none
    assert after["proxies"] == before["proxies"] - 2  # the clock's interval and its root's dispatch proxy
    report = page.execute_script("return window.wasmui.report()")
    assert all(r["owner"] != "Clock" for r in report["resources"])
    assert page.find_element(By.CSS_SELECTOR, "#counter-app [data-testid=count]").text == "6"  # the other is untouched


def test_loading_failures_say_what_is_wrong(page, site_url):
    # opened from a file: module scripts cannot run, the classic preflight says why
    page.get((harness.WWW / "index.html").as_uri())
    status = page.find_element(By.ID, "status")
    assert "must be served over http(s): run ./build.sh serve" in status.text
    assert page.execute_script("return document.documentElement.dataset.wasmui") == "failed"
    page.get_log("browser")  # the blocked module scripts are expected; a late one is dropped below
    # the runtime missing: boot() rejects with a message that says what to do
    page.get(f"{site_url}/popup.html")
    message = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./wasmui.js').then(m => m.boot({pyodideBase: './missing/'})).then(() => done('booted'), e => done(e.message));"
    )
    assert message.startswith("could not load") and "missing/pyodide.mjs (is the Pyodide runtime there?" in message
    harness.drop_expected_errors(page, "missing/pyodide.mjs", allowed=("/missing/",))  # the runtime's other files too


def test_a_bad_component_name_shows_in_place_of_the_component(page, site_url):
    page.get(f"{site_url}/embed.html")
    wait(page, lambda: page.execute_script("return document.querySelector('#counter-app').dataset.state") == "mounted", 60)
    snapshot_kept(page)
    page.execute_script(
        "const app = document.createElement('wasmui-app'); app.id = 'broken';"
        "app.setAttribute('component', 'nowhere:Nothing'); document.querySelector('main').append(app);"
    )
    wait(page, lambda: page.execute_script("return document.getElementById('broken').dataset.state") == "failed")
    assert "wasmui could not mount nowhere:Nothing" in page.find_element(By.ID, "broken").text
    assert "cannot import nowhere" in page.find_element(By.ID, "broken").text
    assert 'name the package in packages="..."' in page.find_element(By.ID, "broken").text
    harness.drop_expected_errors(page, "could not mount nowhere:Nothing")


def component_source_url(module_import: str, text: str) -> str:
    """A data: URL of a component file that imports ``module_import`` (a package's module)."""
    from urllib.parse import quote

    source = (
        f"import {module_import}\nfrom wasmui import Component, html\n\n"
        f"class Uses(Component):\n    def render(self):\n        return html.p({text!r}, data_testid='uses')\n"
    )
    return "data:text/plain," + quote(source)


ADD_APP = """
const [id, spec, src, packages] = arguments;
const app = document.createElement('wasmui-app');
app.id = id;
app.setAttribute('component', spec);
app.setAttribute('src', src);
if (packages) app.setAttribute('packages', packages);
document.body.append(app);
"""


def state_of(page, element_id: str) -> str | None:
    return page.execute_script("return document.getElementById(arguments[0])?.dataset.state", element_id)


def test_packages_can_be_named_by_elements_and_boot_calls_in_any_order(page, site_url):
    page.get(f"{site_url}/embed.html")  # its elements boot the page, naming no package
    wait(page, lambda: state_of(page, "counter-app") == "mounted", 60)
    snapshot_kept(page)
    # a later boot() call with packages loads them (it used to be ignored)
    loaded = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./wasmui.js').then(m => m.boot({packages: ['tblib']}))"
        ".then(py => done(py.runPython('import tblib; tblib.__name__')), e => done(e.message));"
    )
    assert loaded == "tblib"
    # an element naming a package: loaded before its component's module is imported
    page.execute_script(ADD_APP, "uses-iniconfig", "uses:Uses", component_source_url("iniconfig", "with iniconfig"), "iniconfig")
    wait(page, lambda: state_of(page, "uses-iniconfig") in ("mounted", "failed"), 30)
    assert page.find_element(By.CSS_SELECTOR, "#uses-iniconfig [data-testid=uses]").text == "with iniconfig"
    # a package the dist does not have is an error in place, not silence
    page.execute_script(ADD_APP, "uses-missing", "other:Uses", component_source_url("json", "x"), "no-such-package")
    wait(page, lambda: state_of(page, "uses-missing") == "failed", 30)
    text = page.find_element(By.ID, "uses-missing").text
    assert "package no-such-package could not be loaded" in text and "pyodide-lock.json" in text
    # and another runtime location cannot be mixed in
    message = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./wasmui.js').then(m => m.boot({pyodideBase: './elsewhere/'})).then(() => done('booted'), e => done(e.message));"
    )
    assert message.startswith("boot(): this page already loaded Pyodide from") and "elsewhere/" in message
    harness.drop_expected_errors(page, "could not mount other:Uses")


def test_a_page_names_its_packages_in_a_meta_tag(page, site_url):
    page.get(f"{site_url}/popup.html")  # a plain page, no wasmui yet
    page.execute_script(
        "const meta = document.createElement('meta'); meta.name = 'wasmui-packages'; meta.content = 'tblib';"
        "document.head.append(meta);"
        "const script = document.createElement('script'); script.type = 'module'; script.src = 'wasmui.js';"
        "document.head.append(script);"
    )
    wait(page, lambda: page.execute_script("return !!customElements.get('wasmui-app')"), 30)
    page.execute_script(ADD_APP, "uses-tblib", "uses:Uses", component_source_url("tblib", "with tblib"), "")
    wait(page, lambda: state_of(page, "uses-tblib") in ("mounted", "failed"), 60)
    assert page.find_element(By.CSS_SELECTOR, "#uses-tblib [data-testid=uses]").text == "with tblib"
    page.execute_script("document.getElementById('uses-tblib').remove()")


COUNT_WORK = """
import wasmui.reconcile as reconcile
import wasmui.store

counts = {"renders": 0, "patches": 0}
store = bench_root.component.rows
original_make, original_patch = store._make, reconcile.patch_instance


def counting_make(row):
    counts["renders"] += 1
    return original_make(row)


def counting_patch(ctx, old, new):
    counts["patches"] += 1
    return original_patch(ctx, old, new)


store._make, reconcile.patch_instance, wasmui.store.patch_instance = counting_make, counting_patch, counting_patch
"""


def record_mutations(page):
    """Records in ``window.__mutations`` every DOM change under the bench table's body, for a
    test to read and empty after each operation."""
    page.execute_script(
        """window.__mutations = [];
        new MutationObserver((records) => window.__mutations.push(...records))
          .observe(document.getElementById("tbody"), {subtree: true, characterData: true, attributes: true, childList: true});"""
    )


def test_bench_app_updates_touch_only_the_rows_that_changed(page, site_url):
    """In the real benchmark app: an update of every 10th row makes and patches those 100
    rows and no other (and writes 100 texts); a selection, the one or two rows involved
    (the table does not re-render: rows read a Selector); a swap and a removal, no row at
    all; an append, the new rows only (a ListStore: the table never re-renders)."""
    from tests.bench.__main__ import IDS, click, open_app

    open_app(page, site_url + "/bench/wasmui.html")
    click(page, "#run")
    page.execute_script("benchPyodide.runPython(arguments[0])", COUNT_WORK)
    record_mutations(page)

    def work_since_last():
        counts = page.execute_script(
            "const c = JSON.parse(benchPyodide.runPython('import json; json.dumps(counts)')); "
            "benchPyodide.runPython('counts.update(renders=0, patches=0)'); "
            "const m = window.__mutations.map((r) => r.type); window.__mutations = []; "
            "return [c, m];"
        )
        return counts[0], sorted(counts[1])

    click(page, "#update")
    work, mutations = work_since_last()
    assert work == {"renders": 100, "patches": 100}
    assert mutations == ["characterData"] * 100

    click(page, "#tbody > tr:nth-child(5) > td:nth-child(2) > a")
    work, mutations = work_since_last()
    assert work == {"renders": 1, "patches": 1} and mutations == ["attributes"]

    click(page, "#tbody > tr:nth-child(9) > td:nth-child(2) > a")
    work, mutations = work_since_last()
    assert work == {"renders": 2, "patches": 2} and mutations == ["attributes", "attributes"]

    # a swap moves the two rows (a move is a removal and an addition for the observer)
    # and renders none; a removal removes one row and renders none
    ids = page.execute_script(IDS)
    click(page, "#swaprows")
    work, mutations = work_since_last()
    assert work == {"renders": 0, "patches": 0} and mutations == ["childList"] * 4
    assert page.execute_script(IDS) == [ids[0], ids[998], *ids[2:998], ids[1], ids[999]]
    click(page, "#tbody > tr:nth-child(4) > td:nth-child(3) > a")
    work, mutations = work_since_last()
    assert work == {"renders": 0, "patches": 0} and mutations == ["childList"]
    assert page.execute_script("return document.querySelectorAll('#tbody > tr').length") == 999
    # an append renders the 1,000 new rows only, each placed whole (one record a row)
    before = page.execute_script(IDS)
    click(page, "#add")
    work, mutations = work_since_last()
    assert work == {"renders": 1000, "patches": 0} and mutations == ["childList"] * 1000
    after = page.execute_script(IDS)
    assert after[:999] == before and len(after) == 1999
    # cleared: the selector holds no reader and the store no row
    click(page, "#clear")
    held = "app = bench_root.component; (app.selected.reader_count, len(app.rows), len(app.rows.nodes()))"
    assert page.execute_script("return benchPyodide.runPython(arguments[0]).toJs()", held) == [0, 0, 0]


COUNT_ROW_RENDERS = """
import ordinary_app

counts = {"renders": 0}
row_function = ordinary_app.Row._function


def counting_row(**props):
    counts["renders"] += 1
    return row_function(**props)


def take_renders():
    renders, counts["renders"] = counts["renders"], 0
    return renders


ordinary_app.Row._function = staticmethod(counting_row)
"""


def test_ordinary_bench_app_re_renders_only_the_rows_whose_props_changed(page, site_url):
    """The benchmark app written with ordinary components (#27): the app component holds
    the rows in its state and re-renders on every operation, and each keyed ``@component``
    row whose props are unchanged is skipped: an update renders the 100 changed rows and
    writes 100 texts; a selection, the one or two rows involved; a swap and a removal, no
    row; an append, the 1,000 new rows only."""
    from tests.bench.__main__ import IDS, click, open_app

    open_app(page, site_url + "/bench/wasmui.html?app=ordinary")
    click(page, "#run")
    page.execute_script("benchPyodide.runPython(arguments[0])", COUNT_ROW_RENDERS)
    record_mutations(page)

    def work_since_last():
        renders, mutations = page.execute_script(
            "const n = benchPyodide.runPython('take_renders()'); "
            "const m = window.__mutations.map((r) => r.type); window.__mutations = []; return [n, m];"
        )
        return renders, sorted(mutations)

    click(page, "#update")
    assert work_since_last() == (100, ["characterData"] * 100)
    click(page, "#tbody > tr:nth-child(5) > td:nth-child(2) > a")
    assert work_since_last() == (1, ["attributes"])
    click(page, "#tbody > tr:nth-child(9) > td:nth-child(2) > a")
    assert work_since_last() == (2, ["attributes", "attributes"])

    ids = page.execute_script(IDS)
    click(page, "#swaprows")
    renders, mutations = work_since_last()
    assert renders == 0 and set(mutations) == {"childList"} and len(mutations) <= 4
    assert page.execute_script(IDS) == [ids[0], ids[998], *ids[2:998], ids[1], ids[999]]
    click(page, "#tbody > tr:nth-child(4) > td:nth-child(3) > a")
    assert work_since_last() == (0, ["childList"])
    assert page.execute_script(IDS) == [ids[0], ids[998], ids[2], *ids[4:998], ids[1], ids[999]]
    before = page.execute_script(IDS)
    click(page, "#add")
    renders, mutations = work_since_last()
    assert renders == 1000 and set(mutations) == {"childList"}
    after = page.execute_script(IDS)
    assert after[:999] == before and len(after) == 1999
    click(page, "#clear")
    assert page.execute_script("return document.querySelectorAll('#tbody > tr').length") == 0
