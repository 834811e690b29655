// The page side of `wasmui dev` (hot reload): injected into the page by the dev server.
//
// The server streams "change" events (server-sent events) naming the Python files that
// changed; this fetches their new source and hands it to wasmui.hot_reload inside the
// page's Pyodide, which re-imports the modules and remounts the roots in place: no page
// reload, component state kept where it still fits. Errors show in wasmui's overlay.
import { boot } from "/wasmui.js";

const events = new EventSource("/__wasmui/events");
let queue = Promise.resolve();

events.addEventListener("change", (message) => {
  const { files } = JSON.parse(message.data);
  queue = queue.then(() => reload(files)).catch((err) => console.error("wasmui dev: hot reload failed", err));
});

async function reload(files) {
  const sources = await Promise.all(files.map(async (path) => {
    const response = await fetch(`/__wasmui/source/${path}`, { cache: "no-store" });
    return [path, await response.text()];
  }));
  const pyodide = await boot();
  const hotReload = pyodide.pyimport("wasmui.hot_reload");
  try {
    const remounted = hotReload.apply(JSON.stringify(sources));
    console.info(`wasmui dev: reloaded ${files.join(", ")}; remounted ${remounted.toJs().join(", ") || "nothing"}`);
    remounted.destroy();
  } finally {
    hotReload.destroy();
  }
  document.documentElement.dataset.wasmuiReloads = String(Number(document.documentElement.dataset.wasmuiReloads ?? 0) + 1);
}
