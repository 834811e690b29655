"""``wasmui_page`` (wasmui.cli.live_page): a project's own page in a real browser, the way a
project's tests drive it, in each engine. A ``wasmui new`` project served by ``wasmui dev``,
with three more pages beside its worker-mode ``index.html``: the same app on the main thread,
an app whose click raises, and an element naming a component that does not exist. The
plugin's fixture itself (one browser per engine, the server, the engine ids) runs in
test_cli, where ``wasmui test --engine all`` runs the scaffold's page test from an installed
wheel."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from wasmui.cli.live_page import LivePage, PageError

from ..harness import project_env
from .test_cli import start

BROKEN = '''

class Broken(App):
    """The counter whose click raises in the handler."""

    def increment(self):
        raise ZeroDivisionError("the handler divided by zero")


class Notes(Component):
    """A form whose handler calls preventDefault instead of declaring it: in worker mode
    the page submits the form (a navigation) before the handler runs."""

    def on_init(self):
        self.state = {"notes": []}

    def add(self, event):
        event.preventDefault()
        self.set_state(notes=[*self.state["notes"], "milk"])

    def render(self):
        return html.form(html.input(name="note"), html.button("Add", type="submit"),
                         html.ul([html.li(note) for note in self.state["notes"]]), on_submit=self.add)
'''


@pytest.fixture(scope="module")
def project_url(tmp_path_factory):
    """``wasmui new demo`` plus main.html (no worker meta tag), broken.html, missing.html,
    notes.html and plain.html (no app), served by ``wasmui dev``; its URL."""
    env = project_env()
    parent = tmp_path_factory.mktemp("live")
    subprocess.run([sys.executable, "-m", "wasmui", "new", "demo"], cwd=parent, env=env, check=True, capture_output=True)
    project = parent / "demo"
    page = (project / "index.html").read_text()
    assert '<meta name="wasmui-worker" content="on">' in page
    (project / "main.html").write_text(re.sub(r'\s*<meta name="wasmui-worker" content="on">', "", page))
    (project / "broken.html").write_text(page.replace("demo.app:App", "demo.app:Broken"))
    (project / "missing.html").write_text(page.replace("demo.app:App", "demo.app:Missing"))
    (project / "notes.html").write_text(page.replace("demo.app:App", "demo.app:Notes"))
    (project / "plain.html").write_text("<!doctype html><title>plain</title><p>no app here</p>")
    with (project / "demo" / "app.py").open("a") as app:
        app.write(BROKEN)
    server, line = start([sys.executable, "-m", "wasmui", "dev", "--port", "0"], project, env, r"serving demo at (http://\S+)")
    yield re.search(r"(http://\S+/)", line).group(1)
    server.terminate()
    server.wait(10)


@pytest.fixture
def page(browser, engine, project_url):
    return LivePage(browser, engine, project_url)


def test_a_worker_page_is_driven_as_a_user_drives_it(page):
    page.open("/")
    assert page.text("[data-testid=count]") == "0"
    assert page.driver.title == "Demo"  # the driver's surface is selenium's in every engine (Firefox's is wasmui's)
    page.click("button")
    page.expect_text("[data-testid=count]", "1")
    assert page.run("import js; hasattr(js, 'document')") is False  # Python is in the worker
    assert page.run("answer = {'sum': 1 + 1, 'pair': (1, None)}\nanswer") == {"sum": 2, "pair": [1, None]}
    assert page.run("answer['sum']") == 2  # names are kept between runs
    with pytest.raises(PageError, match=r"ZeroDivisionError"):
        page.run("1 / 0")
    assert page.errors() == ""


def test_a_main_thread_page_runs_python_on_the_page(page):
    page.open("/main.html")
    page.click("button")
    page.expect_text("[data-testid=count]", "1")
    assert page.run("import js; hasattr(js, 'document')") is True
    assert page.run("await __import__('asyncio').sleep(0)\n(1, 'two')") == [1, "two"]  # top-level await
    with pytest.raises(PageError, match=r"NameError"):
        page.run("nowhere")


def test_a_failed_wait_says_what_the_page_showed_and_the_overlay_s_traceback(page):
    page.open("/broken.html")
    page.click("button")
    with pytest.raises(PageError) as failed:
        page.expect_text("[data-testid=count]", "1", timeout=2)
    message = str(failed.value)
    assert "waited 2 s for '[data-testid=count]' to read '1': it reads '0'" in message, message
    assert "wasmui's overlay shows:" in message and "ZeroDivisionError: the handler divided by zero" in message, message
    assert "in Broken (on_click handler)" in message and re.search(r"line \d+, in increment", message), message  # who, and where
    assert "ZeroDivisionError" in page.errors()


def test_an_app_that_cannot_mount_fails_open_with_its_reason(page):
    with pytest.raises(PageError, match=r"/missing.html: a <wasmui-app> failed to mount: wasmui could not mount demo.app:Missing") as failed:
        page.open("/missing.html")
    # the whole traceback, down to the error itself (a long one was cut off before its last line)
    assert re.search(r"MountError: .*demo.app has no Missing", str(failed.value)), str(failed.value)


def test_a_missing_element_is_named_and_a_router_s_push_state_is_no_navigation(page):
    page.open("/")
    page.driver.execute_script("history.pushState({}, '', '/elsewhere')")  # what a history-mode router does
    with pytest.raises(PageError, match=r"waited 0.5 s for an element matching '#nothing'") as failed:
        page.find("#nothing", timeout=0.5)
    assert "navigated away" not in str(failed.value)


def test_a_page_without_an_app_fails_open_at_once(page):
    """(Waiting out open()'s timeout would end in 'not mounted after 120 s' instead.)"""
    with pytest.raises(PageError, match=r"/plain.html: no <wasmui-app> on the page, so open\(\) has nothing to wait for"):
        page.open("/plain.html")


def test_a_form_that_submitted_the_page_away_is_named_in_the_failure(page):
    """The first-hour mistake page tests exist for: ``event.preventDefault()`` in a submit
    handler, which in worker mode runs after the page has submitted the form. The wait
    fails saying the page navigated, and (where the driver gives the console) quoting
    wasmui's warning, which names the element and the line."""
    page.open("/notes.html")
    page.type("input", "milk")
    page.click("button")
    # the mistake's effect first: the page's own submit loads a new document (on a busy
    # machine that can take longer than the failed wait below; the message is the subject)
    page.wait_until(lambda: page.driver.execute_script("return window.wasmuiPageOpened !== true && location.search === '?note=milk'"),
                    "the form's submission to load a new document", timeout=60)  # fmt: skip
    with pytest.raises(PageError) as failed:
        page.expect_text("li", "milk", timeout=2)
    message = str(failed.value)
    assert "waited 2 s for 'li' to read 'milk': no element matches it" in message, message
    assert re.search(r"the page navigated away: it is at \S+/notes.html\?note=milk, not \S+/notes.html ", message), message
    if page.engine == "chromium":  # (Firefox's BiDi log has no worker messages; WebKitGTK's driver has no console)
        assert "UndeclaredSubmitWarning" in message and 'prevent_default="submit"' in message, message
