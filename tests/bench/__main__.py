"""Benchmark runner: ``./build.sh bench [--quick] [--runs N] [--soak N] [--json FILE]``.

Drives the js-framework-benchmark keyed app written with wasmui twice
(www/bench/wasmui.html: fine-grained, with ``ListStore``, ``Selector`` and ``@template``
rows; and with ``?app=ordinary``, ordinary components as the README teaches them), its
hand-written plain-JS twin (www/bench/vanilla.html), Preact 11's (www/bench/preact.html) and
Solid 1.9's (www/bench/solid.html) in a headless browser (Chromium unless --engine says
otherwise), interleaved, each in its own browser; prints median ms per operation, the ratio
to plain JS and their geometric mean; every app beside the baselines, both timings (to the
end of the next frame, and until the DOM has settled), unthrottled and throttled; the
fine-grained app in development mode beside it, as the cost of development mode (dev/prod
per operation); both wasmui apps in worker mode (www/bench/wasmui.html?worker=1) beside
themselves on the main thread (worker/main per operation, #26); memory after load, with
1,000 and 10,000 rows; a mount/unmount soak; the leak inspector's cost at 1,000 and 10,000
rows; startup of www/index.html, and of the bench app on the main thread and in worker mode
with the main thread's long tasks (not in a quick run); and the bytes a cold and a warm
visit to a built scaffold move (``--transfer``); Lighthouse's scores for the scaffold and
the gallery in each mode (``--lighthouse``). Exits non-zero if a DOM check fails or the
soak shows any growth of proxies, listeners or DOM nodes, or either site in worker mode
misses Lighthouse's goal.

Timing follows js-framework-benchmark's method as closely as a page script can:
from the click to the end of the next frame (a requestAnimationFrame callback,
then a task after it, so style, layout and paint of that frame are included),
with its CPU throttling through the DevTools protocol (4x for partial update,
select, swap and clear; 2x for remove) and warm-up runs that are not counted.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from wasmui.cli.engines import launch

from ..harness import QuietHandler, outside_listeners, serve_site
from . import lighthouse, startup, transfer

ROWS = "return document.querySelectorAll('#tbody > tr').length"
LABELS = "return [...document.querySelectorAll('#tbody > tr')].map(tr => tr.children[1].textContent)"
IDS = "return [...document.querySelectorAll('#tbody > tr')].map(tr => Number(tr.children[0].textContent))"


@dataclass
class Benchmark:
    """One js-framework-benchmark operation: setup clicks, the timed click, and its DOM check."""

    name: str
    description: str
    target: str
    setup: list[str] = field(default_factory=list)
    throttle: int = 1
    warmups: int = 2
    heavy: bool = False


BENCHMARKS = [
    Benchmark("01_run1k", "create 1,000 rows", "#run"),
    Benchmark("02_replace1k", "replace 1,000 rows", "#run", setup=["#run"]),
    Benchmark("03_update10th1k", "partial update (every 10th of 1,000)", "#update", setup=["#run"], throttle=4),
    Benchmark("04_select1k", "select row", "#tbody > tr:nth-child(2) > td:nth-child(2) > a", setup=["#run"], throttle=4),
    Benchmark("05_swap1k", "swap rows 2 and 999", "#swaprows", setup=["#run"], throttle=4),
    Benchmark("06_remove-one-1k", "remove row", "#tbody > tr:nth-child(4) > td:nth-child(3) > a", setup=["#run"], throttle=2),
    Benchmark("07_create10k", "create 10,000 rows", "#runlots", heavy=True, warmups=1),
    Benchmark("08_append1k", "append 1,000 to 1,000 rows", "#add", setup=["#run"]),
    Benchmark("09_clear1k", "clear 1,000 rows", "#clear", setup=["#run"], throttle=4),
]

# [frame, DOM]: frame = from the click to the end of the next frame (style, layout and
# paint included); DOM = until the DOM has settled, the work itself: after the click's
# handlers and the microtasks they queued (Preact renders in one; wasmui commits in the
# handler's dispatch). In worker mode (#26) the click only posts the event: the DOM
# settles when the worker's commit has come back and been applied, in a later task, so
# the page's benchNextCommit() (www/bench/wasmui.html?worker=1) is what the click waits
# on, and the frame is the one after that apply (message hops included in both).
TIMED_CLICK = """
const [selector, deadlineMs, done] = arguments;
const target = document.querySelector(selector);
const committed = window.benchNextCommit ? window.benchNextCommit(deadlineMs) : null;
const start = performance.now();
target.click();
(committed ?? Promise.resolve().then(() => Promise.resolve())).then(() => {
  const dom = performance.now() - start;
  requestAnimationFrame(() => setTimeout(() => done([performance.now() - start, dom]), 0));
}, (error) => done(`${selector}: ${error.message}`));
"""
COMMIT_DEADLINE_MS = 60_000
"""How long a worker-mode click waits for its commit (10,000 rows, throttled, take seconds)."""


def click(driver, selector: str) -> tuple[float, float]:
    """(frame ms, DOM ms) of a click whose work the page settles: every click but a no-op
    (a worker-mode page answers a click that changes nothing with no commit)."""
    result = driver.execute_async_script(TIMED_CLICK, selector, COMMIT_DEADLINE_MS)
    if isinstance(result, str):
        raise RuntimeError(result)
    return result[0], result[1]


def timed_click(driver, selector: str, throttle: int) -> tuple[float, float]:
    """(frame ms, DOM ms) of one click, with ``throttle``x CPU throttling (Chromium)."""
    throttle = throttle if driver.engine == "chromium" else 1  # CPU throttling is CDP's
    if throttle > 1:
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": throttle})
    try:
        return click(driver, selector)
    finally:
        if throttle > 1:
            driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})


def prepare(driver, bench: Benchmark) -> dict:
    """Clears the table and runs the setup clicks; returns what the check compares against."""
    if driver.execute_script(ROWS):  # (clearing an empty table is a no-op: no commit to wait for)
        click(driver, "#clear")
    for selector in bench.setup:
        click(driver, selector)
    return {"ids": driver.execute_script(IDS), "labels": driver.execute_script(LABELS)}


def check(driver, bench: Benchmark, before: dict) -> str | None:
    """The DOM after the operation, as js-framework-benchmark checks it; a message if wrong."""
    ids, labels = driver.execute_script(IDS), driver.execute_script(LABELS)
    name = bench.name
    expected_rows = {"01_run1k": 1000, "02_replace1k": 1000, "03_update10th1k": 1000, "04_select1k": 1000,
                     "05_swap1k": 1000, "06_remove-one-1k": 999, "07_create10k": 10000, "08_append1k": 2000,
                     "09_clear1k": 0}[name]  # fmt: skip
    if len(ids) != expected_rows:
        return f"{name}: {len(ids)} rows, expected {expected_rows}"
    if name == "02_replace1k" and set(ids) & set(before["ids"]):
        return f"{name}: rows were not replaced"
    if name == "03_update10th1k":
        wrong = [i for i, label in enumerate(labels) if label.endswith(" !!!") != (i % 10 == 0)]
        if wrong:
            return f"{name}: rows {wrong[:5]} wrongly updated"
    if name == "04_select1k":
        selected = driver.execute_script("return [...document.querySelectorAll('#tbody > tr.danger')].map(tr => tr.rowIndex)")
        if selected != [1]:
            return f"{name}: selected rows {selected}, expected the second"
    if name == "05_swap1k" and (ids[1] != before["ids"][998] or ids[998] != before["ids"][1]):
        return f"{name}: rows 2 and 999 not swapped"
    if name == "06_remove-one-1k" and before["ids"][3] in ids:
        return f"{name}: the fourth row is still there"
    if name == "08_append1k" and ids[:1000] != before["ids"]:
        return f"{name}: the first 1,000 rows changed"
    return None


def open_app(driver, url: str) -> None:
    driver.get(url)
    for _ in range(600):
        if driver.execute_script("return document.documentElement.dataset.bench") == "ready":
            return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


def memory(driver, wasm: bool) -> dict:
    """Memory after a full collection on both sides (JS through CDP, Python's gc); for
    Python also before it, so garbage left to the cyclic GC would show."""
    out = {}
    if wasm:
        out["py_heap_before_gc_mb"] = driver.execute_script(
            "return benchPyodide.runPython(\"from wasmui import _ffi; _ffi.memory()['py_heap_bytes']\")"
        ) / 2**20
        driver.execute_script("benchPyodide.runPython('import gc; gc.collect()')")
    if driver.engine == "chromium":  # a full JS collection and the heap's size: Chromium's alone
        driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
        out["js_heap_mb"] = driver.execute_script("return performance.memory.usedJSHeapSize") / 2**20
    if wasm:
        out["wasm_heap_mb"] = driver.execute_script("return benchPyodide._module.HEAP8.length") / 2**20
        out["py_heap_mb"] = driver.execute_script(
            "return benchPyodide.runPython(\"from wasmui import _ffi; _ffi.memory()['py_heap_bytes']\")"
        ) / 2**20
    return out


class IsolatedHandler(QuietHandler):
    """Serves the pages cross-origin isolated (COOP and COEP): ``performance.now()`` then
    has 5 µs resolution instead of 100 µs, which the small operations' DOM times (a few
    tenths of a millisecond) need."""

    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()


APPS = {
    "vanilla": "bench/vanilla.html",
    "preact": "bench/preact.html",
    "solid": "bench/solid.html",
    "wasmui": "bench/wasmui.html",
    "wasmui-ordinary": "bench/wasmui.html?app=ordinary",
    "wasmui-dev": "bench/wasmui.html?mode=development",
    "wasmui-worker": "bench/wasmui.html?worker=1",
    "wasmui-ordinary-worker": "bench/wasmui.html?worker=1&app=ordinary",
}
"""Each app the runner drives, in its own browser, by the name its results go under:
the baselines (plain JS, Preact, Solid), the fine-grained wasmui app, the same app written
with ordinary components, the fine-grained app in development mode, and both wasmui apps
in worker mode."""

WORKER_PAIRS = (("wasmui-worker", "wasmui"), ("wasmui-ordinary-worker", "wasmui-ordinary"))
"""Each app in worker mode beside itself in main-thread mode (#26); timed with the others,
reported apart (:func:`worker_beside_main`), not beside the baselines."""

WORKER_APPS = tuple(worker for worker, _ in WORKER_PAIRS)

NOT_IN_QUICK = ("wasmui-ordinary-worker",)
"""A quick run checks worker mode with the fine-grained app alone (every operation and its
DOM check): each worker app is one more browser and Pyodide start on a 2-core machine."""

COMPARED = ("preact", "solid", "wasmui", "wasmui-ordinary")
"""The apps of the table beside the baselines (each as a ratio to plain JS)."""

MEMORY_POINTS = (("after_load", None), ("after_1000_rows", "#run"), ("after_10000_rows", "#runlots"))


def measure_memory(drivers: dict, quick: bool) -> dict:
    """Memory on the fresh pages, before any timing: after load, with 1,000 rows, and with
    10,000 (for wasm, its high-water mark: wasm memory never shrinks); then cleared. A
    quick run stops at 1,000 rows (10,000 are the timed operations' heavy case, which it
    skips too)."""
    points = MEMORY_POINTS[:2] if quick else MEMORY_POINTS
    report: dict = {}
    for impl in ("vanilla", *COMPARED):
        driver, wasm = drivers[impl], impl.startswith("wasmui")
        report[impl] = {}
        for point, selector in points:
            if selector is not None:
                click(driver, selector)
            report[impl][point] = memory(driver, wasm)
        click(driver, "#clear")
    return report


def print_memory(report: dict) -> None:
    points = list(report["wasmui"])
    print("\nmemory (MB, fresh pages)              " + "".join(f"{p.replace('after_', '').replace('_', ' '):>15}" for p in points))
    for impl, by_point in report.items():
        for key in by_point["after_load"]:
            print(f"  {impl:<16} {key:<20}" + "".join(f"{by_point[point][key]:>15.1f}" for point in points))
    for impl in ("wasmui", "wasmui-ordinary"):
        ours = report[impl]
        growth = ours["after_1000_rows"].get("js_heap_mb", 0) - ours["after_load"].get("js_heap_mb", 0)
        wasm = f"{ours['after_10000_rows']['wasm_heap_mb']:.1f} MB" if "after_10000_rows" in ours else "not measured"
        print(f"goals ({impl}): JS heap with 1,000 rows within 1 MB of after load ({growth:+.1f} MB); "
              f"wasm memory after 10,000 rows <= 43 MB ({wasm})")


MODES = ("unthrottled", "throttled")
"""Every operation runs unthrottled; those js-framework-benchmark throttles run throttled too."""


def timed_apps(drivers: dict, mode: str) -> list[str]:
    """The apps timed in ``mode``: all of them unthrottled; throttled, not those in worker
    mode, since CDP's CPU throttling slows the page's main thread and not its workers (the
    quick run measured the ordinary app's throttled update at 68 ms on the main thread and
    20 ms in worker mode, its unthrottled time), so a worker app's throttled time would be
    an unthrottled Python's."""
    return [impl for impl in drivers if mode == "unthrottled" or impl not in WORKER_APPS]


def run_operations(drivers: dict, runs: int, quick: bool) -> tuple[dict, list[str]]:
    """Interleaved runs of every operation in every app; returns ``{mode: {operation: {app:
    {"frame": [ms...], "dom": [ms...]}}}}`` and the DOM checks that failed."""
    timings: dict = {mode: {} for mode in MODES}
    failures: list[str] = []
    throttled_once = False
    for bench in BENCHMARKS:
        if quick and bench.heavy:
            continue
        throttles = bench.throttle > 1 and next(iter(drivers.values())).engine == "chromium"
        # a quick run throttles its first such operation only: it checks the throttled
        # path, the DOM checks are the unthrottled runs'
        modes = MODES if throttles and not (quick and throttled_once) else MODES[:1]
        throttled_once = throttled_once or len(modes) > 1
        for mode in modes:
            timings[mode][bench.name] = {impl: {"frame": [], "dom": []} for impl in timed_apps(drivers, mode)}
        repetitions = (0 if quick else bench.warmups) + (1 if quick else (max(2, runs // 2) if bench.heavy else runs))
        for repetition in range(repetitions):
            for mode in modes:
                for impl in timed_apps(drivers, mode):  # interleaved: one run of each per round
                    driver = drivers[impl]
                    before = prepare(driver, bench)
                    frame, dom = timed_click(driver, bench.target, bench.throttle if mode == "throttled" else 1)
                    problem = check(driver, bench, before)
                    if problem:
                        failures.append(f"{impl} {problem}")
                    if repetition >= (0 if quick else bench.warmups):
                        timings[mode][bench.name][impl]["frame"].append(frame)
                        timings[mode][bench.name][impl]["dom"].append(dom)
        for mode in modes:
            medians = {impl: statistics.median(t["frame"]) for impl, t in timings[mode][bench.name].items()}
            print(f"  {bench.name:<18} {mode:<12} {bench.description:<38} "
                  + "  ".join(f"{impl} {ms:8.1f} ms" for impl, ms in medians.items()), flush=True)  # fmt: skip
    return timings, failures


def main_thread_only(timings: dict) -> dict:
    """The timings of :func:`run_operations` without the worker-mode apps'."""
    return {mode: {op: {impl: t for impl, t in by_impl.items() if impl not in WORKER_APPS} for op, by_impl in by_op.items()}
            for mode, by_op in timings.items()}  # fmt: skip


def worker_beside_main(unthrottled: dict) -> dict:
    """Per timing (frame, DOM), unthrottled (see :func:`timed_apps`): for each pair of
    :data:`WORKER_PAIRS`, its medians per operation, the worker/main ratio per operation
    and their geometric mean."""
    out: dict = {}
    for metric in ("frame", "dom"):
        part: dict = {}
        for worker, main_thread in WORKER_PAIRS:
            if worker not in next(iter(unthrottled.values())):  # (a quick run's, see NOT_IN_QUICK)
                continue
            ms = {op: {impl: statistics.median(by_impl[impl][metric]) for impl in (main_thread, worker)}
                  for op, by_impl in unthrottled.items()}  # fmt: skip
            ratios = {op: row[worker] / row[main_thread] for op, row in ms.items()}
            part[worker] = {"ms": ms, "ratios": ratios, "geometric_mean": geometric_mean(list(ratios.values()))}
        out[f"unthrottled {metric}"] = part
    return out


def print_worker_beside_main(table: dict) -> None:
    print("\nworker mode beside main-thread mode (#26; median ms; worker: Python in a worker, each click one message "
          "to it and each commit one back; frame: click to the end of the frame after the commit is applied)")  # fmt: skip
    for name, part in table.items():
        digits = 2 if "dom" in name else 1
        pairs = [(worker, main_thread) for worker, main_thread in WORKER_PAIRS if worker in part]
        print(f"\n{name:<22}" + "".join(f"{SHORT[m]:>10}{'worker':>9}{'ratio':>7}" for _, m in pairs))
        for op in part[pairs[0][0]]["ms"]:
            cells = "".join(f"{part[w]['ms'][op][m]:>10.{digits}f}{part[w]['ms'][op][w]:>9.{digits}f}{part[w]['ratios'][op]:>7.2f}"
                            for w, m in pairs)  # fmt: skip
            print(f"  {op:<20}{cells}")
        print(f"  {'geometric mean':<20}" + "".join(f"{'':>19}{part[w]['geometric_mean']:>7.2f}" for w, _ in pairs))
    print("goal (#26): DOM times in worker mode within 1.3x of main-thread mode (unthrottled only: CDP's CPU "
          "throttling does not slow a worker)")


def as_benchmark_runs(timings: dict) -> dict:
    """Frame times as js-framework-benchmark measures them: throttled where it throttles."""
    return {
        name: {impl: t["frame"] for impl, t in timings["throttled"].get(name, by_impl).items()}
        for name, by_impl in timings["unthrottled"].items()
    }


PAIRS = (("wasmui-ordinary", "preact"), ("wasmui", "solid"))
"""The issue's comparisons (#27): ordinary components against Preact, fine-grained against Solid."""


def versus_baselines(timings: dict) -> dict:
    """Per mode and timing (frame, DOM): medians per operation and app, each compared app's
    ratios to plain JS and their geometric means, and the ratios of :data:`PAIRS`."""
    out: dict = {}
    for mode, by_op in timings.items():
        if not by_op:
            continue
        for metric in ("frame", "dom"):
            ms = {op: {impl: statistics.median(t[metric]) for impl, t in by_impl.items()} for op, by_impl in by_op.items()}
            ratios = {impl: {op: row[impl] / row["vanilla"] for op, row in ms.items()} for impl in COMPARED}
            out[f"{mode} {metric}"] = {
                "ms": ms, "ratios": ratios,
                "geometric_mean": {impl: geometric_mean(list(r.values())) for impl, r in ratios.items()},
                "pairs": {f"{a}/{b}": {op: row[a] / row[b] for op, row in ms.items()} for a, b in PAIRS},
            }  # fmt: skip
    return out


SHORT = {"vanilla": "plain JS", "preact": "Preact", "solid": "Solid", "wasmui": "wasmui", "wasmui-ordinary": "ordinary"}


def print_versus_baselines(table: dict) -> None:
    print("\nbeside Preact 11 and Solid 1.9 (median ms; frame: click to the end of the next frame; DOM: until the DOM "
          "has settled); wasmui: fine-grained app, ordinary: ordinary components")  # fmt: skip
    apps = ("vanilla", *COMPARED)
    pairs = [f"{SHORT[a]}/{SHORT[b]}" for a, b in PAIRS]
    for name, part in table.items():
        print(f"\n{name:<22}" + "".join(f"{SHORT[a]:>10}" for a in apps) + "".join(f"{p:>17}" for p in pairs))
        digits = 2 if "dom" in name else 1  # DOM times of small operations are tenths of a ms
        for op, row in part["ms"].items():
            print(f"  {op:<20}" + "".join(f"{row[a]:>10.{digits}f}" for a in apps)
                  + "".join(f"{part['pairs'][f'{a}/{b}'][op]:>17.2f}" for a, b in PAIRS))  # fmt: skip
        means = part["geometric_mean"]
        print(f"  {'geometric mean / JS':<30}" + "".join(f"{means[a]:>10.2f}" for a in COMPARED)
              + "".join(f"{means[a] / means[b]:>17.2f}" for a, b in PAIRS))  # fmt: skip
    print("goals (#27, DOM unthrottled): ordinary/Preact geometric mean <= 1.3, select <= 2, no operation over 1.6; "
          "wasmui/Solid geometric mean <= 1.1, frame geometric mean <= Solid's")  # fmt: skip


SOAK = r'''
import gc, js
from pyodide.ffi import to_js
from wasmui import Component, html, mount, tracker, _ffi

# the bench page runs in production mode: count resources and proxies from here on
tracker.install()
_ffi.set_proxy_tracing(True)

class EveryKind(Component):
    def on_mount(self):
        s = self.scope
        s.create_proxy(lambda: self)
        s.create_once_callable(lambda: None)
        s.listen(js.window, "resize", lambda e: None)
        s.listen(js.document, "keydown", lambda e: None)
        s.set_timeout(lambda: None, 60_000)
        s.set_interval(lambda: None, 60_000)
        s.request_animation_frame(lambda t: None)
        s.object_url(js.Blob.new(to_js(["x"])))
        s.observer(js.ResizeObserver, lambda entries, observer: None).observe(self.el)
        channel = js.MessageChannel.new()
        s.listen(channel.port1, "message", lambda e: None)
        s.on_cleanup(channel.port1.close)
        s.create_task(s.fetch("bench.css"))
    def render(self):
        return html.div(html.span("soak"), html.b("every kind"))

soak_host = js.document.createElement("div")
js.document.body.appendChild(soak_host)

def soak_cycles(count):
    for _ in range(count):
        mount(EveryKind, soak_host).unmount()

def soak_sample():
    gc.collect()
    memory = _ffi.memory()
    return {"proxies": memory["pyodide_proxies"], "tracked": len(tracker.live_resources()),
            "dom_nodes": memory["dom_nodes"], "py_heap_bytes": memory["py_heap_bytes"],
            "wasm_heap_bytes": memory["wasm_heap_bytes"]}
'''


LONG_TASKS = """
const [ms, done] = [arguments[0], arguments[arguments.length - 1]];
let total = 0, count = 0;
const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) { total += e.duration; count++; } });
observer.observe({ type: "longtask" });
setTimeout(() => { observer.disconnect(); done({ total, count }); }, ms);
"""

REPORT_MS = (
    "return benchPyodide.runPython('import time\\nfrom wasmui import inspector\\n"
    "t = time.perf_counter(); inspector.report(); (time.perf_counter() - t) * 1000')"
)
SELECT = "#tbody > tr:nth-child(2) > td:nth-child(2) > a"


def measure_inspector(driver, quick: bool) -> list[dict]:
    """The leak inspector on the bench page (#17), in development mode: report() time, the
    main thread's long-task time per second with the panel open and idle, and a row
    selection with the panel closed and open. A quick run looks at 1,000 rows only."""
    out = []
    watch_s = 2 if quick else 5
    for rows, button in ((1000, "#run"),) if quick else ((1000, "#run"), (10000, "#runlots")):
        click(driver, "#clear")
        click(driver, button)
        report_ms = statistics.median(driver.execute_script(REPORT_MS) for _ in range(3 if quick else 7))
        repeats = 3 if quick else 7
        for _ in range(3):  # warm-up: the first selections after a create pay for freeing the old rows
            timed_click(driver, SELECT, 1)
        closed = [timed_click(driver, SELECT, 1)[0] for _ in range(repeats)]
        driver.execute_script("benchPyodide.runPython('from wasmui import inspector; inspector.open()')")
        time.sleep(1.5)  # its first samples
        busy = driver.execute_async_script(LONG_TASKS, watch_s * 1000)
        opened = statistics.median(timed_click(driver, SELECT, 1)[0] for _ in range(repeats))
        driver.execute_script("benchPyodide.runPython('from wasmui import inspector; inspector.close()')")
        closed = statistics.median(closed + [timed_click(driver, SELECT, 1)[0] for _ in range(repeats)])  # before and after
        out.append({"rows": rows, "report_ms": report_ms, "long_task_ms_per_s": busy["total"] / watch_s,
                    "long_tasks": busy["count"], "select_closed_ms": closed, "select_open_ms": opened})  # fmt: skip
        print(f"  {rows:>6} rows: report() {report_ms:6.1f} ms · panel open: long tasks {busy['total'] / watch_s:6.1f} ms/s "
              f"({busy['count']} in {watch_s} s) · select {closed:5.1f} ms closed, {opened:5.1f} ms open", flush=True)  # fmt: skip
    return out


def run_soak(driver, cycles: int, every: int) -> tuple[list[dict], list[str]]:
    driver.execute_script("benchPyodide.runPython(arguments[0])", SOAK)
    settle = "const done = arguments[arguments.length - 1]; setTimeout(done, 50);"
    driver.execute_script("benchPyodide.runPython('soak_cycles(20)')")  # warm-up
    driver.execute_async_script(settle)
    samples = []
    for done in range(0, cycles + 1, every):
        if done:
            driver.execute_script(f"benchPyodide.runPython('soak_cycles({every})')")
            driver.execute_async_script(settle)
        sample = driver.execute_script(
            # the result's PyProxy is destroyed here, or the runner itself would leak one per sample
            "const proxy = benchPyodide.runPython('soak_sample()');"
            "const sample = proxy.toJs({dict_converter: Object.fromEntries}); proxy.destroy(); return sample;"
        )
        sample["cycles"] = done
        sample["listeners"] = outside_listeners(driver) if driver.engine == "chromium" else 0  # CDP's view
        samples.append(sample)
    first, last = samples[0], samples[-1]
    failures = [
        f"soak: {key} grew from {first[key]} to {last[key]} over {cycles} cycles"
        for key in ("proxies", "tracked", "listeners", "dom_nodes")
        if last[key] != first[key]
    ]
    return samples, failures


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./build.sh bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per operation (after warm-up)")
    parser.add_argument("--soak", type=int, default=10_000, help="mount/unmount cycles of the soak")
    parser.add_argument("--quick", action="store_true",
                        help="one run each, no 10k rows, short soak, no bytes table (--transfer has it): checks, not numbers")
    parser.add_argument("--json", default="bench-results.json", help="where to write the results")
    parser.add_argument("--startup", action="store_true", help="only the startup tables (the gallery; the bench app in each mode)")
    parser.add_argument("--transfer", action="store_true", help="only the bytes table (a cold and a warm visit to the scaffold)")
    parser.add_argument("--lighthouse", action="store_true",
                        help="only the Lighthouse table (the scaffold and the gallery, each on the main thread and in worker "
                             "mode, mobile preset)")  # fmt: skip
    parser.add_argument("--engine", default="chromium", choices=("chromium", "firefox", "webkit"),
                        help="the browser engine (ratios are to plain JS in the same engine; CPU throttling, JS heap "
                             "and listener counts need Chromium's CDP)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.startup:
        startup.print_table(startup.measure(1 if args.quick else args.runs, args.engine), args.engine)
        startup.print_modes(startup.measure_modes(1 if args.quick else args.runs, args.engine), args.engine)
        return 0
    if args.transfer:
        transfer.print_table(transfer.measure(args.engine), args.engine)
        return 0
    if args.lighthouse:
        lighthouse_table = lighthouse.measure(2)
        lighthouse.print_table(lighthouse_table)
        return 1 if lighthouse.failures(lighthouse_table) else 0
    soak_cycles = min(args.soak, 500) if args.quick else args.soak
    every = max(1, soak_cycles // 10)

    with serve_site(IsolatedHandler) as base:
        apps = {impl: page for impl, page in APPS.items() if not (args.quick and impl in NOT_IN_QUICK)}
        with ThreadPoolExecutor(len(apps)) as pool:  # side by side: each start takes a second or two
            launched = [pool.submit(launch, args.engine) for _ in apps]
        try:
            drivers = {impl: future.result() for impl, future in zip(apps, launched)}
        except Exception:
            for future in launched:
                if future.exception() is None:
                    future.result().quit()
            raise
        try:
            browser_version = drivers["wasmui"].capabilities.get("browserVersion")
            print(f"wasmui benchmarks · {time.strftime('%Y-%m-%d')} · {args.engine} {browser_version} · "
                  f"{platform.machine()} {platform.processor() or ''} · {_cpu_count()} cores", flush=True)
            # loaded side by side: each wasmui page spends seconds starting Pyodide, much of
            # it waiting on files, and nothing is timed until all of them are ready
            with ThreadPoolExecutor(len(apps)) as pool:
                list(pool.map(lambda impl: open_app(drivers[impl], f"{base}/{apps[impl]}"), apps))
            memory_report = measure_memory(drivers, args.quick)
            print("operations (median ms, click to end of next frame):", flush=True)
            all_timings, failures = run_operations(drivers, args.runs, args.quick)
            timings = main_thread_only(all_timings)
            results = as_benchmark_runs(timings)
            print("inspector (development mode page):", flush=True)
            inspector_costs = measure_inspector(drivers["wasmui-dev"], args.quick)
            print("soak:", flush=True)
            samples, soak_failures = run_soak(drivers["wasmui"], soak_cycles, every)
            failures += soak_failures
        finally:
            for driver in drivers.values():
                driver.quit()

    ratios, dev_ratios = {}, {}
    print(f"\n{'operation':<20}{'wasmui ms':>11}{'plain JS ms':>13}{'ratio':>8}{'dev ms':>10}{'dev/prod':>10}")
    for name, by_impl in results.items():
        ours, baseline = statistics.median(by_impl["wasmui"]), statistics.median(by_impl["vanilla"])
        dev = statistics.median(by_impl["wasmui-dev"])
        ratios[name], dev_ratios[name] = ours / baseline, dev / ours
        print(f"{name:<20}{ours:>11.1f}{baseline:>13.1f}{ratios[name]:>8.2f}{dev:>10.1f}{dev_ratios[name]:>10.2f}")
    mean = geometric_mean(list(ratios.values()))
    print(f"{'geometric mean':<44}{mean:>8.2f}   (goal <= 1.5; no operation over 2.5)")
    print(f"{'development mode, geometric mean dev/prod':<44}{geometric_mean(list(dev_ratios.values())):>8.2f}")
    baselines = versus_baselines(timings)
    print_versus_baselines(baselines)
    worker_mode = worker_beside_main(all_timings["unthrottled"])
    print_worker_beside_main(worker_mode)
    print_memory(memory_report)
    print("\nsoak (mount + unmount of a component using every resource kind)")
    print(f"{'cycles':>8}{'proxies':>9}{'tracked':>9}{'listeners':>11}{'DOM nodes':>11}{'py heap KB':>12}{'wasm MB':>9}")
    for s in samples:
        print(f"{s['cycles']:>8}{s['proxies']:>9}{s['tracked']:>9}{s['listeners']:>11}{s['dom_nodes']:>11}"
              f"{s['py_heap_bytes'] / 1024:>12.0f}{s['wasm_heap_bytes'] / 2**20:>9.0f}")
    per_thousand = {
        key: (samples[-1][key] - samples[0][key]) * 1000 / max(1, samples[-1]["cycles"])
        for key in ("proxies", "listeners", "dom_nodes", "py_heap_bytes", "wasm_heap_bytes")
    }
    print("growth per 1,000 cycles: " + ", ".join(f"{k} {v:+.1f}" for k, v in per_thousand.items()))
    print("startup:", flush=True)
    startup_table = startup.measure(1 if args.quick else 3, args.engine)
    startup.print_table(startup_table, args.engine)
    startup_modes = None
    if not args.quick:  # four more Pyodide starts; --startup --quick has them once
        startup_modes = startup.measure_modes(3, args.engine)
        startup.print_modes(startup_modes, args.engine)
    transfer_table = None
    if not args.quick:  # two scaffold builds and four visits; tests/browser/test_ship.py checks the same budget
        print("bytes over the wire:", flush=True)
        transfer_table = transfer.measure(args.engine)
        transfer.print_table(transfer_table, args.engine)
        if transfer_table["compressed"]["cold"]["bytes"] > transfer.GOAL:
            failures.append(f"a cold visit to the scaffold transferred {transfer_table['compressed']['cold']['bytes']:,} bytes")
    lighthouse_table = None
    if not args.quick:  # Chromium's own audit, whatever --engine says: two scaffold builds, two runs of each of four pages, about 10 minutes
        print("Lighthouse:", flush=True)
        lighthouse_table = lighthouse.measure(2)
        lighthouse.print_table(lighthouse_table)
        failures.extend(lighthouse.failures(lighthouse_table))

    with open(args.json, "w") as out:
        json.dump({"date": time.strftime("%Y-%m-%d"), "browser": browser_version, "machine": platform.machine(),
                   "cores": _cpu_count(), "results_ms": results, "ratios": ratios, "dev_over_prod": dev_ratios, "geometric_mean": mean,
                   "memory_mb": memory_report, "soak": samples, "soak_growth_per_1000": per_thousand,
                   "startup": startup_table, "startup_modes": startup_modes, "transfer": transfer_table, "lighthouse": lighthouse_table, "versus_baselines": baselines, "worker_mode": worker_mode, "inspector": inspector_costs, "failures": failures}, out, indent=2)  # fmt: skip
    print(f"\nwrote {args.json}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    return 0


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
