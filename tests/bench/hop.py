"""One commit's hop from the worker to the page (#26): a JSON string posted as it is, against
the same text encoded to bytes and its buffer transferred (``postMessage(..., [buffer])``),
which the issue suggested if it helps. Each is timed from the worker's post to the page
having the parsed op list (what the applier does with either), median of 12 after 3 warm-ups,
for op lists of 2 KB to 5 MB (a 10,000-row create is about 5 MB of ops).

    .venv/bin/python -m tests.bench.hop [ENGINE ...]

The page is a blank one and the worker a blob, so nothing else runs meanwhile.
"""

from __future__ import annotations

import sys

from wasmui.cli.engines import launch

SIZES = (2_000, 100_000, 1_000_000, 5_000_000)

SCRIPT = r"""
const [sizes, done] = [arguments[0], arguments[arguments.length - 1]];
const workerSource = `
  const row = (i) => [1, i, "tr", 2, i, "class", "row", 3, i + 1, "td", 4, i + 1, "" + i, 5, i, i + 1];
  onmessage = ({ data: { size, mode } }) => {
    const rows = [];
    for (let i = 0, length = 2; length < size; i++) { const r = JSON.stringify(row(i)); rows.push(r); length += r.length + 1; }
    const text = "[" + rows.join(",") + "]";
    const start = performance.timeOrigin + performance.now();
    if (mode === "string") postMessage({ start, text });
    else { const bytes = new TextEncoder().encode(text); postMessage({ start, bytes }, [bytes.buffer]); }
  };`;
const worker = new Worker(URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" })));
const once = (size, mode) => new Promise((resolve) => {
  worker.onmessage = ({ data }) => {
    JSON.parse(data.text ?? new TextDecoder().decode(data.bytes));
    resolve(performance.timeOrigin + performance.now() - data.start);
  };
  worker.postMessage({ size, mode });
});
(async () => {
  const results = [];
  for (const size of sizes) for (const mode of ["string", "buffer"]) {
    const times = [];
    for (let k = 0; k < 15; k++) times.push(await once(size, mode));
    const kept = times.slice(3).sort((a, b) => a - b);
    results.push([size, mode, kept[Math.floor(kept.length / 2)]]);
  }
  worker.terminate();
  done(results);
})();
"""


def measure(engine: str) -> list[tuple[int, str, float]]:
    driver = launch(engine)
    try:
        driver.set_script_timeout(120)
        driver.get("data:text/html,<title>hop</title>")
        return [tuple(row) for row in driver.execute_async_script(SCRIPT, list(SIZES))]
    finally:
        driver.quit()


def main(engines: list[str]) -> None:
    for engine in engines:
        rows = {(size, mode): ms for size, mode, ms in measure(engine)}
        print(f"\none commit's hop, worker to page, in {engine} (median ms: post to parsed ops)")
        print(f"{'op list':>12}{'string':>10}{'transferred buffer':>20}")
        for size in SIZES:
            print(f"{size:>12,}{rows[size, 'string']:>10.1f}{rows[size, 'buffer']:>20.1f}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["chromium"])
