// wasmui.js: boots Pyodide with wasmui for any page, once per page.
//
//   import { boot } from "./wasmui.js";
//   const pyodide = await boot({ mode: "production", packages: ["myapp"], onProgress: (msg) => console.log(msg) });
//
// `mode` is "development" (the default: checks, leak inspector, error overlay) or
// "production" (none of them), or a <meta name="wasmui-mode" content="production"> (what
// `wasmui build` writes); `?wasmui-inspect` in the page's URL asks for development.
// `packages` are loaded by name from the dist's pyodide-lock.json, beside wasmui.
//
// It also defines <wasmui-app component="module:Class" src="file.py" packages="myapp" props='{"a": 1}'>:
// the component mounts when the element is connected and unmounts (releasing all it
// holds) when the element is disconnected. A <meta name="wasmui-pyodide" content="url">
// sets the runtime's location (a CDN, say), <meta name="wasmui-package-base" content="url">
// the folder of the lock file and the wheels when they are elsewhere (default: the runtime's),
// and <meta name="wasmui-packages" content="a b"> packages for
// the whole page. Whoever asks first (an element or a boot() call) boots the page; packages
// named later, by another element or boot() call, are loaded then: any order works.

let booting = null;
let bootedFrom = null;
const packageLoads = new Map(); // package name -> the promise of its load

/**
 * Loads Pyodide and the wasmui package, once per page. A later call returns the same
 * Pyodide once it has also loaded the packages that call names (and applied its mode).
 * @param {{pyodideBase?: string, packageBase?: string, packages?: string[],
 *          mode?: "development" | "production", onProgress?: (msg: string) => void}} options
 * @returns {Promise<any>} the page's Pyodide instance, with wasmui and the packages importable.
 */
export function boot(options = {}) {
  const base = runtimeBase(options.pyodideBase);
  if (!booting) {
    bootedFrom = base;
    booting = load(base, options);
    return booting;
  }
  if (base !== bootedFrom) {
    return Promise.reject(new Error(`boot(): this page already loaded Pyodide from ${bootedFrom}; it cannot also use ${base}`));
  }
  return booting.then(async (pyodide) => {
    await loadPackages(pyodide, options.packages ?? []);
    if (options.mode) setMode(pyodide, options.mode); // raises if the page already runs in the other mode
    return pyodide;
  });
}

function runtimeBase(pyodideBase) {
  const fromPage = document.querySelector('meta[name="wasmui-pyodide"]')?.content;
  return new URL(pyodideBase ?? fromPage ?? "./pyodide/", import.meta.url).href;
}

/** The page's own packages: <meta name="wasmui-packages" content="a b">. */
function pagePackages() {
  return (document.querySelector('meta[name="wasmui-packages"]')?.content ?? "").split(/\s+/).filter(Boolean);
}

/** Loads the packages not loaded (or loading) yet, in one loadPackage call so that their
 * downloads run in parallel; rejects naming each package the dist does not have. */
async function loadPackages(pyodide, names) {
  const missing = names.filter((name) => !packageLoads.has(name));
  if (missing.length) {
    const load = (async () => {
      const errors = [];
      try {
        await pyodide.loadPackage(missing, { messageCallback: () => {}, errorCallback: (msg) => errors.push(msg) });
      } catch (err) {
        errors.push(err.message); // e.g. a name the lock file does not list
      }
      const failed = missing.filter((name) => !(name in pyodide.loadedPackages));
      if (failed.length) {
        failed.forEach((name) => packageLoads.delete(name)); // a corrected dist may try again
        throw new Error(`package ${failed.join(", ")} could not be loaded: is it in this site's pyodide-lock.json `
          + `(built into the dist)? ${errors.join("; ")}`);
      }
    })();
    missing.forEach((name) => packageLoads.set(name, load));
  }
  await Promise.all(names.map((name) => packageLoads.get(name)));
}

function setMode(pyodide, mode) {
  const wasmui = pyodide.pyimport("wasmui");
  try {
    wasmui.set_mode(mode); // before any mount: the mode is chosen once per page
  } finally {
    wasmui.destroy();
  }
}

/** Where the lock file and the wheels are: the runtime's folder unless the page says otherwise. */
function packageBaseOf(base, options) {
  const fromPage = document.querySelector('meta[name="wasmui-package-base"]')?.content;
  const chosen = options.packageBase ?? fromPage;
  return chosen ? new URL(chosen, import.meta.url).href : base;
}

async function load(base, options) {
  const { packages = [], onProgress = () => {} } = options;
  let { mode } = options;
  performance.mark("wasmui:boot");
  if (location.protocol === "file:") {
    throw new Error("wasmui must be served over http(s), not opened as a file: run `wasmui dev` (or serve the "
      + "folder `wasmui build` made with any static server; in wasmui's own clone, ./build.sh serve)");
  }
  if (typeof WebAssembly !== "object") {
    throw new Error("this browser has no WebAssembly: wasmui needs a current Chromium, Firefox or Safari");
  }
  onProgress("Loading the Python runtime…");
  let pyodideModule;
  try {
    pyodideModule = await import(base + "pyodide.mjs");
  } catch (err) {
    throw new Error(`could not load ${base}pyodide.mjs (is the Pyodide runtime there? \`wasmui dev\` and \`wasmui build\` `
      + `put it there; in wasmui's own clone, ./build.sh): ${err.message}`);
  }
  const packageBase = packageBaseOf(base, options);
  const pyodide = await pyodideModule.loadPyodide({
    indexURL: base,
    lockFileURL: `${packageBase}pyodide-lock.json`,
    packageBaseUrl: packageBase,
  });
  performance.mark("wasmui:pyodide-loaded");
  onProgress("Loading wasmui…");
  await loadPackages(pyodide, [...new Set(["wasmui", ...packages, ...pagePackages()])]);
  mode ??= document.querySelector('meta[name="wasmui-mode"]')?.content;
  if (new URLSearchParams(location.search).has("wasmui-inspect")) mode = "development";
  if (mode) setMode(pyodide, mode);
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
      const packages = (this.getAttribute("packages") ?? "").split(/\s+/).filter(Boolean);
      const pyodide = await boot({ packages });
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
