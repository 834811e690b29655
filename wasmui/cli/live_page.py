"""``wasmui_page``: a project's own page, served as ``wasmui dev`` serves it, in a real browser.

The other two ways to test a component (``wasmui.testing`` on the model DOM, and
``@run_in_pyodide`` in pytest-pyodide's page) run Python on a page's main thread. A
``wasmui new`` project runs in worker mode, where the app lives in a Web Worker and
reaches the page only through messages: a handler that touches ``js.document``, an
undeclared ``preventDefault`` or a missing ``await dom.call`` works on the main thread and
fails only there. A :class:`LivePage` opens the project's page in the mode the page
itself chooses, clicks and types as a user does (the events cross to the worker), waits
for what the app commits, and can run Python where the app runs (``run``).

Selenium drives it (Firefox through wasmui's BiDi driver, which has selenium's surface);
the page's texts are read by script, so every engine reads them the same way.
"""

from __future__ import annotations

import re
import time
from typing import Any

from selenium.webdriver.common.by import By

APPS_STATE = """
const apps = [...document.querySelectorAll("wasmui-app")];
return {states: apps.map((app) => app.dataset.state ?? ""),
        failures: apps.map((app) => (app.dataset.state === "failed" ? app.textContent : "")),  // whole: the traceback ends with the error
        loaded: document.readyState === "complete"};
"""

OPENED = "window.wasmuiPageOpened = true"
"""Marks the document open() loaded: a new document (a form submitted, a link followed) has
no mark, while a router's pushState keeps the document and the mark."""

OVERLAY_TEXT = """
const shadow = document.querySelector("wasmui-error-overlay")?.shadowRoot;
if (!shadow) return "";
return [...shadow.querySelectorAll("section")].map((section) =>
  [...section.children].map((part) => part.textContent.trim()).join("\\n")).join("\\n\\n");
"""

RUN = """
const [code, done] = [arguments[0], arguments[arguments.length - 1]];
const script = document.querySelector("script[src*='wasmui.js']");
(async () => {
  const wasmui = await import(script ? script.src : "./wasmui.js");
  const booted = await wasmui.boot();
  if (typeof booted.run === "function") return booted.run(code);  // worker mode: the WorkerApp
  return JSON.parse(await wasmui.runAsJson(booted, code));        // main thread: the page's Pyodide
})().then((value) => done({value: value ?? null}), (err) => done({error: String(err.message ?? err)}));
"""


CONSOLE_LINES = 10
"""How many of the console's last warnings and errors a failure's message quotes."""

SOURCE_PREFIX = re.compile(r"^\S+ \d+(:\d+)? ")
"""Chromium's ``source line:column`` before each console message (the script that logged it)."""


CONSOLE_LINE_CHARS = 300
"""How much of each end of a long console message a failure's message quotes: its start
says what logged it, its end the error (a traceback's last line)."""


def _clipped(message: str) -> str:
    if len(message) <= 2 * CONSOLE_LINE_CHARS:
        return message
    return f"{message[:CONSOLE_LINE_CHARS]} [...] {message[-CONSOLE_LINE_CHARS:]}"


class PageError(AssertionError):
    """The page did not do what the test waited for: the message says what it showed
    instead, with the errors in wasmui's overlay (the Python tracebacks), if any."""


class LivePage:
    """The project's page in one engine. ``driver`` is the selenium driver, for anything
    these methods do not cover; ``engine`` names the browser; ``url`` is the server's.
    The methods that wait hide their frames from pytest's tracebacks, so a failure points
    at the test's line and its message says the rest."""

    def __init__(self, driver: Any, engine: str, url: str, timeout: float = 120) -> None:
        self.driver, self.engine, self.url, self.timeout = driver, engine, url.rstrip("/"), timeout
        self._opened: str | None = None  # the address open() loaded, for the message when a new document replaced it

    def open(self, path: str = "/") -> LivePage:
        """Loads ``path`` and waits until every ``<wasmui-app>`` on it is mounted (Python
        started, the app's first commit applied)."""
        __tracebackhide__ = True
        self.driver.get_log("browser")  # a failure quotes the console since this page was opened, not before
        self.driver.get(self.url + "/" + path.lstrip("/"))
        self._opened = self.driver.current_url
        self.driver.execute_script(OPENED)
        deadline = time.monotonic() + self.timeout
        while True:
            apps = self.driver.execute_script(APPS_STATE)
            if "failed" in apps["states"]:
                failed = apps["failures"][apps["states"].index("failed")]
                raise PageError(f"{path}: a <wasmui-app> failed to mount: {failed}{self._errors_said()}")
            if apps["states"] and all(state == "mounted" for state in apps["states"]):
                return self
            if not apps["states"] and apps["loaded"]:
                raise PageError(f"{path}: no <wasmui-app> on the page, so open() has nothing to wait for (a page that "
                                "mounts with boot() and mount(): wait for what it shows with wait_until or expect_text)")  # fmt: skip
            if time.monotonic() > deadline:
                raise PageError(f"{path}: not mounted after {self.timeout:.0f} s (<wasmui-app> states: "
                                f"{apps['states'] or 'none on the page'}){self._errors_said()}")  # fmt: skip
            time.sleep(0.05)

    def find(self, selector: str, timeout: float = 10):
        """The element ``selector`` matches (a CSS selector), once there is one."""
        __tracebackhide__ = True
        self.wait_until(lambda: self.text(selector) is not None, f"an element matching {selector!r}", timeout)
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def click(self, selector: str) -> None:
        """A real click on the element ``selector`` matches."""
        __tracebackhide__ = True
        self.find(selector).click()

    def type(self, selector: str, text: str) -> None:
        """Types ``text`` into the element ``selector`` matches, key by key."""
        __tracebackhide__ = True
        self.find(selector).send_keys(text)

    def text(self, selector: str) -> str | None:
        """The text of the element ``selector`` matches now (``None`` if none does)."""
        return self.driver.execute_script("return document.querySelector(arguments[0])?.textContent ?? null", selector)

    def expect_text(self, selector: str, expected: str, timeout: float = 10) -> None:
        """Waits until the element ``selector`` matches has the text ``expected``: in worker
        mode a click's commit arrives a message later, so a test waits for what it expects."""
        __tracebackhide__ = True
        self.wait_until(lambda: self.text(selector) == expected, f"{selector!r} to read {expected!r}", timeout,
                        lambda: self._reads(selector))  # fmt: skip

    def _reads(self, selector: str) -> str:
        text = self.text(selector)
        return "no element matches it" if text is None else f"it reads {text!r}"

    def run(self, code: str) -> Any:
        """Runs Python ``code`` where the app runs (its worker, or the page in main-thread
        mode; top-level ``await`` allowed, names kept between runs); the value of its last
        expression, as JSON gives it (a tuple a list, ``None`` None). A Python error raises
        :class:`PageError` with its traceback."""
        __tracebackhide__ = True
        self.driver.set_script_timeout(self.timeout)
        outcome = self.driver.execute_async_script(RUN, code)
        if "error" in outcome:
            raise PageError(outcome["error"])
        return outcome["value"]

    def errors(self) -> str:
        """What wasmui's error overlay shows (each error's type, message, component and
        traceback), or ``""``."""
        return self.driver.execute_script(OVERLAY_TEXT)

    def wait_until(self, condition, what: str, timeout: float = 10, instead=lambda: "") -> None:
        """Polls ``condition()`` until it is true; else :class:`PageError` naming ``what``."""
        __tracebackhide__ = True
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                seen = instead()
                raise PageError(f"waited {timeout:g} s for {what}{': ' + seen if seen else ''}{self._errors_said()}")
            time.sleep(0.02)

    def _errors_said(self) -> str:
        """What else the page says, for a failure's message: the overlay's errors, a
        navigation away from the page opened (a form submitted, a link followed, on the
        page, before the worker's handler ran), and wasmui's warnings and the page's
        errors in the console (where the driver gives the console: not WebKitGTK's)."""
        said = []
        shown = self.errors()
        if shown:
            said.append(f"wasmui's overlay shows:\n{shown}")
        if self._opened is not None and not self.driver.execute_script("return window.wasmuiPageOpened === true"):
            said.append(f"the page navigated away: it is at {self.driver.current_url}, not {self._opened} (a form "
                        "submitted or a link followed before the app's handler ran? In worker mode, declare "
                        "prevent_default on the element)")  # fmt: skip
        logged = self.driver.get_log("browser")  # (wasmui's launchers give every engine one; WebKitGTK's is empty)
        console = [_clipped(SOURCE_PREFIX.sub("", entry["message"])) for entry in logged if entry.get("level") in ("WARNING", "SEVERE")]
        if console:
            said.append("the console says:\n" + "\n".join(console[-CONSOLE_LINES:]))
        return "".join(f"\n{part}" for part in said)
