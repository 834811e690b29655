"""The benchmark runner itself works: both apps pass js-framework-benchmark's DOM checks
after every operation and the soak shows no growth. Timings are printed by
``./build.sh bench``, never asserted here (a busy machine would make them flaky)."""

from __future__ import annotations

import json

from tests.bench.__main__ import main


def test_bench_runner_quick_mode_checks_the_dom_and_the_soak(tmp_path, capsys):
    results = tmp_path / "bench.json"
    assert main(["--quick", "--soak", "300", "--json", str(results)]) == 0
    data = json.loads(results.read_text())
    assert data["failures"] == []
    assert set(data["ratios"]) == {"01_run1k", "02_replace1k", "03_update10th1k", "04_select1k", "05_swap1k",
                                   "06_remove-one-1k", "08_append1k", "09_clear1k"}  # fmt: skip
    soak = data["soak"]
    assert soak[-1]["cycles"] == 300 and all(s["proxies"] == soak[0]["proxies"] for s in soak)
    assert data["startup_ms"]["total_from_navigation_ms"] > 0
    printed = capsys.readouterr().out
    assert "geometric mean" in printed and "growth per 1,000 cycles" in printed


COUNT_WORK = """
import wasmui.reconcile as reconcile
from wasmui import flush
import bench_app

counts = {"renders": 0, "patches": 0}
original_render, original_patch = bench_app.Row.render, reconcile.patch_instance


def counting_render(self):
    counts["renders"] += 1
    return original_render(self)


def counting_patch(ctx, old, new):
    counts["patches"] += 1
    return original_patch(ctx, old, new)


bench_app.Row.render, reconcile.patch_instance = counting_render, counting_patch
"""


def test_per_row_updates_touch_only_the_rows_that_changed(browser, site_url):
    """In the real benchmark app: an update of every 10th row renders and diffs those 100
    rows and no other (and writes 100 texts); a selection, the one or two rows involved."""
    from tests.bench.__main__ import click, open_app

    open_app(browser, site_url + "/bench/wasmui.html")
    click(browser, "#run")
    browser.execute_script("benchPyodide.runPython(arguments[0])", COUNT_WORK)
    browser.execute_script(
        """window.__mutations = [];
        new MutationObserver((records) => window.__mutations.push(...records))
          .observe(document.getElementById("tbody"), {subtree: true, characterData: true, attributes: true, childList: true});"""
    )

    def work_since_last():
        counts = browser.execute_script(
            "const c = JSON.parse(benchPyodide.runPython('import json; json.dumps(counts)')); "
            "benchPyodide.runPython('counts.update(renders=0, patches=0)'); "
            "const m = window.__mutations.map((r) => r.type); window.__mutations = []; "
            "return [c, m];"
        )
        return counts[0], sorted(counts[1])

    click(browser, "#update")
    work, mutations = work_since_last()
    assert work == {"renders": 100, "patches": 100}
    assert mutations == ["characterData"] * 100

    click(browser, "#tbody > tr:nth-child(5) > td:nth-child(2) > a")
    work, mutations = work_since_last()
    assert work == {"renders": 1, "patches": 1} and mutations == ["attributes"]

    click(browser, "#tbody > tr:nth-child(9) > td:nth-child(2) > a")
    work, mutations = work_since_last()
    assert work == {"renders": 2, "patches": 2} and mutations == ["attributes", "attributes"]
