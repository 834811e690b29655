"""The benchmark runner itself works: every app (the fine-grained wasmui app, the one
written with ordinary components, plain JS, Preact and Solid) passes js-framework-benchmark's
DOM checks after every operation and the soak shows no growth. Timings are printed by
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
    # every app beside plain JS (each one's DOM checked the same way), both timings,
    # throttled and not: Preact, Solid, the fine-grained app and the ordinary-components one
    apps = {"vanilla", "preact", "solid", "wasmui", "wasmui-ordinary", "wasmui-dev"}
    table = data["versus_baselines"]
    assert set(table) == {"unthrottled frame", "unthrottled dom", "throttled frame", "throttled dom"}
    assert set(table["unthrottled dom"]["ms"]) == set(data["ratios"])
    assert all(set(row) == apps for part in table.values() for row in part["ms"].values())
    assert all(0 < mean for part in table.values() for mean in part["geometric_mean"].values())
    assert set(table["unthrottled dom"]["geometric_mean"]) == {"preact", "solid", "wasmui", "wasmui-ordinary"}
    assert set(data["memory_mb"]) == {"vanilla", "preact", "solid", "wasmui", "wasmui-ordinary"}
    startup = data["startup"]
    assert set(startup) == {"wasmui", "bare loadPyodide()"}
    assert startup["wasmui"]["warm, snapshot"]["snapshot"] == "restored"
    assert startup["wasmui"]["warm, no snapshot"]["snapshot"] == "off"
    assert all(row["fcp"] > 0 and row["interactive"] > 0 for page in startup.values() for row in page.values())
    assert startup["wasmui"]["warm, snapshot"]["downloads"] == 0  # a return visit only revalidates
    printed = capsys.readouterr().out
    assert "geometric mean" in printed and "growth per 1,000 cycles" in printed
    assert "beside Preact 11 and Solid 1.9" in printed and "ordinary/Preact" in printed and "wasmui/Solid" in printed
    assert "startup in chromium (median ms from navigation" in printed and "bare loadPyodide()" in printed

