// wasmui.js: boots Pyodide with wasmui for any page, once per page.
//
//   import { boot } from "./wasmui.js";
//   const pyodide = await boot({ onProgress: (msg) => console.log(msg) });
//
// The Pyodide runtime and the wheels are served from `pyodideBase` (default: the
// `pyodide/` folder next to this file), so the page needs no network at run time.

let booting = null;

/**
 * Loads Pyodide and the wasmui package. Later calls return the same promise.
 * @param {{pyodideBase?: string, packages?: string[], onProgress?: (msg: string) => void}} options
 * @returns {Promise<any>} the page's Pyodide instance, with wasmui importable.
 */
export function boot(options = {}) {
  if (!booting) booting = load(options);
  return booting;
}

async function load({ pyodideBase, packages = [], onProgress = () => {} }) {
  performance.mark("wasmui:boot");
  const base = new URL(pyodideBase ?? "./pyodide/", import.meta.url).href;
  if (location.protocol === "file:") {
    throw new Error("wasmui must be served over http(s): run ./build.sh serve and open http://127.0.0.1:8000/");
  }
  if (typeof WebAssembly !== "object") {
    throw new Error("this browser has no WebAssembly: wasmui needs a current Chromium, Firefox or Safari");
  }
  onProgress("Loading the Python runtime…");
  let pyodideModule;
  try {
    pyodideModule = await import(base + "pyodide.mjs");
  } catch (err) {
    throw new Error(`could not load ${base}pyodide.mjs (was ./build.sh run?): ${err.message}`);
  }
  const pyodide = await pyodideModule.loadPyodide({ indexURL: base });
  performance.mark("wasmui:pyodide-loaded");
  onProgress("Loading wasmui…");
  const errors = [];
  await pyodide.loadPackage(["micropip", "wasmui", ...packages], {
    messageCallback: () => {},
    errorCallback: (msg) => errors.push(msg),
  });
  if (errors.length) throw new Error(`package load failed: ${errors.join("; ")}`);
  pyodide.runPython("import wasmui");
  performance.mark("wasmui:packages-loaded");
  onProgress("Ready");
  return pyodide;
}
