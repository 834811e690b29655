"""A built scaffold as a user ships it (#25): ``wasmui new``, ``wasmui build``, ``wasmui
serve``, then a cold visit in headless Chromium, through a deep link: the page comes
compressed, is styled by the project's own stylesheet (under its hashed name), hydrates
and handles a click, and the whole visit transfers at most 5.5 MB. Built with ``--worker``
(#26), in every engine: Python runs in a Web Worker and takes over the pre-rendered page."""

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


def build_and_serve(parent, *build_options):
    """``wasmui new``, ``wasmui build OPTIONS`` and ``wasmui serve`` in ``parent``; yields the URL."""
    env = command_env(WASMUI_PYODIDE_DIR=str(ROOT / "node_modules" / "pyodide"))
    subprocess.run([sys.executable, "-m", "wasmui", "new", "shipped"], cwd=parent, env=env, check=True, capture_output=True)
    project = parent / "shipped"
    built = subprocess.run([sys.executable, "-m", "wasmui", "build", *build_options], cwd=project, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    server, line = start([sys.executable, "-m", "wasmui", "serve", "dist", "--port", "0"], project, env, r"at (http://\S+/)")
    try:
        yield line.split(" at ")[1].split()[0].rstrip("/")
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def served_build(tmp_path_factory):
    """The scaffold built (compressed: the runtime's copies come from wasmui's cache after
    the first build on a machine) and served by ``wasmui serve``; yields its URL."""
    yield from build_and_serve(tmp_path_factory.mktemp("ship"))


@pytest.fixture(scope="module")
def served_worker_build(tmp_path_factory):
    """The scaffold built with ``--worker`` (uncompressed: compression is not the subject)."""
    yield from build_and_serve(tmp_path_factory.mktemp("ship-worker"), "--worker", "--no-compress")


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


def test_a_worker_build_runs_python_in_a_worker_on_its_pre_rendered_page(served_worker_build, browser):
    """``wasmui build --worker`` (#26): each page turns worker mode on, the worker fetches
    and runs the runtime, and the app takes over its pre-rendered first view."""
    browser.get(f"{served_worker_build}/cart/42")  # a deep link: its page is in worker mode too
    assert browser.execute_script("return document.querySelector('meta[name=wasmui-worker]').content") == "on"
    wait(browser, lambda: browser.execute_script(STATE) in ("mounted", "failed"), 120)
    assert browser.execute_script(STATE) == "mounted", browser.find_element(By.TAG_NAME, "wasmui-app").text
    # the first view was adopted, not drawn again beside it
    assert len(browser.find_elements(By.CSS_SELECTOR, "[data-testid=count]")) == len(browser.find_elements(By.TAG_NAME, "button")) == 1
    browser.find_element(By.TAG_NAME, "button").click()
    wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, "[data-testid=count]").text == "1")
    # the page itself fetched no runtime file: the worker did
    fetched = [entry["name"] for entry in browser.execute_script(RESOURCES)]
    assert not [url for url in fetched if "pyodide.asm" in url or "stdlib" in url or url.endswith(".whl")], fetched
