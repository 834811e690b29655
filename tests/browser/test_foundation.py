"""Foundation: the offline site loads Pyodide and the wasmui wheel in headless Chromium."""

from __future__ import annotations

from pytest_pyodide import run_in_pyodide

from ..harness import page_started


@run_in_pyodide(packages=["wasmui"])
def test_wasmui_imports_and_python_reaches_the_dom(selenium):
    import js

    import wasmui

    assert wasmui.__version__
    element = js.document.createElement("p")
    element.id = "from-python"
    element.textContent = "made in Pyodide"
    js.document.body.appendChild(element)
    assert js.document.getElementById("from-python").textContent == "made in Pyodide"
    element.remove()


def test_site_loads_offline_without_console_errors(browser, site_url):
    browser.get_log("browser")  # drop anything from an earlier page
    browser.get(f"{site_url}/index.html")
    page_started(browser)
    version = browser.execute_script("return window.wasmuiVersion")
    assert version and version[0].isdigit()
    assert browser.find_element("css selector", "#gallery nav.examples")  # the gallery rendered
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources, "the page fetched nothing: the check below would prove nothing"
    outside = [url for url in resources if not url.startswith(site_url)]
    assert outside == []
