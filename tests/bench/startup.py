"""The startup table of ``./build.sh bench``: the gallery (www/index.html) against a bare
``loadPyodide()`` (www/bench/bare.html), cold and warm, in one run.

- cold: a new browser (empty HTTP cache and Cache API), first visit;
- warm, no snapshot: the same browser again with ``?wasmui-snapshot=off`` (HTTP cache warm);
- warm, snapshot: the same browser again once the first visit's snapshot is stored.

Measured in the page: first contentful paint (the paint timing API), interactive (the
gallery's ``wasmui:interactive`` mark, its handlers attached; the bench then clicks an
example and checks Python handled it; for the bare page, ``loadPyodide()`` resolved),
the bytes transferred (``transferSize`` of the page and every resource: a 304
revalidation counts only its headers), and, counted by the server, the files sent with a
body (200) rather than revalidated (304). The site is served as ``wasmui serve`` serves
a build: ``Cache-Control: no-cache`` with ``Last-Modified``.
"""

from __future__ import annotations

import statistics
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from wasmui.cli.engines import launch
from wasmui.cli.staticserve import RevalidatingHandler

from ..harness import serve_site

MEASURE = """
const [mark] = arguments;
const fcp = performance.getEntriesByName("first-contentful-paint")[0];
const done = performance.getEntriesByName(mark)[0];
const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
return {
  fcp: fcp ? fcp.startTime : null,
  interactive: done ? done.startTime : null,
  bytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
  snapshot: window.wasmuiStartup ? window.wasmuiStartup.snapshot : null,
};
"""

SCENARIOS = ("cold", "warm, no snapshot", "warm, snapshot")


SENT: list[int] = []
"""The status of every response the bench server sent since the last visit began."""


class CountingHandler(RevalidatingHandler):
    def log_request(self, code="-", size="-"):
        SENT.append(int(getattr(code, "value", code)))


def revalidating_server():
    """www/ as ``wasmui serve`` serves a build, counting what it sends."""
    return serve_site(CountingHandler)


def visit(driver, url: str, mark: str) -> dict:
    SENT.clear()
    driver.get(url)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return performance.getEntriesByName(arguments[0]).length", mark))
    time.sleep(0.2)  # the paint entries settle
    return driver.execute_script(MEASURE, mark) | {"downloads": SENT.count(200)}


def gallery_visit(driver, url: str) -> dict:
    numbers = visit(driver, url, "wasmui:interactive")
    driver.find_element(By.CSS_SELECTOR, "[data-example=clock]").click()  # handled by Python, or the wait fails
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".showcase h2").text == "Clock & stopwatch")
    return numbers


def one_run(base: str, engine: str) -> dict[str, dict[str, dict]]:
    """One cold and two warm visits of each page, each page in a browser of its own."""
    found: dict[str, dict[str, dict]] = {"wasmui": {}, "bare loadPyodide()": {}}
    driver = launch(engine)
    try:
        found["wasmui"]["cold"] = gallery_visit(driver, f"{base}/index.html")
        made = driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; (window.wasmuiStartup.made ?? Promise.resolve('none')).then(done)"
        )
        if made != "stored":
            raise RuntimeError(f"the gallery made no snapshot: {driver.execute_script('return window.wasmuiStartup')}")
        found["wasmui"]["warm, no snapshot"] = gallery_visit(driver, f"{base}/index.html?wasmui-snapshot=off")
        found["wasmui"]["warm, snapshot"] = gallery_visit(driver, f"{base}/index.html")
    finally:
        driver.quit()
    driver = launch(engine)
    try:
        found["bare loadPyodide()"]["cold"] = visit(driver, f"{base}/bench/bare.html", "bare:loaded")
        warm = visit(driver, f"{base}/bench/bare.html", "bare:loaded")
        found["bare loadPyodide()"]["warm, no snapshot"] = found["bare loadPyodide()"]["warm, snapshot"] = warm
    finally:
        driver.quit()
    return found


def measure(runs: int, engine: str = "chromium") -> dict:
    """Medians over ``runs`` runs: ``{page: {scenario: {fcp, interactive, bytes}}}``."""
    with revalidating_server() as base:
        results = [one_run(base, engine) for _ in range(runs)]
    table: dict = {}
    for page in results[0]:
        table[page] = {}
        for scenario in SCENARIOS:
            visits = [r[page][scenario] for r in results]
            table[page][scenario] = {
                key: statistics.median(v[key] for v in visits) if visits[0][key] is not None else None
                for key in ("fcp", "interactive", "bytes", "downloads")
            } | {"snapshot": visits[-1]["snapshot"]}
    return table


def print_table(table: dict, engine: str = "chromium") -> None:
    bare = table["bare loadPyodide()"]
    print(f"\nstartup in {engine} (median ms from navigation; www/index.html beside www/bench/bare.html)")
    print(f"{'page':<22}{'visit':<20}{'first paint':>12}{'interactive':>13}{'/ bare':>8}{'bytes':>13}{'files sent':>12}"
          f"{'snapshot':>11}")  # fmt: skip
    for page, scenarios in table.items():
        for scenario, row in scenarios.items():
            fcp = f"{row['fcp']:.0f}" if row["fcp"] is not None else "-"  # WebKitGTK has no paint timing
            ratio = row["interactive"] / bare[scenario]["interactive"]
            print(f"{page:<22}{scenario:<20}{fcp:>12}{row['interactive']:>13.0f}{ratio:>8.2f}{row['bytes']:>13,.0f}"
                  f"{row['downloads']:>12.0f}{row['snapshot'] or '-':>11}")  # fmt: skip
    print("goals: first paint <= 300 cold and warm; interactive cold <= 1.05 x bare, warm with the snapshot <= 1000; "
          "warm: no file sent, revalidations only")
