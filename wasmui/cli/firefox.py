"""A selenium-like driver for Firefox over WebDriver BiDi (``js/firefox-driver.mjs``).

Selenium needs geckodriver for Firefox, and no geckodriver for Linux is packaged in the
registries wasmui relies on; Firefox speaks WebDriver BiDi itself, which puppeteer-core
drives. This class gives tests the part of selenium's ``WebDriver``/``WebElement`` they
use (``get``, ``execute_script``, ``execute_async_script``, ``find_element(s)``, ``click``,
``send_keys``, ``text``, ``get_log``...), so one test runs in every engine, and
pytest-pyodide's Firefox runner can use it as its driver.

Scripts run as selenium's do: ``arguments`` are the call's arguments, elements cross as
references (a page-side table), and the page's Content-Security-Policy does not apply.
Clicks and keys are the browser's own input events (trusted), as with selenium.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
from importlib import resources
from typing import Any

from selenium.common.exceptions import JavascriptException, NoSuchElementException, StaleElementReferenceException

# A script's arguments and result cross as JSON; elements as {"__wd_el": index} in the
# page's table (window.__wd), which a navigation empties (the reference is then stale).
_CALL = """(async () => {
  const wd = (window.__wd ??= { els: [] });
  const inbound = (v) => {
    if (v === null || typeof v !== "object") return v;
    if ("__wd_el" in v) {
      const el = wd.els[v.__wd_el];
      if (!el || !el.isConnected) throw Object.assign(new Error("stale element reference"), { name: "StaleElement" });
      return el;
    }
    return Array.isArray(v) ? v.map(inbound) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inbound(x)]));
  };
  const outbound = (v, depth = 0) => {
    if (v === undefined || v === null || depth > 20) return null;
    if (typeof Node !== "undefined" && v instanceof Node) {
      let i = wd.els.indexOf(v);
      if (i < 0) i = wd.els.push(v) - 1;
      return { __wd_el: i };
    }
    if (typeof v === "function") return null;
    if (Array.isArray(v) || v instanceof NodeList || v instanceof HTMLCollection) return Array.from(v, (x) => outbound(x, depth + 1));
    if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, outbound(x, depth + 1)]));
    return v;
  };
  const args = inbound(%(args)s);
  const result = %(body)s;
  return JSON.stringify(outbound(result));
})()"""

_SYNC = "await (async function () { %s }).apply(window, args)"
_ASYNC = "await new Promise((resolve, reject) => { try { (function () { %s }).apply(window, [...args, resolve]); } catch (e) { reject(e); } })"

# selenium's modifier Keys, held down until the end of the send_keys call (as selenium does)
_MODIFIERS = {"\ue008": "Shift", "\ue009": "Control", "\ue00a": "Alt", "\ue03d": "Meta"}

# selenium's Keys (private-use code points) -> puppeteer's key names
_KEYS = {"\ue003": "Backspace", "\ue004": "Tab", "\ue006": "Enter", "\ue007": "Enter", "\ue00c": "Escape",
         "\ue00d": " ", "\ue012": "ArrowLeft", "\ue013": "ArrowUp", "\ue014": "ArrowRight", "\ue015": "ArrowDown",
         "\ue017": "Delete", "\ue011": "Home", "\ue010": "End"}  # fmt: skip

_FIND = {
    "css selector": "scope.querySelectorAll(value)",
    "id": "scope.querySelectorAll('#' + CSS.escape(value))",
    "tag name": "scope.getElementsByTagName(value)",
    "link text": "Array.from(scope.querySelectorAll('a')).filter((a) => a.innerText.trim() === value)",
    "partial link text": "Array.from(scope.querySelectorAll('a')).filter((a) => a.innerText.includes(value))",
    "xpath": "(() => { const r = document.evaluate(value, scope, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);"
    " return Array.from({ length: r.snapshotLength }, (_, i) => r.snapshotItem(i)); })()",
}


class FirefoxElement:
    """An element of the page, as selenium's ``WebElement``."""

    def __init__(self, driver: FirefoxDriver, index: int) -> None:
        self._driver = driver
        self._index = index

    def _ref(self) -> dict:
        return {"__wd_el": self._index}

    def _call(self, body: str, *args: Any) -> Any:
        return self._driver.execute_script(body, self, *args)

    @property
    def text(self) -> str:
        return self._call("return arguments[0].innerText ?? arguments[0].textContent")

    @property
    def tag_name(self) -> str:
        return self._call("return arguments[0].localName")

    def get_attribute(self, name: str) -> Any:
        return self._call(
            "const [el, name] = arguments; const v = name in el ? el[name] : el.getAttribute(name);"
            "return typeof v === 'boolean' ? (v ? 'true' : null) : (v === undefined ? null : v)",
            name,
        )

    def is_displayed(self) -> bool:
        return self._call("const r = arguments[0].getBoundingClientRect(); return r.width > 0 && r.height > 0")

    def click(self) -> None:
        x, y = self._call(
            "const el = arguments[0]; el.scrollIntoView({ block: 'center', inline: 'center' });"
            "const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]"
        )
        self._driver._send("click", x=x, y=y)

    def clear(self) -> None:
        self._call("const el = arguments[0]; el.focus(); el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }))")

    def send_keys(self, *values: str) -> None:
        self._call("const el = arguments[0]; if (document.activeElement !== el) { el.focus(); }")
        held: list[str] = []
        text = ""

        def flush() -> None:
            nonlocal text
            if text:
                self._driver._send("type", text=text)
                text = ""

        for char in "".join(values):
            if char in _MODIFIERS:
                flush()
                held.append(_MODIFIERS[char])
                self._driver._send("down", key=_MODIFIERS[char])
            elif char in _KEYS or held:
                flush()
                self._driver._send("press", key=_KEYS.get(char, char))
            else:
                text += char
        flush()
        for key in reversed(held):
            self._driver._send("up", key=key)

    def find_element(self, by: str, value: str) -> FirefoxElement:
        return self._driver._find(by, value, self, single=True)

    def find_elements(self, by: str, value: str) -> list[FirefoxElement]:
        return self._driver._find(by, value, self, single=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FirefoxElement) and other._index == self._index and other._driver is self._driver

    def __hash__(self) -> int:
        return hash(self._index)


class _SwitchTo:
    """``driver.switch_to``: windows (the browser's pages) and the focused element."""

    def __init__(self, driver: FirefoxDriver) -> None:
        self._driver = driver

    def window(self, handle: str) -> None:
        self._driver._send("use", handle=handle)

    @property
    def active_element(self) -> FirefoxElement:
        return self._driver.execute_script("return document.activeElement")


class FirefoxDriver:
    """Firefox, launched headless through ``js/firefox-driver.mjs`` (node + puppeteer-core)."""

    engine = "firefox"

    def __init__(self, binary: str, node: str, env: dict[str, str] | None = None) -> None:
        script = resources.files("wasmui").joinpath("js/firefox-driver.mjs")
        # the driver's own errors go to a file (a pipe nobody reads could fill and block it)
        self._errors = tempfile.TemporaryFile(mode="w+")
        self._process = subprocess.Popen(
            [node, str(script), binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors,
            text=True, env=env,
        )  # fmt: skip
        self._lock = threading.Lock()
        self._next = 0
        ready = self._process.stdout.readline()
        if not ready:
            self._process.wait(10)
            self._errors.seek(0)
            raise RuntimeError(f"firefox-driver.mjs did not start ({binary}, {node}): {self._errors.read()[-1500:]}")
        self.script_timeout = 300
        self.capabilities = {"browserName": "firefox", "browserVersion": self._send("version").split("/")[-1]}

    # --- the selenium WebDriver surface the tests use ----------------------------------

    def get(self, url: str) -> None:
        self._send("goto", url=url)

    def refresh(self) -> None:
        self._send("reload")

    def back(self) -> None:
        self._send("back")

    @property
    def current_url(self) -> str:
        return self.execute_script("return location.href")

    @property
    def title(self) -> str:
        return self.execute_script("return document.title")

    @property
    def window_handles(self) -> list[str]:
        return self._send("windows")

    @property
    def current_window_handle(self) -> str:
        return self._send("current")

    @property
    def switch_to(self) -> _SwitchTo:
        return _SwitchTo(self)

    def set_script_timeout(self, seconds: float) -> None:
        self.script_timeout = seconds

    def execute_script(self, script: str, *args: Any) -> Any:
        return self._evaluate(_SYNC % script, args)

    def execute_async_script(self, script: str, *args: Any) -> Any:
        return self._evaluate(_ASYNC % script, args)

    def find_element(self, by: str, value: str) -> FirefoxElement:
        return self._find(by, value, None, single=True)

    def find_elements(self, by: str, value: str) -> list[FirefoxElement]:
        return self._find(by, value, None, single=False)

    def get_log(self, kind: str) -> list[dict]:
        """The console messages since the last call, with selenium's levels (errors SEVERE)."""
        levels = {"error": "SEVERE", "warn": "WARNING", "warning": "WARNING"}
        return [{"level": levels.get(entry["level"], "INFO"), "message": entry["message"]} for entry in self._send("logs")]

    def quit(self) -> None:
        """Closes Firefox; the driver process is killed if that takes over 10 s."""
        if self._process.poll() is None:
            try:
                with self._lock:
                    self._process.stdin.write(json.dumps({"id": 0, "command": "quit"}) + "\n")
                    self._process.stdin.flush()
            except (OSError, ValueError):
                pass
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()

    # --- plumbing ------------------------------------------------------------------

    def _find(self, by: str, value: str, scope: FirefoxElement | None, single: bool) -> Any:
        if by not in _FIND:
            raise ValueError(f"FirefoxDriver: unsupported locator {by!r}")
        found = self.execute_script(
            f"const [value, scope] = [arguments[0], arguments[1] ?? document]; return Array.from({_FIND[by]})", value, scope
        )
        if single:
            if not found:
                raise NoSuchElementException(f"no element for {by} {value!r}")
            return found[0]
        return found

    def _evaluate(self, body: str, args: tuple) -> Any:
        encoded = json.dumps([self._outbound(a) for a in args])
        text = self._send("evaluate", expression=_CALL % {"args": encoded, "body": body})
        return self._inbound(json.loads(text))

    def _outbound(self, value: Any) -> Any:
        if isinstance(value, FirefoxElement):
            return value._ref()
        if isinstance(value, (list, tuple)):
            return [self._outbound(v) for v in value]
        if isinstance(value, dict):
            return {k: self._outbound(v) for k, v in value.items()}
        return value

    def _inbound(self, value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"__wd_el"}:
                return FirefoxElement(self, value["__wd_el"])
            return {k: self._inbound(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._inbound(v) for v in value]
        return value

    def _send(self, command: str, **args: Any) -> Any:
        with self._lock:
            self._next += 1
            self._process.stdin.write(json.dumps({"id": self._next, "command": command, **args}) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the Firefox driver process ended during {command}")
        answer = json.loads(line)
        if answer["ok"]:
            return answer["value"]
        if "stale element" in answer["error"]:
            raise StaleElementReferenceException(answer["error"])
        raise JavascriptException(answer["error"])
