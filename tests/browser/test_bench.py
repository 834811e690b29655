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
    # Preact beside plain JS (its DOM checked as wasmui's), both timings, throttled and not
    preact = data["versus_preact"]
    assert set(preact) == {"unthrottled frame", "unthrottled dom", "throttled frame", "throttled dom"}
    assert set(preact["unthrottled dom"]["ms"]) == set(data["ratios"])
    assert all(0 < part["geometric_mean"]["preact"] and 0 < part["geometric_mean"]["wasmui"] for part in preact.values())
    startup = data["startup"]
    assert set(startup) == {"wasmui", "bare loadPyodide()"}
    assert startup["wasmui"]["warm, snapshot"]["snapshot"] == "restored"
    assert startup["wasmui"]["warm, no snapshot"]["snapshot"] == "off"
    assert all(row["fcp"] > 0 and row["interactive"] > 0 for page in startup.values() for row in page.values())
    assert startup["wasmui"]["warm, snapshot"]["downloads"] == 0  # a return visit only revalidates
    printed = capsys.readouterr().out
    assert "geometric mean" in printed and "growth per 1,000 cycles" in printed
    assert "beside Preact 11" in printed and "wasmui/Preact" in printed
    assert "startup in chromium (median ms from navigation" in printed and "bare loadPyodide()" in printed

