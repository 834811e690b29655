"""The Lighthouse table of ``./build.sh bench`` (#26): the two sites the issue names, each
on the main thread and in worker mode, served by ``wasmui serve``'s handler and measured
by Lighthouse 12.2.3's performance category with its mobile preset (simulated slow 4G,
4x slower CPU): score, first and largest contentful paint, total blocking time.

- the scaffold: ``wasmui new`` (worker mode, the default) and ``wasmui new --main-thread``,
  each built by ``wasmui build`` and served with its compressed copies, as a user ships it;
- the gallery: www/index.html (main thread) and www/gallery-worker.html (worker mode).

Lighthouse is not one of the project's npm packages (it is 146 of them, for this table
alone): it runs through ``npx``, which fetches the pinned version into npm's cache once.
Without npm, or without the registry on a first run, the table says so and the bench
goes on. 12.2.3, not 13: 13 needs Node 22.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from wasmui.cli.staticserve import RevalidatingHandler

from ..harness import WWW, build_scaffold, serve_site

LIGHTHOUSE = "lighthouse@12.2.3"
GALLERY_PAGES = {"main thread": "index.html", "worker": "gallery-worker.html"}
SCAFFOLD_NEW_OPTIONS = {"main thread": ("--main-thread",), "worker": ()}
AUDITS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint", "tbt_ms": "total-blocking-time"}
GOAL = {"score": 90, "tbt_ms": 200}
"""The issue's goal: a score of 90 or more on the mobile preset, total blocking time at most 200 ms."""


def audit(url: str, out: Path) -> dict:
    """One Lighthouse run of ``url``: the score (0-100) and the AUDITS' values in ms."""
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, url, "--only-categories=performance", "--output=json", f"--output-path={out}", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage"],
        check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=600,
    )  # fmt: skip
    report = json.loads(out.read_text())
    numbers = {key: round(report["audits"][name]["numericValue"]) for key, name in AUDITS.items()}
    return {"score": round(report["categories"]["performance"]["score"] * 100)} | numbers


def _sites(scratch: Path) -> dict[str, dict[str, tuple[Path, str]]]:
    """``{site: {mode: (served folder, page)}}``: www/ as it is, and the scaffold built twice."""
    scaffolds = {mode: build_scaffold(scratch / mode.replace(" ", "-"), new_options=options)
                 for mode, options in SCAFFOLD_NEW_OPTIONS.items()}  # fmt: skip
    return {"scaffold": {mode: (folder, "index.html") for mode, folder in scaffolds.items()},
            "gallery": {mode: (WWW, page) for mode, page in GALLERY_PAGES.items()}}  # fmt: skip


def measure(runs: int) -> dict:
    """``{site: {mode: [run, ...]}}``, ``runs`` Lighthouse runs of each page, the modes
    alternating; ``{"error": ...}`` if it cannot run."""
    if shutil.which("npx") is None:
        return {"error": "npx is missing (Debian: apt-get install npm)"}
    with tempfile.TemporaryDirectory(prefix="wasmui-lighthouse-") as scratch:
        try:
            sites = _sites(Path(scratch))
        except RuntimeError as exc:
            return {"error": f"the scaffold did not build: {exc}"}
        table: dict = {site: {mode: [] for mode in pages} for site, pages in sites.items()}
        try:
            for site, pages in sites.items():
                for run in range(runs):
                    for mode, (folder, page) in pages.items():
                        with serve_site(RevalidatingHandler, folder) as base:
                            table[site][mode].append(audit(f"{base}/{page}", Path(scratch) / f"{run}.json"))
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            return {"error": f"lighthouse did not run: {exc}"}
    return table


def print_table(table: dict) -> None:
    print(f"\nLighthouse {LIGHTHOUSE.split('@')[1]}, mobile preset (goal: score >= {GOAL['score']}, "
          f"total blocking time <= {GOAL['tbt_ms']} ms, in worker mode)")  # fmt: skip
    if "error" in table:
        print(f"  not measured: {table['error']}")
        return
    print(f"  {'site':<9} {'mode':<12} {'run':>3} {'score':>5} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7}")
    for site, modes in table.items():
        for mode, runs in modes.items():
            for number, run in enumerate(runs, 1):
                print(f"  {site:<9} {mode:<12} {number:>3} {run['score']:>5} {run['fcp_ms']:>7} {run['lcp_ms']:>7} {run['tbt_ms']:>7}")


def failures(table: dict) -> list[str]:
    """Worker mode's runs that miss the goal (the main thread's are printed, not held to it)."""
    if "error" in table:
        return []
    return [f"Lighthouse on the {site} in worker mode: score {run['score']}, total blocking time {run['tbt_ms']} ms"
            for site, modes in table.items()
            for run in modes.get("worker", []) if run["score"] < GOAL["score"] or run["tbt_ms"] > GOAL["tbt_ms"]]  # fmt: skip
