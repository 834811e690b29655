// The gallery page: boots wasmui with a visible progress line, writes the example
// modules into Pyodide's file system (so they import as real modules and their
// source can be shown), and mounts the gallery shell.
import { boot } from "./wasmui.js";

const EXAMPLES = ["counter", "todo", "clock", "chart", "dialog", "loading", "table", "contacts", "modal", "resource"];
const status = document.getElementById("status");
const progress = document.getElementById("progress");

async function source(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

try {
  // the sources download while Pyodide starts, all at once
  const files = ["gallery.py", ...["__init__", ...EXAMPLES].map((name) => `examples/${name}.py`)];
  const texts = Promise.all(files.map(source));
  const pyodide = await boot({ onProgress: (msg) => { status.textContent = msg; progress.value += 1; } });
  pyodide.FS.mkdirTree("/home/pyodide/examples");
  const sources = {};
  (await texts).forEach((text, i) => {
    pyodide.FS.writeFile(`/home/pyodide/${files[i]}`, text);
    const name = files[i].match(/^examples\/(\w+)\.py$/)?.[1];
    if (name && name !== "__init__") sources[name] = text;
  });
  const selected = new URLSearchParams(location.search).get("example") || "counter";
  // the page is pre-rendered with the counter selected (build.sh): another choice mounts afresh
  if (selected !== "counter") document.getElementById("gallery").removeAttribute("data-wasmui-prerendered");
  pyodide.globals.set("gallery_props", pyodide.toPy({ sources, selected }));
  pyodide.runPython("import gallery, wasmui; wasmui.mount(gallery.Gallery, '#gallery', gallery_props)");
  performance.mark("wasmui:interactive"); // the handlers are attached: a click is Python's now
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
