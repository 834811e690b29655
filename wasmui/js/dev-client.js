// The page side of `wasmui dev` (hot reload): injected into the page by the dev server.
//
// The server streams "change" events (server-sent events) naming the files that changed.
// Python sources are fetched and handed to wasmui.hot_reload inside the page's Pyodide,
// which re-imports the modules and moves each mounted component onto its new class: no page
// reload, the instance (state, attributes) kept where its class still fits, on_init not run
// again. A component it had to remount instead is named in the console with the reason;
// errors show in wasmui's overlay. In worker mode (boot() gives a WorkerApp) the same
// reload runs in the worker, asked for by one message (WorkerApp.hotReload); an error shows
// in the overlay the worker draws, and is printed in the page's console too (a worker's own
// console messages are not the page's in every browser's tools). A stylesheet is swapped in
// place; any other HTML or JavaScript change reloads the page.
import { boot } from "/wasmui.js";

const events = new EventSource("/__wasmui/events");
let queue = Promise.resolve();

events.addEventListener("change", (message) => {
  const { python, assets } = JSON.parse(message.data);
  if (assets.some((path) => !path.endsWith(".css"))) {
    location.reload(); // the page or a script changed: nothing to patch in place
    return;
  }
  assets.forEach(swapStylesheet);
  if (python.length) {
    queue = queue.then(() => reload(python)).catch((err) => console.error("wasmui dev: hot reload failed", err));
  }
});

/** Re-fetches the stylesheets loaded from `path`: new styles, same page, same state. */
function swapStylesheet(path) {
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    const url = new URL(link.href);
    if (url.origin === location.origin && url.pathname === `/${path}`) {
      url.searchParams.set("wasmui-dev", String(Date.now()));
      link.href = url.href;
    }
  }
}

async function reload(files) {
  const sources = await Promise.all(files.map(async (path) => {
    const response = await fetch(`/__wasmui/source/${path}`, { cache: "no-store" });
    return [path, await response.text()];
  }));
  const booted = await boot();
  const inWorker = typeof booted.hotReload === "function"; // a WorkerApp, not a Pyodide
  const report = inWorker ? await booted.hotReload(JSON.stringify(sources)) : applyOnPage(booted, sources);
  if (report.error) {
    // wasmui shows it in the overlay already; on the page it has logged it too
    if (inWorker) console.error(`wasmui dev: hot reload of ${files.join(", ")} failed: ${report.error}`);
    return;
  }
  console.info(`wasmui dev: reloaded ${files.join(", ")}; kept ${report.kept.join(", ") || "no component"}`);
  for (const [path, reason] of report.remounted) {
    console.warn(`wasmui dev: remounted ${path}: ${reason}`);
  }
  document.documentElement.dataset.wasmuiReloads = String(Number(document.documentElement.dataset.wasmuiReloads ?? 0) + 1);
}

/** The reload in the page's own Pyodide (main-thread mode): the report, parsed. */
function applyOnPage(pyodide, sources) {
  const hotReload = pyodide.pyimport("wasmui.hot_reload");
  try {
    return JSON.parse(hotReload.apply(JSON.stringify(sources)));
  } finally {
    hotReload.destroy();
  }
}
