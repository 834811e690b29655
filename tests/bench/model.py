"""The ordinary-components app's Python, timed on the model DOM in Pyodide under Node.

``python -m tests.bench.model [--against REV] [--processes N] [--runs N] [--profile OP]``

Why this and not ``./build.sh bench``: a browser run times the whole click (Python, the
op string, the applier, style, layout, paint) on a busy machine, where a change of 5% in
the Python is lost in the noise. This runs the same Python and wasm as the page
(Pyodide from ``node_modules``) without a browser: the app of ``www/bench/ordinary_app.py``
mounted on wasmui's model DOM (``wasmui.modeldom``), each js-framework-benchmark
operation clicked ``--runs`` times, timing

- ``click``: the whole event in Python: dispatch, handler, ``set_state``, the flush, the
  render and diff, the model DOM applying the ops;
- ``diff``: ``reconcile.rerender`` alone (the app's render and the diff, no DOM);
- ``render``: the app's own ``App.render`` alone (its 1,000 ``h()`` calls: the floor no
  reconciler change can go below).

Each time is the best of ``--runs`` in one process, then the best over ``--processes``
processes. With ``--against REV`` the package as committed at ``REV`` runs too (exported
with ``git archive``), the two alternating process by process, so a change is read against
its baseline from the same minutes of a busy machine. ``--profile OP`` prints cProfile's
top functions for one click of ``OP`` instead. ``--floor`` times, instead, what the app's
own code costs before any diff, in steps: the 1,000 rows' props dicts alone (the user's
work), the same with a ``VNode`` each made directly (the node object), with ``h()`` (the
render as written), and 1,000 ``Row`` functions called alone (a create's rows' own ``h()``
calls).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ("create", "replace", "update", "select", "swap", "remove", "append", "clear")

# Loads Pyodide, mounts the package under test and www/bench, runs the driver (stdin).
_NODE = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import { readFileSync } from "node:fs";
const [src, bench] = process.argv.slice(1);
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
py.FS.mkdirTree("/src"); py.FS.mount(py.FS.filesystems.NODEFS, { root: src }, "/src");
py.FS.mkdirTree("/bench"); py.FS.mount(py.FS.filesystems.NODEFS, { root: bench }, "/bench");
try { py.runPython(readFileSync(0, "utf8")); } catch (error) { console.error(error.message); process.exit(1); }
"""

# Runs inside Pyodide; prints one JSON line of best times in ms.
_DRIVER = r"""
import cProfile, gc, io, json, pstats, sys, time
sys.path[:0] = ["/src", "/bench"]
import wasmui, wasmui._ffi
wasmui.set_mode("production")
wasmui._ffi.IN_BROWSER = False  # the model DOM, as under CPython
import wasmui.reconcile as reconcile
from wasmui import testing
from ordinary_app import App

RUNS, PROFILE, FLOOR = %(runs)d, %(profile)r, %(floor)r
spent = {"diff": 0.0, "render": 0.0, "depth": 0}
_rerender, _render = reconcile.rerender, App.render

def timed_rerender(ctx, component):  # the outermost call only: a row's rerender is inside the app's
    if spent["depth"]:
        return _rerender(ctx, component)
    spent["depth"] = 1; start = time.perf_counter()
    try:
        _rerender(ctx, component)
    finally:
        spent["diff"] += time.perf_counter() - start; spent["depth"] = 0

def timed_render(self):
    start = time.perf_counter(); out = _render(self); spent["render"] += time.perf_counter() - start
    return out

reconcile.rerender, App.render = timed_rerender, timed_render  # the scheduler imports it per flush
page = testing.render(App).container
button = {name: page.querySelector("#" + name) for name in ("run", "add", "update", "clear", "swaprows")}

def rows():
    return list(page.querySelector("tbody").children)

def link(row, which):
    return rows()[row].querySelectorAll("a")[which]

# operation -> (setup before each run, the element clicked)
PLAN = {
    "create": (lambda: testing.click(button["clear"]), lambda: button["run"]),
    "replace": (lambda: rows() or testing.click(button["run"]), lambda: button["run"]),
    "update": (lambda: rows() or testing.click(button["run"]), lambda: button["update"]),
    "select": (lambda: rows() or testing.click(button["run"]), lambda: link(len(best["select"]) %% 50 + 1, 0)),
    "swap": (lambda: rows() or testing.click(button["run"]), lambda: button["swaprows"]),
    "remove": (lambda: len(rows()) > 990 or testing.click(button["run"]), lambda: link(3, 1)),
    "append": (lambda: (testing.click(button["clear"]), testing.click(button["run"])), lambda: button["add"]),
    "clear": (lambda: testing.click(button["run"]), lambda: button["clear"]),
}
best = {name: [] for name in PLAN}
gc.disable()  # as in a browser event (Scheduler.event pauses it); collected between runs
if FLOOR:  # the app's row list and rows built alone, no diff (see --floor)
    from wasmui import h
    from wasmui.vnode import NO_CHILDREN, VNode
    from ordinary_app import Row

    class Handlers:  # bound methods made per row, as self.select and self.remove are
        def select(self, row_id): pass
        def remove(self, row_id): pass

    app, items, selected = Handlers(), [(i, f"label {i}") for i in range(1, 1001)], 5
    row_function = Row._function
    steps = {
        "dicts": lambda: [{"key": item[0], "item": item, "selected": item[0] == selected, "on_select": app.select,
                           "on_remove": app.remove} for item in items],
        "vnodes": lambda: [VNode(Row, {"key": item[0], "item": item, "selected": item[0] == selected,
                                       "on_select": app.select, "on_remove": app.remove}, NO_CHILDREN, item[0]) for item in items],
        "h": lambda: [h(Row, {"key": item[0], "item": item, "selected": item[0] == selected, "on_select": app.select,
                              "on_remove": app.remove}) for item in items],
        "rows": lambda: [row_function(item=item, selected=False, on_select=app.select, on_remove=app.remove) for item in items],
    }
    floor = {}
    for name, step in steps.items():
        for _ in range(RUNS):
            gc.collect(); start = time.perf_counter(); step(); spent = time.perf_counter() - start
            floor[name] = min(floor.get(name, spent), spent)
    print(json.dumps({name: round(spent * 1000, 3) for name, spent in floor.items()}))
elif PROFILE:
    setup, target = PLAN[PROFILE]
    setup(); setup(); element = target()
    profile = cProfile.Profile(); profile.enable(); testing.click(element); profile.disable()
    out = io.StringIO(); pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(28)
    print(out.getvalue())
else:
    for name, (setup, target) in PLAN.items():
        for _ in range(RUNS):
            setup(); gc.collect(); element = target()
            spent["diff"] = spent["render"] = 0.0
            start = time.perf_counter(); testing.click(element); click = time.perf_counter() - start
            best[name].append((click, spent["diff"], spent["render"]))
    print(json.dumps({name: [round(min(run[i] for run in runs) * 1000, 3) for i in range(3)] for name, runs in best.items()}))
"""


def run_once(src: Path, runs: int, profile: str | None = None, floor: bool = False) -> str:
    """One Node process timing the package found in ``src`` (the directory holding wasmui/)."""
    pyodide = ROOT / "node_modules" / "pyodide"
    script = _NODE % {"pyodide": pyodide.as_posix()}
    driver = _DRIVER % {"runs": runs, "profile": profile, "floor": floor}
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script, str(src), str(ROOT / "www" / "bench")],
        input=driver, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"node failed for {src}:\n{done.stderr[-3000:]}")
    return done.stdout


def export(rev: str, into: Path) -> Path:
    """The wasmui package as committed at ``rev``, written under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "wasmui"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.model", description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REV", help="also time the package at this git revision, alternating")
    parser.add_argument("--processes", type=int, default=3, help="processes per package (default 3)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each operation per process (default 15)")
    parser.add_argument("--profile", choices=OPERATIONS, help="print a cProfile of one click of this operation")
    parser.add_argument("--floor", action="store_true", help="time the app's row list and rows built alone, no diff")
    args = parser.parse_args(argv)
    if args.profile:
        print(run_once(ROOT, 1, args.profile))
        return
    if args.floor:
        best: dict[str, float] = {}
        for _ in range(args.processes):
            for name, spent in json.loads(run_once(ROOT, args.runs, floor=True).splitlines()[-1]).items():
                best[name] = min(best.get(name, spent), spent)
        print(f"best of {args.runs} runs x {args.processes} processes, ms, for 1,000 rows:")
        print(f"  props dicts alone (the app's own work)   {best['dicts']:8.3f}")
        print(f"  + a VNode each, made directly            {best['vnodes']:8.3f}")
        print(f"  + h() (App.render's row list as written) {best['h']:8.3f}")
        print(f"  1,000 Row functions alone (their h()s)   {best['rows']:8.3f}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"working tree": ROOT}
        if args.against:
            sources = {args.against: export(args.against, Path(tmp)), **sources}
        results: dict[str, dict[str, list[float]]] = {name: {} for name in sources}
        for _ in range(args.processes):
            for name, src in sources.items():
                for operation, times in json.loads(run_once(src, args.runs).splitlines()[-1]).items():
                    kept = results[name].setdefault(operation, times)
                    results[name][operation] = [min(pair) for pair in zip(kept, times)]
    print(f"best of {args.runs} runs x {args.processes} processes, ms: click (whole event) / diff (render + diff) / render (App.render)")
    print(f"{'operation':10}" + "".join(f"{name:>28}" for name in sources))
    for operation in OPERATIONS:
        cells = ["{:8.2f} {:8.2f} {:8.2f}".format(*results[name][operation]) for name in sources]
        print(f"{operation:10}" + "".join(f"{cell:>28}" for cell in cells))


if __name__ == "__main__":
    sys.exit(main())
