// The gallery page: boots wasmui with a visible progress line, writes the example
// modules into Pyodide's file system (so they import as real modules and their
// source can be shown), and mounts the gallery shell.
import { boot } from "./wasmui.js";

const EXAMPLES = ["counter", "todo", "clock", "chart", "dialog", "loading", "table", "contacts"];
const status = document.getElementById("status");
const progress = document.getElementById("progress");

try {
  const pyodide = await boot({ onProgress: (msg) => { status.textContent = msg; progress.value += 1; } });
  status.textContent = "Loading the examples…";
  pyodide.FS.mkdirTree("/home/pyodide/examples");
  const sources = {};
  for (const name of ["__init__", ...EXAMPLES]) {
    const response = await fetch(`examples/${name}.py`);
    if (!response.ok) throw new Error(`examples/${name}.py: HTTP ${response.status}`);
    const text = await response.text();
    pyodide.FS.writeFile(`/home/pyodide/examples/${name}.py`, text);
    if (name !== "__init__") sources[name] = text;
  }
  pyodide.FS.writeFile("/home/pyodide/gallery.py", await (await fetch("gallery.py")).text());
  const selected = new URLSearchParams(location.search).get("example") || "counter";
  // the page is pre-rendered with the counter selected (build.sh): another choice mounts afresh
  if (selected !== "counter") document.getElementById("gallery").removeAttribute("data-wasmui-prerendered");
  pyodide.globals.set("gallery_props", pyodide.toPy({ sources, selected }));
  pyodide.runPython("import gallery, wasmui; wasmui.mount(gallery.Gallery, '#gallery', gallery_props)");
  requestAnimationFrame(() => performance.mark("wasmui:first-render"));
  window.wasmuiVersion = pyodide.runPython("wasmui.__version__");
  document.getElementById("loading").hidden = true;
  document.documentElement.dataset.wasmui = "ready";
} catch (err) {
  status.textContent = `wasmui could not start: ${err.message}`;
  document.getElementById("loading").classList.add("failed");
  document.documentElement.dataset.wasmui = "failed";
  console.error(err);
}
