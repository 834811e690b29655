"""The bytes table of ``./build.sh bench``: what a visit to the scaffold moves over the wire.

A ``wasmui new`` project is built twice, as a user ships it: ``wasmui build`` (with the
``.br``/``.gz`` copies, which the server sends) and ``wasmui build --no-compress`` (for a
host that sends files as they are). Each is served by ``wasmui serve``'s own handler,
which here counts every byte it writes (status lines, headers and bodies). A cold visit is
a new browser (empty caches); a warm one is the same browser loading the page again. A
visit ends when the app is mounted and the memory snapshot it starts is stored, so the
snapshot's own requests are counted too.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from pathlib import Path

from selenium.webdriver.support.ui import WebDriverWait

from wasmui.cli.engines import launch
from wasmui.cli.staticserve import RevalidatingHandler

from ..harness import build_scaffold

GOAL = 5_500_000
"""The cold visit's budget, compressed (#25: 13.8 MB before)."""


class _Counter:
    """Bytes and responses a server sent, shared by its handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.bytes, self.statuses = 0, []

    def add(self, size: int) -> None:
        with self.lock:
            self.bytes += size


class _CountingFile:
    def __init__(self, raw, counter: _Counter):
        self._raw, self._counter = raw, counter

    def write(self, data) -> int:
        self._counter.add(len(data))
        return self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


def _handler(counter: _Counter, precompressed: bool) -> type:
    class Counting(RevalidatingHandler):
        def setup(self):
            super().setup()
            self.wfile = _CountingFile(self.wfile, counter)

        def log_request(self, code="-", size="-"):
            counter.statuses.append(int(getattr(code, "value", code)))

    Counting.precompressed = precompressed
    return Counting


def _visit(driver, url: str, counter: _Counter) -> dict:
    counter.reset()
    driver.get(url)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.querySelector('wasmui-app')?.dataset.state") == "mounted")
    made = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; (window.wasmuiStartup.made ?? Promise.resolve('none')).then(done, done)"
    )
    return {"bytes": counter.bytes, "sent": counter.statuses.count(200), "revalidated": counter.statuses.count(304),
            "snapshot": made if isinstance(made, str) else "failed"}  # fmt: skip


def measure(engine: str = "chromium") -> dict[str, dict[str, dict]]:
    """``{"compressed" | "uncompressed": {"cold" | "warm": {bytes, sent, revalidated}}}``."""
    table: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="wasmui-bench-") as scratch:
        builds = {"compressed": (build_scaffold(Path(scratch), out=Path(scratch) / "dist-compressed"), True),
                  "uncompressed": (build_scaffold(Path(scratch), "--no-compress", out=Path(scratch) / "dist-no-compress"), False)}  # fmt: skip
        for transfer, (folder, precompressed) in builds.items():
            counter = _Counter()
            handler = functools.partial(_handler(counter, precompressed), directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            driver = launch(engine)
            try:
                url = f"http://127.0.0.1:{server.server_address[1]}/"
                table[transfer] = {"cold": _visit(driver, url, counter), "warm": _visit(driver, url, counter)}
            finally:
                driver.quit()
                server.shutdown()
                server.server_close()
    return table


def print_table(table: dict[str, dict[str, dict]], engine: str = "chromium") -> None:
    print(f"\nbytes over the wire in {engine}: the scaffold (wasmui new) built and served by wasmui serve "
          "(counted by the server: status lines, headers, bodies)")  # fmt: skip
    print(f"{'transfer':<30}{'visit':<7}{'bytes':>13}{'files sent':>12}{'revalidated':>13}")
    labels = {"compressed": "compressed (.br)", "uncompressed": "uncompressed (--no-compress)"}
    for transfer, visits in table.items():
        for visit, row in visits.items():
            print(f"{labels[transfer]:<30}{visit:<7}{row['bytes']:>13,}{row['sent']:>12}{row['revalidated']:>13}")
    cold = table["compressed"]["cold"]["bytes"]
    print(f"goal: a cold visit, compressed, <= {GOAL:,} bytes (13.8 MB before #25): {'met' if cold <= GOAL else 'NOT MET'}")


if __name__ == "__main__":
    print_table(measure())
