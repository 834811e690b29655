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

Beside it, worker mode (#26): the bench app (www/bench/wasmui.html) started on the main
thread and in a worker, cold and warm: the time to mounted and the main thread's long
tasks until then (:func:`measure_modes`).
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


# --- worker mode beside main-thread mode (#26) ------------------------------------------

MODE_PAGES = {"main thread": "bench/wasmui.html", "worker": "bench/wasmui.html?worker=1"}
"""The benchmark's fine-grained app started on the main thread and in worker mode (no snapshot)."""

LONG_TASKS = """
window.benchLongTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.benchLongTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: "longtask", buffered: true });
"""
"""Collects the page's long tasks from its first script on (added through CDP before the navigation)."""

MOUNTED = """
const ready = performance.getEntriesByName("bench:ready")[0].startTime;
const tasks = (window.benchLongTasks ?? []).filter((t) => t.start < ready);
return {
  mounted: ready,
  long_tasks: tasks.length,
  longest: Math.max(0, ...tasks.map((t) => t.duration)),
  blocking: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
};
"""
"""From navigation to the app mounted: the time, and the main thread's long tasks meanwhile
(blocking: Lighthouse's total blocking time, what each spent beyond 50 ms)."""

MODE_SCENARIOS = ("cold", "warm, no snapshot")


def mode_visit(driver, url: str) -> dict:
    driver.get(url)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.documentElement.dataset.bench") == "ready")
    return driver.execute_script(MOUNTED)


def measure_modes(runs: int, engine: str = "chromium") -> dict:
    """Medians over ``runs`` runs of a cold and a warm start of the bench app in each mode,
    each mode in a new browser per run: ``{mode: {scenario: {mounted, long_tasks, longest,
    blocking}}}``. Long tasks are Chromium's (the Long Tasks API, added through CDP); other
    engines report the time to mounted only."""
    visits: dict = {mode: {scenario: [] for scenario in MODE_SCENARIOS} for mode in MODE_PAGES}
    with revalidating_server() as base:
        for _ in range(runs):
            for mode, page in MODE_PAGES.items():
                driver = launch(engine)
                try:
                    if engine == "chromium":
                        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TASKS})
                    for scenario in MODE_SCENARIOS:
                        visits[mode][scenario].append(mode_visit(driver, f"{base}/{page}"))
                finally:
                    driver.quit()
    return {
        mode: {scenario: {key: statistics.median(v[key] for v in runs_) for key in runs_[0]} for scenario, runs_ in by_scenario.items()}
        for mode, by_scenario in visits.items()
    }  # fmt: skip


def print_modes(table: dict, engine: str = "chromium") -> None:
    print(f"\nstartup in worker mode beside main-thread mode (#26; {engine}, median ms from navigation to the bench app "
          "mounted, www/bench/wasmui.html[?worker=1], no snapshot; the main thread's long tasks until then)")  # fmt: skip
    print(f"{'mode':<14}{'visit':<20}{'mounted':>9}{'long tasks':>12}{'longest':>9}{'blocking':>10}")
    for mode, scenarios in table.items():
        for scenario, row in scenarios.items():
            print(f"{mode:<14}{scenario:<20}{row['mounted']:>9.0f}{row['long_tasks']:>12.0f}{row['longest']:>9.0f}"
                  f"{row['blocking']:>10.0f}")  # fmt: skip
    print("goal (#26): total blocking time at most 200 ms (Lighthouse's, on a phone); worker mode's main thread never blocked")
