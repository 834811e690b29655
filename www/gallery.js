// The gallery page: boots wasmui with a visible progress line, fetches the gallery's and
// the examples' sources (gallery.py installs the examples from them, so they import as
// real modules and their source can be shown), and mounts the gallery shell. In worker
// mode (gallery-worker.html's meta tag) Python runs in a worker and the page mounts the
// shell through the WorkerApp; on the page, Pyodide's own file system and runPython.
import { boot } from "./wasmui.js";

const EXAMPLES = ["counter", "todo", "clock", "chart", "dialog", "loading", "table", "contacts", "modal", "resource"];
const status = document.getElementById("status");
const progress = document.getElementById("progress");
const inWorker = document.querySelector('meta[name="wasmui-worker"]')?.content === "on";

async function source(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

try {
  // the sources download while Pyodide starts, all at once
  const texts = Promise.all(EXAMPLES.map((name) => source(`examples/${name}.py`)));
  const shell = inWorker ? null : source("gallery.py");
  const started = await boot({ onProgress: (msg) => { status.textContent = msg; progress.value += 1; } });
  const sources = Object.fromEntries((await texts).map((text, i) => [EXAMPLES[i], text]));
  const selected = new URLSearchParams(location.search).get("example") || "counter";
  const gallery = document.getElementById("gallery");
  // the page is pre-rendered with the counter selected (build.sh): another choice mounts afresh
  if (selected !== "counter") gallery.removeAttribute("data-wasmui-prerendered");
  if (inWorker) {
    await started.mount(gallery, "gallery:Gallery", { props: JSON.stringify({ sources, selected }), src: "gallery.py" });
    window.wasmuiApp = started; // the WorkerApp, for tests and tools (stats(), pageHeld())
  } else {
    started.FS.writeFile("/home/pyodide/gallery.py", await shell);
    started.globals.set("gallery_props", started.toPy({ sources, selected }));
    started.runPython("import gallery, wasmui; wasmui.mount(gallery.Gallery, '#gallery', gallery_props)");
    window.wasmuiVersion = started.runPython("wasmui.__version__");
  }
  performance.mark("wasmui:interactive"); // the handlers are attached: a click is Python's now
  requestAnimationFrame(() => performance.mark("wasmui:first-render"));
  document.getElementById("loading").hidden = true;
  document.documentElement.dataset.wasmui = "ready";
} catch (err) {
  status.textContent = `wasmui could not start: ${err.message}`;
  document.getElementById("loading").classList.add("failed");
  document.documentElement.dataset.wasmui = "failed";
  console.error(err);
}
