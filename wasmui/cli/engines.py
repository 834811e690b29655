"""The three browser engines wasmui is tested in, and how each is launched headless.

- ``chromium``: Debian's Chromium through selenium and ChromeDriver (CDP available);
- ``firefox``: Firefox ESR over WebDriver BiDi through puppeteer-core (:mod:`.firefox`);
  no geckodriver exists in the registries wasmui relies on;
- ``webkit``: WebKitGTK (Safari's engine) through selenium and ``WebKitWebDriver``,
  its MiniBrowser on a virtual X display (Xvfb), started here when there is no display.

Each ``launch`` returns a driver with selenium's ``WebDriver`` surface, and its engine's
name as ``driver.engine``, so a test written once runs in all three. Engine differences tests meet: only Chromium has CDP (outside
views of listeners and memory); WebKitGTK's WebDriver has no console log, so its
``get_log`` is empty (errors are checked through wasmui's own report there).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import threading
from pathlib import Path

from .browser import CHROME_FLAGS
from .errors import CliError

ENGINES = ("chromium", "firefox", "webkit")
PUPPETEER_VERSION = "24.43.1"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
INSTALL_HINT = {
    "chromium": "Debian: apt-get install chromium chromium-driver",
    "firefox": "Debian: apt-get install firefox-esr, and Node.js with npm",
    "webkit": "Debian: apt-get install webkit2gtk-driver xvfb",
}


def parse_engines(text: str) -> list[str]:
    """``"chromium,firefox"`` -> the engine names, checked; ``"all"`` is every engine."""
    names = list(ENGINES) if text.strip() == "all" else [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in ENGINES]
    if unknown or not names:
        raise CliError(f"--engine {text!r}: choose from {', '.join(ENGINES)} (comma-separated) or all")
    return names


LAUNCHED: dict[str, str] = {}
"""The version of each engine launched in this process (test reports print them)."""


def launch(engine: str):
    """A new headless browser of ``engine`` with selenium's driver surface."""
    starters = {"chromium": _chromium, "firefox": _firefox, "webkit": _webkit}
    if engine not in starters:
        raise CliError(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
    driver = starters[engine]()
    LAUNCHED[engine] = str(driver.capabilities.get("browserVersion", "?"))
    return driver


def _need(path: str | None, engine: str, what: str) -> str:
    if not path or not (Path(path).exists() or shutil.which(path)):
        raise CliError(f"the {engine} engine needs {what} ({INSTALL_HINT[engine]})")
    return path


def _chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    binary = os.environ.get("WASMUI_CHROMIUM") or shutil.which("chromium")
    if binary:
        options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = _need(os.environ.get("SE_CHROMEDRIVER") or shutil.which("chromedriver"), "chromium", "chromedriver")
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(300)
    driver.engine = "chromium"
    return driver


def _firefox():
    from .firefox import FirefoxDriver

    binary = _need(os.environ.get("WASMUI_FIREFOX") or shutil.which("firefox-esr") or shutil.which("firefox"),
                   "firefox", "Firefox")  # fmt: skip
    node = _need(shutil.which("node"), "firefox", "Node.js")
    env = {**os.environ, "WASMUI_PUPPETEER_FROM": str(puppeteer_home() / "package.json")}
    return FirefoxDriver(binary, node, env)


def puppeteer_home() -> Path:
    """A folder whose ``node_modules`` holds puppeteer-core: ``WASMUI_PUPPETEER_DIR``, or
    wasmui's cache, where it is installed with npm on first use (as the Pyodide runtime)."""
    configured = os.environ.get("WASMUI_PUPPETEER_DIR")
    if configured:
        return Path(configured)
    from .runtime import cache_dir

    home = cache_dir() / f"puppeteer-core-{PUPPETEER_VERSION}"
    if not (home / "node_modules" / "puppeteer-core" / "package.json").exists():
        npm = _need(shutil.which("npm"), "firefox", "npm")
        home.mkdir(parents=True, exist_ok=True)
        (home / "package.json").write_text('{"private": true}\n')
        print(f"[wasmui] installing puppeteer-core {PUPPETEER_VERSION} (once) into {home}", flush=True)
        result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error",
                                 f"puppeteer-core@{PUPPETEER_VERSION}"], cwd=home, capture_output=True, text=True)  # fmt: skip
        if result.returncode != 0:
            raise CliError(f"could not install puppeteer-core with npm: {result.stderr.strip()[-500:]}")
    return home


def _webkit():
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    driver_path = _need(shutil.which("WebKitWebDriver"), "webkit", "WebKitWebDriver")
    options = Options()
    options.binary_location = _need(os.environ.get("WASMUI_MINIBROWSER", MINIBROWSER), "webkit", "MiniBrowser")
    options.add_argument("--automation")
    _ensure_display()
    driver = WebKitDriver(service=Service(driver_path), options=options)
    driver.set_script_timeout(300)
    driver.set_window_size(1366, 900)
    return driver


def _webkit_driver_class():
    from selenium import webdriver

    class _WebKitDriver(webdriver.WebKitGTK):
        """WebKitGTK's driver; its WebDriver has no console log endpoint."""

        engine = "webkit"

        def get_log(self, kind: str) -> list[dict]:
            return []

        def quit(self) -> None:
            """Ends the session, waiting at most 10 s before stopping the driver process."""
            closing = threading.Thread(target=super().quit, daemon=True)
            closing.start()
            closing.join(10)
            if closing.is_alive() and self.service.process is not None:
                self.service.process.kill()

    return _WebKitDriver


def WebKitDriver(**kwargs):  # noqa: N802 - a class made on first use (selenium is a test-time dependency)
    return _webkit_driver_class()(**kwargs)


_xvfb: subprocess.Popen | None = None


def _ensure_display() -> None:
    """WebKitGTK needs an X display: a private Xvfb when the machine has none. Xvfb picks a
    free display number itself (``-displayfd``): several test runs at once must never choose
    the same one, and a display found free by looking can be taken before Xvfb claims it."""
    global _xvfb
    if os.environ.get("DISPLAY") or _xvfb is not None:
        return
    xvfb = _need(shutil.which("Xvfb"), "webkit", "Xvfb")
    read_end, write_end = os.pipe()
    try:
        _xvfb = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))  # fmt: skip
    finally:
        os.close(write_end)  # Xvfb holds its own copy: the read ends at its number, or at its exit
    with os.fdopen(read_end) as announced:
        number = announced.readline().strip()  # written once the display accepts clients
    if not number.isdigit():
        _xvfb.terminate()
        raise CliError(f"Xvfb did not start (exit code {_xvfb.wait(10)})")
    os.environ["DISPLAY"] = f":{number}"
    atexit.register(_xvfb.terminate)
