// wasmui.js: boots Pyodide with wasmui for any page, once per page.
//
//   import { boot } from "./wasmui.js";
//   const pyodide = await boot({ mode: "production", onProgress: (msg) => console.log(msg) });
//
// `mode` is "development" (the default: checks, leak inspector, error overlay) or
// "production" (none of them); `?wasmui-inspect` in the page's URL asks for development.
//
// The Pyodide runtime and the wheels are served from `pyodideBase` (default: the
// `pyodide/` folder next to this file), so the page needs no network at run time.
//
// It also defines <wasmui-app component="module:Class" src="file.py" props='{"a": 1}'>:
// the component mounts when the element is connected and unmounts (releasing all it
// holds) when the element is disconnected. Before boot() is called with options, the
// element boots with the defaults; a <meta name="wasmui-pyodide" content="url"> overrides
// the runtime's location for it.

let booting = null;

/**
 * Loads Pyodide and the wasmui package. Later calls return the same promise.
 * @param {{pyodideBase?: string, packages?: string[], mode?: "development" | "production",
 *          onProgress?: (msg: string) => void}} options
 * @returns {Promise<any>} the page's Pyodide instance, with wasmui importable.
 */
export function boot(options = {}) {
  if (!booting) booting = load(options);
  return booting;
}

async function load({ pyodideBase, packages = [], mode, onProgress = () => {} }) {
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
  if (new URLSearchParams(location.search).has("wasmui-inspect")) mode = "development";
  const wasmui = pyodide.pyimport("wasmui");
  if (mode) wasmui.set_mode(mode); // before any mount: the mode is chosen once per page
  wasmui.destroy();
  performance.mark("wasmui:packages-loaded");
  onProgress("Ready");
  return pyodide;
}

const loadedSources = new Map();

/** Writes `src` into Pyodide's file system as `<module>.py` once per page. */
function loadSource(pyodide, module, src) {
  const url = new URL(src, document.baseURI).href;
  if (!loadedSources.has(url)) {
    loadedSources.set(url, (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not fetch ${src}: HTTP ${response.status}`);
      const path = `/home/pyodide/${module.replaceAll(".", "/")}.py`;
      pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
      pyodide.FS.writeFile(path, await response.text());
      pyodide.runPython("import importlib; importlib.invalidate_caches()");
    })());
  }
  return loadedSources.get(url);
}

class WasmuiApp extends HTMLElement {
  #root = null;
  #generation = 0;

  async connectedCallback() {
    const generation = ++this.#generation;
    const spec = this.getAttribute("component") || "";
    this.setAttribute("aria-busy", "true");
    this.dataset.state = "loading";
    try {
      const base = document.querySelector('meta[name="wasmui-pyodide"]')?.content;
      const pyodide = await boot(base ? { pyodideBase: base } : {});
      const src = this.getAttribute("src");
      if (src) await loadSource(pyodide, spec.split(":")[0], src);
      if (generation !== this.#generation || !this.isConnected) return; // removed while loading
      const embed = pyodide.pyimport("wasmui.embed");
      this.#root = embed.mount_element(this, spec, this.getAttribute("props"));
      embed.destroy();
      this.dataset.state = "mounted";
    } catch (err) {
      this.dataset.state = "failed";
      this.textContent = `wasmui could not mount ${spec}: ${err.message}`;
      console.error(err);
    } finally {
      this.removeAttribute("aria-busy");
    }
  }

  disconnectedCallback() {
    this.#generation++;
    if (this.#root) {
      this.#root.unmount();
      this.#root.destroy(); // the PyProxy of the Root: nothing of it stays behind
      this.#root = null;
      this.dataset.state = "unmounted";
    }
  }
}

if (!customElements.get("wasmui-app")) customElements.define("wasmui-app", WasmuiApp);
