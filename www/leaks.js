// The leak demo page: loads leaky_demo.py as a real module (so the inspector can name
// its globals), mounts it, and opens the inspector.
import { boot } from "./wasmui.js";

const status = document.getElementById("status");
try {
  const pyodide = await boot({ onProgress: (msg) => { status.textContent = msg; } });
  const source = await (await fetch("leaky_demo.py")).text();
  document.getElementById("source").textContent = source;
  pyodide.FS.writeFile("/home/pyodide/leaky_demo.py", source);
  pyodide.runPython("import leaky_demo; leaky_demo.main()\nfrom wasmui import inspector_panel; inspector_panel.open(focus=False)");
  status.textContent = "Running. Unmount the counters and read the inspector.";
  document.documentElement.dataset.wasmui = "ready";
} catch (err) {
  status.textContent = `wasmui could not start: ${err.message}`;
  status.classList.add("failed");
  document.documentElement.dataset.wasmui = "failed";
  console.error(err);
}
