"""Typing into a pre-rendered form before Python has started (#14's early events, in a
worker-mode build as ``wasmui new`` makes it: #26), in every engine.

The page holds the input, change, click and submit events on its pre-rendered view and
replays them once the app is mounted. Each replayed input must carry what the field held
when it was typed: a new user's trial typed "ab", pressed Add, typed "c", all before the
runtime had come, and got "abc" added, since every replayed input read the field as it was
at the replay. The server holds every runtime file until the typing is done, so the order
does not depend on the machine's speed.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from selenium.webdriver.common.by import By

from ..harness import serve_site
from .test_ship import ENV, STATE, held_runtime, wait

APP = '''"""A form that adds what was typed to a list (it keeps the text: the test reads both)."""

from wasmui import Component, html


class App(Component):
    def on_init(self):
        self.state = {"text": "", "items": []}

    def add(self):
        self.set_state(items=[*self.state["items"], self.state["text"]])

    def render(self):
        return html.main(
            html.form(
                html.input(id="field", value=self.state["text"], aria_label="item",
                           on_input=lambda event: self.set_state(text=event.target.value)),
                html.button("Add", type="submit", id="add"),
                on_submit=self.add, prevent_default="submit",
            ),
            html.ul([html.li(item) for item in self.state["items"]], id="items"),
            html.p(self.state["text"], id="typed"),
        )
'''


@pytest.fixture(scope="module")
def form_build(tmp_path_factory):
    """The form as a new project's app, built (worker mode, pre-rendered, uncompressed)."""
    parent = tmp_path_factory.mktemp("early")
    subprocess.run([sys.executable, "-m", "wasmui", "new", "early"], cwd=parent, env=ENV, check=True, capture_output=True)
    project = parent / "early"
    (project / "early" / "app.py").write_text(APP)
    built = subprocess.run([sys.executable, "-m", "wasmui", "build", "--no-compress"], cwd=project, env=ENV,
                           capture_output=True, text=True)  # fmt: skip
    assert built.returncode == 0 and "not pre-rendered" not in built.stdout, built.stdout + built.stderr
    return project / "dist"


def test_text_typed_before_the_app_mounts_is_replayed_as_it_was_typed(form_build, browser):
    release, asked = threading.Event(), []
    HeldRuntime = held_runtime(release, asked)

    with serve_site(HeldRuntime, form_build) as url:
        try:
            browser.get(url + "/")
            wait(browser, lambda: bool(asked), 30)  # the page is there and the runtime asked for, none of it sent
            field = browser.find_element(By.ID, "field")
            field.send_keys("ab")
            browser.find_element(By.ID, "add").click()
            field.send_keys("c")
            assert browser.execute_script(STATE) != "mounted"
        finally:
            release.set()
        wait(browser, lambda: browser.execute_script(STATE) in ("mounted", "failed"), 120)
        assert browser.execute_script(STATE) == "mounted", browser.find_element(By.TAG_NAME, "wasmui-app").text
        items = "return [...document.querySelectorAll('#items li')].map((li) => li.textContent)"
        wait(browser, lambda: browser.execute_script(items) == ["ab"] and browser.execute_script(
            "return document.getElementById('typed').textContent") == "abc", 20)
        assert browser.find_element(By.ID, "field").get_attribute("value") == "abc"
