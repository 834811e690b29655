"""A built scaffold as a user ships it (#25): ``wasmui new``, ``wasmui build``, ``wasmui
serve``, then a cold visit in headless Chromium, through a deep link: the page comes
compressed, is styled by the project's own stylesheet (under its hashed name), hydrates
and handles a click, and the whole visit transfers at most 5.5 MB."""

from __future__ import annotations

import subprocess
import sys

import pytest
from selenium.webdriver.common.by import By

from ..harness import ROOT
from .test_cli import command_env, start, wait

STATE = "return document.querySelector('wasmui-app').dataset.state"
RESOURCES = """
return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => ({
  name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}));
"""


@pytest.fixture(scope="module")
def served_build(tmp_path_factory):
    """The scaffold built (compressed: the runtime's copies come from wasmui's cache after
    the first build on a machine) and served by ``wasmui serve``; yields its URL."""
    parent = tmp_path_factory.mktemp("ship")
    env = command_env(WASMUI_PYODIDE_DIR=str(ROOT / "node_modules" / "pyodide"))
    subprocess.run([sys.executable, "-m", "wasmui", "new", "shipped"], cwd=parent, env=env, check=True, capture_output=True)
    project = parent / "shipped"
    built = subprocess.run([sys.executable, "-m", "wasmui", "build"], cwd=project, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    server, line = start([sys.executable, "-m", "wasmui", "serve", "dist", "--port", "0"], project, env, r"at (http://\S+/)")
    try:
        yield line.split(" at ")[1].split()[0].rstrip("/")
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.chromium_only(reason="the build and the server are the subject; one engine is enough")
def test_a_deep_link_to_the_built_scaffold_loads_compressed_styled_and_working(served_build, browser):
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    browser.get(f"{served_build}/cart/42")  # a history-mode deep link: the server answers with the page
    wait(browser, lambda: browser.execute_script(STATE) == "mounted", 90)
    # styled: the scaffold's style.css, under its hashed name
    looks = browser.execute_script(
        "const b = getComputedStyle(document.body), button = getComputedStyle(document.querySelector('button'));"
        "return [b.maxWidth, button.borderRadius, document.querySelector('link[rel=stylesheet]').getAttribute('href')]"
    )
    assert looks[:2] == ["640px", "6px"] and looks[2].startswith("/style.") and looks[2].endswith(".css"), looks
    browser.find_element(By.TAG_NAME, "button").click()
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "1"
    entries = {entry["name"].removeprefix(served_build): entry for entry in browser.execute_script(RESOURCES)}
    wasm = entries["/pyodide/pyodide.asm.wasm"]
    assert wasm["encoded"] < wasm["decoded"] / 3, wasm  # it came as Brotli (2.8 of 9.6 MB), decoded by the browser
    assert entries["/pyodide/python_stdlib.zip"]["encoded"] < entries["/pyodide/python_stdlib.zip"]["decoded"] / 4
    total = sum(entry["transfer"] for entry in entries.values())
    assert total <= 5_500_000, f"a cold visit transferred {total:,} bytes: {entries}"
    browser.get_log("browser")
