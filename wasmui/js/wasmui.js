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
//
// Startup: a container marked data-wasmui-prerendered (`wasmui build` writes its first view
// into the page) is adopted, not rebuilt, when its component mounts; clicks, typing and
// submits on it before then are held and replayed once its handlers are attached. After the
// first visit, a memory snapshot of Pyodide with wasmui and the page's packages imported,
// made in a worker and kept in IndexedDB, replaces Pyodide's own start (see
// startup.snapshot; `boot({snapshot: false})`, <meta name="wasmui-snapshot" content="off"> or
// ?wasmui-snapshot=off in the page's URL turns it off).
//
// Worker mode (#26): `boot({worker: true})` or <meta name="wasmui-worker" content="on">
// runs Pyodide, wasmui and the app in a dedicated worker (this same file, started as a
// module worker named "wasmui"); the page keeps only the applier, the event forwarding
// and this script, so long Python work never blocks it. boot() then resolves to a
// WorkerApp (see bootWorker), and <wasmui-app> elements mount through it as before.

let booting = null;
let bootedFrom = null;
let bootedInWorker = false;
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
  const worker = workerWanted(options);
  if (!booting) {
    bootedFrom = base;
    bootedInWorker = worker;
    booting = worker ? bootWorker(base, options) : load(base, options);
    return booting;
  }
  if (base !== bootedFrom) {
    return Promise.reject(new Error(`boot(): this page already loaded Pyodide from ${bootedFrom}; it cannot also use ${base}`));
  }
  if (options.worker !== undefined && worker !== bootedInWorker) {
    return Promise.reject(new Error(`boot(): this page already runs Python ${bootedInWorker ? "in a worker" : "on the page"}`));
  }
  if (bootedInWorker) {
    return booting.then(async (app) => {
      await app.loadPackages(options.packages ?? []);
      return app;
    });
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

/** Loads the packages not loaded (or loading) yet: pure-Python wheels unpacked directly
 * (installWheels), the rest in one loadPackage call so that their downloads run in
 * parallel; rejects naming each package the dist does not have. */
async function loadPackages(pyodide, names) {
  const missing = names.filter((name) => !packageLoads.has(name));
  if (missing.length) {
    const load = (async () => {
      const errors = [];
      try {
        const pure = lockClosure(pyodide.lockfile, missing).filter((e) => isPure(e) && !(e.name in pyodide.loadedPackages));
        await installWheels(pyodide, pure, pyodide.lockfileBaseUrl);
        for (const entry of pure) pyodide.loadedPackages[entry.name] = "default channel";
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

/** What the page's start did, for tests and the benchmark: `snapshot` is "off",
 * "unavailable" (not a secure context, or no IndexedDB or workers), "restored", "making", "stored" or
 * "failed"; `error` says why the last attempt failed. */
export const startup = { snapshot: "off", key: null, error: null };
if (typeof window !== "undefined") window.wasmuiStartup = startup;

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
  preload(base, ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]);
  const packageBase = packageBaseOf(base, options);
  // the lock, the runtime's module and the wheels' downloads start together
  const lockText = fetchLock(packageBase);
  const wanted = [...new Set(["wasmui", ...packages, ...pagePackages()])];
  const lock = lockText.then(JSON.parse); // parsed once: the preloads and the snapshot plan read it
  lock.then((parsed) => preload(packageBase, lockClosure(parsed, wanted).map((e) => e.file_name)), () => {});
  const snapshotStore = snapshotsWanted(options) ? openSnapshots() : null;
  const { pyodide, snapshots } = await startPyodide({ base, packageBase, lockText, lock, wanted, snapshotStore });
  performance.mark("wasmui:pyodide-loaded");
  onProgress("Loading wasmui…");
  await loadPackages(pyodide, wanted); // after a restore: the files only (the modules are imported already)
  mode ??= document.querySelector('meta[name="wasmui-mode"]')?.content;
  if (new URLSearchParams(location.search).has("wasmui-inspect")) mode = "development";
  if (mode) setMode(pyodide, mode);
  performance.mark("wasmui:packages-loaded");
  onProgress("Ready");
  if (snapshots && startup.snapshot !== "restored") makeSnapshotLater(base, snapshots);
  return pyodide;
}

/** The text of the dist's pyodide-lock.json (a promise: the caller starts other downloads meanwhile). */
function fetchLock(packageBase) {
  const lockURL = `${packageBase}pyodide-lock.json`;
  return fetch(lockURL).then((response) => {
    if (!response.ok) throw new Error(`could not fetch ${lockURL}: HTTP ${response.status}`);
    return response.text();
  });
}

/** Pyodide for a start, on the page or in worker mode's worker: restored from the stored
 * snapshot when one fits (snapshotStore: the store's promise, or null for none), else
 * started normally; with the snapshot plan (null when snapshots are off or cannot hold
 * these packages) that a start which did not restore hands to makeSnapshotLater. */
async function startPyodide({ base, packageBase, lockText, lock, wanted, snapshotStore }) {
  let pyodideModule;
  try {
    pyodideModule = await import(base + "pyodide.mjs");
  } catch (err) {
    throw new Error(`could not load ${base}pyodide.mjs (is the Pyodide runtime there? \`wasmui dev\` and \`wasmui build\` `
      + `put it there; in wasmui's own clone, ./build.sh): ${err.message}`);
  }
  const settings = { indexURL: base, lockFileContents: lockText, packageBaseUrl: packageBase };
  const snapshots = snapshotStore && await snapshotPlan(snapshotStore, pyodideModule.version, packageBase, await lockText, await lock, wanted);
  let pyodide = snapshots?.stored ? await restore(pyodideModule, settings, snapshots) : null;
  pyodide ??= await pyodideModule.loadPyodide(settings);
  return { pyodide, snapshots };
}

/** Starts downloading what Pyodide will ask for next (its module, its WebAssembly, the
 * standard library, the page's wheels) at once, in parallel, instead of one after the
 * other as each step finds it needs the next; the browser hands each download to the
 * request that asks for it (preloads are matched by URL and mode). */
function preload(base, files) {
  for (const file of files) {
    const link = document.createElement("link");
    link.rel = file.endsWith(".mjs") ? "modulepreload" : "preload";
    if (link.rel === "preload") link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = new URL(file, base).href;
    document.head.append(link);
  }
}

/** The lock file's entries for `names` and all they depend on (unknown names are left
 * out: loadPackage names them in its error). */
function lockClosure(lock, names) {
  const entries = new Map();
  const visit = (name) => {
    const entry = lock.packages[name.toLowerCase().replaceAll("_", "-")] ?? lock.packages[name];
    if (!entry || entries.has(entry.name)) return;
    entries.set(entry.name, entry);
    (entry.depends ?? []).forEach(visit);
  };
  names.forEach(visit);
  return [...entries.values()];
}

const isPure = (entry) => entry.file_name.endsWith("-none-any.whl") && !entry.shared_library;

/** Unpacks pure-Python wheels (lock file entries) into site-packages, checked against the
 * lock file's SHA-256: five times quicker than Pyodide's loadPackage for wasmui's wheel
 * (34 against 180 ms, measured), and it creates no JS-side entry, so a Pyodide started
 * for a snapshot can use it too. Packages with compiled code are left to loadPackage. */
async function installWheels(pyodide, entries, base) {
  if (!globalThis.crypto?.subtle) return; // not a secure context: no SHA-256 here, loadPackage checks
  const wheels = await Promise.all(entries.map(async (entry) => {
    const url = new URL(entry.file_name, base).href;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const sha256 = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
    if (sha256 !== entry.sha256) throw new Error(`${entry.file_name}: its SHA-256 is not the one in pyodide-lock.json`);
    return bytes;
  }));
  const paths = wheels.map((bytes, i) => {
    const path = `/tmp/wasmui-wheel-${i}.whl`;
    pyodide.FS.writeFile(path, bytes);
    return path;
  });
  // the paths as a JSON literal in the code: a value passed in from JS would be a JS-side entry
  pyodide.runPython(`
import importlib, json, os, sysconfig, zipfile
for path in json.loads(${JSON.stringify(JSON.stringify(paths))}):
    zipfile.ZipFile(path).extractall(sysconfig.get_paths()["purelib"])
    os.remove(path)
importlib.invalidate_caches()
`);
}

// --- memory snapshots (Pyodide's private _makeSnapshot/_loadSnapshot: pinned with the
// runtime, tested in tests/browser/test_startup.py, used here and nowhere else) ----------

// Kept in IndexedDB (database "wasmui", store "snapshots", the key a URL-like string):
// WebKit's Cache API loses an entry when the page that wrote it is loaded again at the
// same URL (measured with WebKitGTK 2.50); IndexedDB keeps it in every engine.

/** The page's snapshot store (an IDBDatabase). Opened as the start begins and awaited
 * later, so a failure is marked handled here: snapshotPlan reports it. */
function openSnapshots() {
  const opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("wasmui", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("snapshots");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  opened.catch(() => {});
  return opened;
}

/** One request on the snapshot store, as a promise of its result. */
function onSnapshots(db, mode, act) {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction("snapshots", mode);
    const request = act(transaction.objectStore("snapshots"));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("aborted"));
  });
}

function snapshotsWanted(options) {
  if (options.snapshot === false || document.querySelector('meta[name="wasmui-snapshot"]')?.content === "off"
      || new URLSearchParams(location.search).get("wasmui-snapshot") === "off") {
    return false;
  }
  // a secure context (https, localhost): the wheels' SHA-256 (installWheels) needs one
  if (typeof indexedDB === "undefined" || typeof Worker === "undefined" || !globalThis.crypto?.subtle) {
    startup.snapshot = "unavailable";
    return false;
  }
  return true;
}

/** FNV-1a, 32 bits, as hex: enough to tell one lock file from another in a cache key. */
function digest(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/** The snapshot this page would use: its cache key (the runtime's version, the lock file
 * and the packages imported in it), the wheels to install in it, and the stored one if any;
 * null when none can serve (compiled packages), or when the store cannot be read: a
 * snapshot only makes a start faster, so a store that fails (IndexedDB refused, a lost
 * connection to the browser's database process) must not stop the page. */
async function snapshotPlan(snapshotStore, version, packageBase, lockText, lock, wanted) {
  const included = wanted.filter((name) => lockClosure(lock, [name]).length);
  const entries = lockClosure(lock, included);
  // pure-Python wheels only: installWheels unpacks them; Pyodide's package loader leaves
  // JS-side entries behind that a snapshot cannot hold
  if (!entries.every(isPure)) return null;
  const prefix = new URL("wasmui-snapshot/", packageBase).href;
  const key = `${prefix}${version}-${digest(lockText)}-${digest(included.join(" "))}`;
  startup.key = key;
  let db, stored;
  try {
    db = await snapshotStore;
    stored = await onSnapshots(db, "readonly", (store) => store.get(key));
  } catch (err) {
    snapshotUnused(`the snapshot store could not be read (${err?.message ?? err})`);
    return null;
  }
  return {
    db, key, prefix, stored, included, lockText, packageBase,
    imports: entries.flatMap((entry) => entry.imports ?? []),
  };
}

/** Records, and warns, that this start could not use a snapshot and loads normally. */
function snapshotUnused(reason) {
  startup.snapshot = "failed";
  startup.error = `${reason}; loaded normally`;
  console.warn(`wasmui: ${startup.error}`);
}

/** Pyodide from the stored snapshot, or null (the entry deleted) if it cannot be used:
 * corrupt, cut short, or made by another build of the runtime. */
async function restore(pyodideModule, settings, plan) {
  try {
    const pyodide = await pyodideModule.loadPyodide({ ...settings, _loadSnapshot: plan.stored });
    pyodide.runPython("import wasmui"); // a restored interpreter that cannot run is no use
    startup.snapshot = "restored";
    performance.mark("wasmui:snapshot-restored");
    return pyodide;
  } catch (err) {
    snapshotUnused(`the stored snapshot could not be used (${err.message})`);
    await onSnapshots(plan.db, "readwrite", (store) => store.delete(plan.key)).catch(() => {}); // a store that fails: kept, tried again next visit
    return null;
  }
}

/** This module's own URL, for the snapshot worker: as a TrustedScriptURL where the page
 * requires Trusted Types (`require-trusted-types-for 'script'`: Chromium and Firefox
 * enforce it on `new Worker`); a page whose `trusted-types` directive forbids the policy
 * name makes this throw, and it gets no snapshot. */
function workerURL() {
  if (typeof trustedTypes !== "object") return import.meta.url;
  workerPolicy ??= trustedTypes.createPolicy("wasmui-snapshot-worker", {
    createScriptURL: (url) => {
      if (url !== import.meta.url) throw new Error("wasmui-snapshot-worker: only wasmui.js itself");
      return url;
    },
  });
  return workerPolicy.createScriptURL(import.meta.url);
}
let workerPolicy = null;

/** Makes the snapshot in a worker once the page is idle and `ready()` has resolved (worker
 * mode: the app's worker has answered what the page asked before, its first mounts), so
 * this visit pays nothing for it. */
function makeSnapshotLater(base, plan, ready = async () => {}) {
  startup.snapshot = "making";
  let settle;
  startup.made = new Promise((resolve) => { settle = resolve; });
  const start = async () => {
    let worker;
    try {
      await ready();
      worker = new Worker(workerURL(), { type: "module", name: "wasmui snapshot" });
    } catch (err) {
      startup.snapshot = "unavailable";
      startup.error = `no snapshot: ${err.message}`;
      settle(startup.snapshot);
      return;
    }
    worker.onmessage = async ({ data }) => {
      worker.terminate();
      try {
        if (!data.ok) throw new Error(data.message);
        await storeSnapshot(plan, data.snapshot);
        startup.snapshot = "stored";
        startup.error = null;
        startup.bytes = data.snapshot.byteLength;
      } catch (err) {
        startup.snapshot = "failed";
        startup.error = `no snapshot: ${err.message}`;
      }
      settle(startup.snapshot);
    };
    worker.onerror = (event) => {
      startup.snapshot = "failed";
      startup.error = `no snapshot: ${event.message}`;
      worker.terminate();
      settle(startup.snapshot);
    };
    const { stored, db, ...message } = plan;
    worker.postMessage({ ...message, base });
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 500);
}

/** In the worker: a Pyodide started for a snapshot, the wheels' files unpacked into it
 * and their packages imported; returns its memory. */
async function makeSnapshot({ base, lockText, packageBase, included, imports }) {
  const { loadPyodide } = await import(`${base}pyodide.mjs`);
  const pyodide = await loadPyodide({ indexURL: base, lockFileContents: lockText, packageBaseUrl: packageBase, _makeSnapshot: true });
  await installWheels(pyodide, lockClosure(JSON.parse(lockText), included), packageBase);
  // what a page imports as it starts, development tools included (imports read no JS: #12)
  // (and worker mode's host, so that one snapshot serves both modes)
  const modules = ["wasmui", "wasmui.embed", "wasmui.browser_host", "wasmui.devtools", "wasmui.tracker",
    "wasmui.inspector", "wasmui.inspector_panel", "wasmui.diagnostics", "wasmui.overlay", "wasmui.hydration",
    "wasmui.worker_host", ...imports];
  pyodide.runPython(`
import importlib, json
for name in json.loads(${JSON.stringify(JSON.stringify([...new Set(modules)]))}):
    importlib.import_module(name)
`);
  return pyodide.makeMemorySnapshot();
}

/** In the page: keeps the worker's snapshot under the plan's key, dropping older ones. */
async function storeSnapshot({ db, key, prefix }, snapshot) {
  for (const old of await onSnapshots(db, "readonly", (store) => store.getAllKeys())) {
    if (old.startsWith(prefix) && old !== key) await onSnapshots(db, "readwrite", (store) => store.delete(old)); // older versions'
  }
  await onSnapshots(db, "readwrite", (store) => store.put(snapshot, key));
}

if (typeof document === "undefined" && typeof self !== "undefined" && self.name === "wasmui snapshot") {
  self.onmessage = async ({ data }) => {
    try {
      const snapshot = await makeSnapshot(data);
      self.postMessage({ ok: true, snapshot }, [snapshot.buffer]);
    } catch (err) {
      self.postMessage({ ok: false, message: err.message });
    }
  };
}

// --- worker mode (#26): the page's side and the worker's side of the protocol -----------
// (the Python end is wasmui/worker_protocol.py and wasmui/worker_host.py). Page -> worker:
// "boot", "event" (one per event), and requests answered by a "reply" ("mount",
// "unmount", "packages", "stats", "hot-reload", "settled"), "dom-reply" (the answer to a "dom"),
// "page-event" (one per event of a listener the page holds for the worker), "observed" (the
// entries of an observer the page holds for it), "frame" (a frame the worker asked for came).
// Worker -> page: "ready" (with the start's snapshot outcome) or "boot-failed", "adopt",
// "commit" (one per commit: the op list as the applier takes it), "release", "hold",
// "dom" (a DOM read or call, wasmui/dom.py, answered by the applier's query),
// "dom-sync" and "dom-sync-rest" (a synchronous one, answered in shared memory: below), "listen"
// and "unlisten" (a listener on window or document held for the worker: scope.listen
// with wasmui.dom.window/document; its preventDefault is declared, applied here),
// "observer", "observe", "unobserve" and "disconnect" (an observer held for the worker:
// scope.observer with wasmui.dom.ResizeObserver...), "frame" and "cancel-frame"
// (the worker's requestAnimationFrame: the page's frames),
// "history" (the router's changes to the page: wasmui/location.py, WorkerLocation).
//
// Memory snapshots: the worker restores from the stored snapshot as the page's start does
// (startPyodide); when it could not, the page makes one (makeSnapshotLater, the same worker
// as main-thread mode's) once the app's worker has answered its first mounts.

/** The fields of an event and of its target that cross to the worker, named as the DOM's;
 * the same lists as wasmui/worker_protocol.py (tests/host/test_worker_protocol.py checks). */
const EVENT_FIELDS = [
  "type", "timeStamp", "bubbles", "cancelable", "defaultPrevented", "isTrusted", "detail",
  "key", "code", "repeat", "isComposing", "location",
  "altKey", "ctrlKey", "metaKey", "shiftKey",
  "button", "buttons", "clientX", "clientY", "pageX", "pageY", "screenX", "screenY",
  "offsetX", "offsetY", "movementX", "movementY",
  "deltaX", "deltaY", "deltaZ", "deltaMode",
  "pointerId", "pointerType", "pressure", "width", "height", "isPrimary",
  "data", "inputType",
];
const TARGET_FIELDS = [
  "value", "checked", "selectedIndex", "selectionStart", "selectionEnd",
  "id", "name", "type", "tagName", "className",
];

function workerWanted(options) {
  if (options.worker !== undefined) return Boolean(options.worker);
  return typeof document !== "undefined" && document.querySelector('meta[name="wasmui-worker"]')?.content === "on";
}

/** The primitive values of `names` on `source` (an object's field, or one that throws, as
 * selectionStart on some inputs does, is left out). */
function copyFields(source, names) {
  const copy = {};
  for (const name of names) {
    let value;
    try { value = source[name]; } catch { continue; }
    if (value === null || value === undefined || typeof value === "object" || typeof value === "function") continue;
    copy[name] = value;
  }
  return copy;
}

/** What a handler in the worker reads of a DOM event: a plain object for one message. */
function eventPayload(event) {
  const payload = copyFields(event, EVENT_FIELDS);
  const target = event.target;
  payload.target = target?.nodeType === 1 ? { ...copyFields(target, TARGET_FIELDS), wid: target.$wid ?? 0 } : null;
  return payload;
}

/** Boots Python in a worker; resolves to the page's WorkerApp:
 * `mount(element, "module:Class", {props, src}) -> Promise<{unmount()}>` (`src`: the module's
 * file, relative to the page), `stats()` (what the
 * worker holds: roots, components, resources, handlers), `loadPackages(names)`,
 * `pageListeners()` (how many window/document listeners the page holds for the worker),
 * `pageHeld()` (how many listeners, observers and frames it holds for the worker),
 * `hotReload(sourcesJson)` (wasmui dev: wasmui.hot_reload.apply in the worker, its report),
 * `run(code)` (development mode: Python run in the worker, its value as JSON; see runInWorker),
 * `terminate()` (stops the worker and drops all the page holds for it), and `worker`,
 * `applier` themselves. */
async function bootWorker(base, options) {
  performance.mark("wasmui:boot");
  if (location.protocol === "file:") throw new Error("wasmui must be served over http(s), not opened as a file");
  let mode = options.mode ?? document.querySelector('meta[name="wasmui-mode"]')?.content;
  if (new URLSearchParams(location.search).has("wasmui-inspect")) mode = "development";
  // the applier: already on the page (<script src>, a strict CSP), else beside this file
  if (!globalThis.wasmuiApplier) await import(new URL("wasmui-applier.js", import.meta.url).href);
  const worker = new Worker(workerURL(), { type: "module", name: "wasmui" });
  const elements = new Map(); // key -> container element, until its root adopts it
  const pending = new Map(); // request id -> {resolve, reject}
  // events are numbered; a commit says the last one the worker had seen, so a value the
  // user typed since is not overwritten by the answer to an earlier input (applier `stale`)
  let sent = 0;
  let commitSeen = 0;
  const typedAt = new Map(); // node id -> number of the last input/change event on it
  const applier = globalThis.wasmuiApplier.createApplier(document, {
    stale: (id, name) => {
      if (name !== "value" && name !== "checked") return false;
      const typed = typedAt.get(id);
      if (typed === undefined) return false;
      if (commitSeen >= typed) { typedAt.delete(id); return false; }
      return true;
    },
  });
  let nextId = 0;
  const request = (kind, data) => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...data, kind, id });
  });
  const forward = (rootId) => (type, event, ...ids) => {
    const seq = ++sent;
    if ((type === "input" || type === "change") && event.target?.$wid !== undefined) typedAt.set(event.target.$wid, seq);
    worker.postMessage({ kind: "event", seq, message: JSON.stringify({ root: rootId, type, event: eventPayload(event), ids }) });
  };
  const roots = new Set(); // the ids of the roots the applier holds for the worker
  // listeners on window/document held for the worker: number -> what removes it
  const listening = new Map();
  const listen = (number, { target, type, capture, passive, once, prevent }) => {
    const on = target === "document" ? document : window;
    const keys = typeof prevent === "string" ? prevent.split(/\s+/) : null;
    const listener = (event) => {
      if (prevent === true || keys?.includes(event.key)) event.preventDefault(); // declared: decided now
      if (once) listening.delete(number);
      const payload = eventPayload(event);
      if (type === "popstate" || type === "hashchange") payload.page = pageAddress.moved(); // where the page is now
      worker.postMessage({ kind: "page-event", seq: ++sent, number, message: JSON.stringify(payload) });
    };
    on.addEventListener(type, listener, { capture, passive, once });
    listening.set(number, () => on.removeEventListener(type, listener, capture));
  };
  const unlisten = (number) => {
    listening.get(number)?.();
    listening.delete(number);
  };
  // observers and animation frames held for the worker: number -> observer, frame handle
  const observers = new Map();
  const frames = new Map();
  const observe = (number, { kind, options }) => {
    const init = options.root === undefined ? options : { ...options, root: applier.node(options.root) };
    const report = (entries) => worker.postMessage({ kind: "observed", number, message: globalThis.wasmuiApplier.observed(entries) });
    observers.set(number, new globalThis[kind](report, init));
  };
  const unobserve = (number, node) => {
    const element = node === null ? null : applier.node(node);
    if (node === null) observers.get(number)?.disconnect();
    else if (element) observers.get(number)?.unobserve(element); // (a node gone is observed no more)
  };
  const disconnect = (number) => {
    observers.get(number)?.disconnect();
    observers.delete(number);
  };
  const cancelFrame = (number) => {
    cancelAnimationFrame(frames.get(number));
    frames.delete(number);
  };
  // mount(Class, "#selector") in the worker (app.run's code, a test): the page's element it names
  const adoptAt = (rootId, selector) => {
    let element = null;
    try {
      element = document.querySelector(selector);
    } catch (err) {
      console.error(`wasmui: mount() in the worker: invalid CSS selector ${JSON.stringify(selector)}: ${err.message}`);
      return;
    }
    if (!element) console.error(`wasmui: mount() in the worker: no element of the page matches ${JSON.stringify(selector)}`);
    else if (applier.adopt(rootId, element, forward(rootId))) roots.add(rootId);
    else console.error(`wasmui: mount() in the worker: ${JSON.stringify(selector)} already holds a wasmui root`);
  };
  const pageAddress = pageHistory(applier);
  const tools = pageTools(elements);
  const devtools = new AbortController(); // the inspector's shortcut (development mode)
  const answersNow = syncAnswers(applier);
  let started;
  const ready = new Promise((resolve, reject) => { started = { resolve, reject }; });
  worker.onerror = (event) => started.reject(new Error(`the wasmui worker failed: ${event.message}`));
  worker.onmessage = ({ data }) => {
    switch (data.kind) {
      case "commit": {
        commitSeen = data.seq;
        const mismatches = applier.apply(data.payload);
        if (mismatches) console.warn("wasmui: the pre-rendered view differed from the first render (repaired):", JSON.parse(mismatches));
        break;
      }
      case "adopt-at": adoptAt(data.id, data.payload); break;
      case "adopt": {
        const key = Number(data.payload);
        if (applier.adopt(data.id, elements.get(key), forward(data.id))) roots.add(data.id);
        else console.error(`wasmui: element ${key} already holds a wasmui root`);
        elements.delete(key);
        break;
      }
      case "adopt-node": { // a root mounted into an element another root rendered (a ref's node)
        const element = applier.node(Number(data.payload));
        if (element && applier.adopt(data.id, element, forward(data.id))) roots.add(data.id);
        else console.error(`wasmui: node ${data.payload} is gone or already holds a wasmui root`);
        break;
      }
      case "release":
        applier.release(data.id);
        roots.delete(data.id);
        break;
      case "dom": { // a DOM read (wasmui/dom.py): answered in this task (a call that returns a Promise, once it settles)
        const { node, op, path, args } = JSON.parse(data.payload);
        const answer = globalThis.wasmuiApplier.query(queried(applier, node), op, path, args);
        const send = (settled) => worker.postMessage({ kind: "dom-reply", number: data.id, answer: settled });
        if (typeof answer === "string") send(answer); else answer.then(send);
        break;
      }
      case "dom-sync": answersNow.answer(data); break; // a synchronous one: the worker waits
      case "dom-sync-rest": answersNow.rest(data); break;
      case "listen": listen(data.id, JSON.parse(data.payload)); break;
      case "unlisten": unlisten(data.id); break;
      case "observer": observe(data.id, JSON.parse(data.payload)); break;
      case "observe": {
        const { node, options } = JSON.parse(data.payload);
        const element = applier.node(node);
        if (element) observers.get(data.id)?.observe(element, options ?? undefined); // (gone meanwhile: nothing to see)
        break;
      }
      case "unobserve": unobserve(data.id, JSON.parse(data.payload).node); break;
      case "disconnect": disconnect(data.id); break;
      case "frame":
        frames.set(data.id, requestAnimationFrame((time) => {
          frames.delete(data.id);
          worker.postMessage({ kind: "frame", number: data.id, time });
        }));
        break;
      case "cancel-frame": cancelFrame(data.id); break;
      case "history": pageAddress.apply(JSON.parse(data.payload)); break;
      case "tool": tools.open(data.id, JSON.parse(data.payload)); break;
      case "tool-focus": tools.focus(data.id, data.payload); break;
      case "tool-remove": tools.remove(data.id); break;
      case "hold": applier.hold(data.id, data.payload ? document.querySelector(data.payload) : document.body); break;
      case "reply": {
        const { resolve, reject } = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) resolve(data.value); else reject(new Error(data.message));
        break;
      }
      case "ready": {
        if (data.startup) Object.assign(startup, data.startup); // the worker's outcome, where the page's tests read it
        // "settled": answered once the worker has handled what the page asked before (the
        // mounts of the <wasmui-app> elements waiting for this boot), so the snapshot's
        // Pyodide start does not compete with them
        if (data.development) offerInspector((action) => request("inspector", { action }), devtools.signal);
        if (data.plan) makeSnapshotLater(base, data.plan, async () => { data.plan.db = await openSnapshots(); await request("settled", {}); });
        started.resolve();
        break;
      }
      case "boot-failed": started.reject(new Error(data.message)); break;
      default: console.error(`wasmui: unknown message from the worker: ${data.kind}`);
    }
  };
  const packageBase = packageBaseOf(base, options);
  worker.postMessage({
    kind: "boot", base, packageBase, mode: mode ?? null, snapshots: snapshotsWanted(options), page: pageAddress.where(),
    packages: [...new Set(["wasmui", ...(options.packages ?? []), ...pagePackages()])],
  });
  await ready;
  performance.mark("wasmui:packages-loaded");
  let nextKey = 0;
  return {
    worker,
    applier,
    async mount(element, spec, { props = null, src = null } = {}) {
      if (element.$wroot !== undefined) throw new Error("mount(): this element already holds a wasmui root; unmount that root first");
      const key = ++nextKey;
      elements.set(key, element);
      try {
        // a src is the page's (as <wasmui-app src> and main-thread mode read it), not the worker's
        const url = src === null ? null : new URL(src, document.baseURI).href;
        await request("mount", { key, spec, props, src: url, prerendered: element.hasAttribute("data-wasmui-prerendered") });
      } catch (err) {
        elements.delete(key);
        throw err;
      }
      return { unmount: () => request("unmount", { key }) };
    },
    loadPackages: (names) => (names.length ? request("packages", { names }) : Promise.resolve()),
    stats: () => request("stats", {}).then(JSON.parse),
    run: (code) => request("run", { code }).then(JSON.parse),
    hotReload: (sourcesJson) => request("hot-reload", { sources: sourcesJson }).then(JSON.parse),
    pageListeners: () => listening.size,
    pageHeld: () => ({ listeners: listening.size, observers: observers.size, frames: frames.size }),
    terminate() {
      worker.terminate();
      devtools.abort();
      tools.removeAll();
      [...listening.keys()].forEach(unlisten);
      [...observers.keys()].forEach(disconnect);
      [...frames.keys()].forEach(cancelFrame);
      roots.forEach((id) => applier.release(id)); // their delegated listeners (the DOM stays as it was)
      pageAddress.apply({ op: "unannounce" });
      roots.clear();
      for (const { reject } of pending.values()) reject(new Error("the wasmui worker was terminated"));
      pending.clear();
    },
  };
}

/** wasmui's own panels (the inspector) made on the page for the worker (wasmui/shadow_host.py,
 * WorkerTool): `open(key, {tag, css, focus})` makes a `<tag>` at the end of the body with an
 * open shadow root styled by `css` (a constructable stylesheet: a strict CSP allows it) and
 * puts its container in `elements` under `key`, for the worker's root to adopt; `focus` says
 * the tool will take the focus, so the element that has it now gets it back at `remove`. */
function pageTools(elements) {
  const open = new Map(); // key -> {host, container, opener}
  const focused = () => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element;
  };
  const remove = (key) => {
    const tool = open.get(key);
    if (!tool) return;
    open.delete(key);
    const hadFocus = document.activeElement === tool.host;
    tool.host.remove();
    const opener = tool.opener?.deref();
    if (hadFocus && opener?.isConnected) opener.focus();
  };
  return {
    open(key, { tag, css, focus }) {
      const host = document.createElement(tag);
      const shadow = host.attachShadow({ mode: "open" });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
      const container = document.createElement("div");
      shadow.append(container);
      document.body.append(host);
      // a WeakRef: a tool must not keep alive an element the page removes
      const opener = focus && focused() ? new WeakRef(focused()) : null;
      open.set(key, { host, container, opener });
      elements.set(key, container);
    },
    focus: (key, selector) => open.get(key)?.container.querySelector(selector)?.focus(),
    remove,
    removeAll: () => [...open.keys()].forEach(remove),
  };
}

/** Development mode in worker mode: the inspector's shortcut (Ctrl+Shift+L), `?wasmui-inspect`
 * and `window.wasmui.report()` (a Promise of the report here) are the page's, each one
 * request to the worker (`ask`), which renders the panel into a tool the page makes. */
function offerInspector(ask, signal) {
  const failed = (err) => console.error("wasmui: the inspector failed:", err);
  addEventListener("keydown", (event) => {
    if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === "l") {
      event.preventDefault(); // decided here: the worker hears of it too late
      ask("toggle").catch(failed);
    }
  }, { signal });
  const namespace = (globalThis.wasmui ??= {});
  namespace.report = () => ask("report").then(JSON.parse);
  signal.addEventListener("abort", () => { delete namespace.report; }); // the worker is gone: nothing would answer
  if (new URLSearchParams(location.search).has("wasmui-inspect")) ask("open").catch(failed);
}

// --- synchronous DOM reads from the worker (wasmui/dom.py: read_now, call_now) ------------
// The worker posts a "dom-sync" carrying a SharedArrayBuffer and blocks in Atomics.wait
// until the page has answered in it; the page never blocks (it answers in its message
// handler, as for "dom"). The buffer: Int32 [0] the number of the request answered, [1]
// the answer's length in bytes, the answer (UTF-8 JSON, as wasmuiApplier.query gives it)
// from byte 8. An answer too long for the buffer is kept by the page until the worker
// sends one big enough ("dom-sync-rest"), which the worker keeps for its next requests.
// Browsers give SharedArrayBuffer (and so this) only to cross-origin isolated pages.

const SYNC_HEADER_BYTES = 8;
const SYNC_BUFFER_BYTES = 4096; // most answers (a number, a string, a DOMRect) need under 200
const NOT_WAITED = '{"ok":true,"value":null}'; // a method's Promise is not waited for (wasmui/dom.py NOT_WAITED)

/** In the worker: `waitable` (whether this worker can block for the page's answer) and
 * `ask(request, timeoutMs)`: the page's answer, or null when it has not come in time
 * (that buffer is then dropped: a late answer lands where nothing reads it). */
function syncAsker() {
  const waitable = self.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
  const decoder = new TextDecoder();
  let shared = null;
  let asked = 0;
  // the answer's length once the page has answered request `number`; -1 past the deadline
  const answered = (number, deadline) => {
    const header = new Int32Array(shared, 0, 2);
    for (let seen = Atomics.load(header, 0); seen !== number; seen = Atomics.load(header, 0)) {
      const left = deadline - performance.now();
      if (left <= 0) return -1;
      Atomics.wait(header, 0, seen, left);
    }
    return Atomics.load(header, 1);
  };
  const ask = (request, timeoutMs) => {
    const number = ++asked;
    const deadline = performance.now() + timeoutMs;
    shared ??= new SharedArrayBuffer(SYNC_BUFFER_BYTES);
    self.postMessage({ kind: "dom-sync", id: number, payload: request, buffer: shared });
    let length = answered(number, deadline);
    if (length > shared.byteLength - SYNC_HEADER_BYTES) {
      shared = new SharedArrayBuffer(SYNC_HEADER_BYTES + length);
      self.postMessage({ kind: "dom-sync-rest", id: number, buffer: shared });
      length = answered(number, deadline);
    }
    if (length < 0) {
      shared = null;
      return null;
    }
    // (TextDecoder refuses a view of shared memory: a copy)
    return decoder.decode(new Uint8Array(shared, SYNC_HEADER_BYTES, length).slice());
  };
  return { waitable, ask };
}

/** On the page: what a worker's DOM read names, a node by its id, or the page's
 * `"window"` or `"document"` (`dom.window`, `dom.document`) by name. */
function queried(applier, node) {
  if (node === "window") return window;
  if (node === "document") return document;
  return applier.node(node);
}

/** On the page: answers the worker's "dom-sync" (`answer`) and "dom-sync-rest" (`rest`). */
function syncAnswers(applier) {
  const encoder = new TextEncoder();
  let kept = null; // {number, bytes}: an answer too long for its buffer, until a bigger one comes
  const write = (buffer, number, bytes) => {
    const header = new Int32Array(buffer, 0, 2);
    const fits = bytes.length <= buffer.byteLength - SYNC_HEADER_BYTES;
    if (fits) new Uint8Array(buffer, SYNC_HEADER_BYTES, bytes.length).set(bytes);
    kept = fits ? null : { number, bytes };
    Atomics.store(header, 1, bytes.length);
    Atomics.store(header, 0, number);
    Atomics.notify(header, 0);
  };
  return {
    answer({ id, payload, buffer }) {
      const { node, op, path, args } = JSON.parse(payload);
      const answer = globalThis.wasmuiApplier.query(queried(applier, node), op, path, args);
      write(buffer, id, encoder.encode(typeof answer === "string" ? answer : NOT_WAITED));
    },
    rest({ id, buffer }) {
      if (kept?.number === id) write(buffer, id, kept.bytes);
    },
  };
}

/** The page's history, changed for the worker's router (wasmui/location.py, WorkerLocation):
 * `apply(message)` carries out one "history" message; `where()` is the page's address and
 * entry key; `moved()`, called at a popstate, records where the entry left was scrolled
 * (only the page can read that at once; a pop restores it) and returns `where()`. */
function pageHistory(applier) {
  const positions = new Map(); // entry key -> [x, y] when left
  const keyNow = () => history.state?.wasmui ?? null;
  let entry = keyNow();
  let announcer = null;
  const leave = (next) => {
    positions.set(entry, [scrollX, scrollY]);
    entry = next;
  };
  const where = () => ({ path: location.pathname + location.search, hash: location.hash, key: keyNow() });
  return {
    where,
    moved() {
      if (keyNow() !== entry) leave(keyNow()); // (once per move, however many listeners hear it)
      return where();
    },
    apply({ op, url, key, kind, title, node, text }) {
      switch (op) {
        case "start": history.scrollRestoration = "manual"; break;
        case "push":
          leave(key);
          history.pushState({ wasmui: key }, "", url);
          break;
        case "replace":
          history.replaceState({ wasmui: key }, "", url ?? undefined); // no URL: the address as it is
          entry = key;
          break;
        case "back": history.back(); break;
        case "forward": history.forward(); break;
        case "scroll": scrollTo(...(kind === "pop" ? positions.get(key) ?? [0, 0] : [0, 0])); break;
        case "title": document.title = title; break;
        case "focus": {
          const element = applier.node(node);
          if (!element) break; // gone meanwhile
          if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
          element.focus({ preventScroll: true });
          break;
        }
        case "announce":
          if (!announcer?.isConnected) {
            announcer = document.createElement("div");
            announcer.setAttribute("aria-live", "assertive");
            announcer.setAttribute("aria-atomic", "true");
            announcer.setAttribute("data-wasmui-announcer", "");
            announcer.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;"
              + "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
            document.body.append(announcer);
          }
          announcer.textContent = text;
          break;
        case "unannounce":
          announcer?.remove();
          announcer = null;
          break;
        default: console.error(`wasmui: unknown history message from the worker: ${op}`);
      }
    },
  };
}

/** In the worker: Pyodide, wasmui and the page's packages, then the page's requests. */
function serveInWorker() {
  let seen = 0; // the number of the last event received (each commit carries it)
  let python = null; // wasmui.worker_host's entry points, as PyProxies kept for the worker's life
  let pyodide = null;
  self.wasmuiWorker = { post: (kind, id, payload) => self.postMessage({ kind, id, payload, seq: seen }) };
  Object.assign(self.wasmuiWorker, syncAsker());
  // the worker's animation frames are the page's (scope.request_animation_frame, and any
  // requestAnimationFrame here): asked for by message, so that they tick with the page's
  // paints in every engine (WebKit's workers have none of their own); number -> callback
  const frames = new Map();
  let nextFrame = 0;
  self.requestAnimationFrame = (callback) => {
    frames.set(++nextFrame, callback);
    self.wasmuiWorker.post("frame", nextFrame, "");
    return nextFrame;
  };
  self.cancelAnimationFrame = (number) => {
    if (frames.delete(number)) self.wasmuiWorker.post("cancel-frame", number, "");
  };
  const reply = (id, work) => work.then(
    (value) => self.postMessage({ kind: "reply", id, ok: true, value }),
    (err) => self.postMessage({ kind: "reply", id, ok: false, message: err.message }),
  );
  const handle = async (data) => {
    switch (data.kind) {
      case "event":
        seen = data.seq;
        python.receive_event(data.message);
        return undefined;
      case "mount":
        if (data.src) await loadSource(pyodide, data.spec.split(":")[0], data.src);
        python.mount(data.key, data.spec, data.props, data.prerendered);
        return undefined;
      case "unmount": python.unmount(data.key); return undefined;
      case "page-event":
        seen = data.seq;
        python.page_event(data.number, data.message);
        return undefined;
      case "dom-reply": python.dom_reply(data.number, data.answer); return undefined;
      case "observed": python.observed(data.number, data.message); return undefined;
      case "frame": {
        const callback = frames.get(data.number);
        frames.delete(data.number);
        callback?.(data.time);
        return undefined;
      }
      case "packages": await loadPackages(pyodide, data.names); return undefined;
      case "stats": return python.stats();
      case "inspector": return python.inspector(data.action);
      case "hot-reload": return hotReload(pyodide, data.sources);
      case "run": return runInWorker(pyodide, development, data.code);
      case "settled": return undefined;
      default: throw new Error(`unknown message ${data.kind}`);
    }
  };
  let booted = null;
  let development = true; // the page's mode (app.run is refused in production)
  // messages are handled in order; a mount's load of its source finishes before the next
  let queue = Promise.resolve();
  self.onmessage = ({ data }) => {
    if (data.kind === "boot") {
      development = (data.mode ?? "development") === "development";
      booted = startInWorker(data).then((started) => {
        ({ pyodide, python } = started);
        // the snapshot's outcome for the page (none when snapshots are off), and the plan
        // without what cannot cross (the store) or is no use there (the bytes) when the page
        // is to make one
        const { db, stored, ...plan } = started.snapshots ?? {};
        self.postMessage({
          kind: "ready",
          startup: started.snapshots && { snapshot: startup.snapshot, key: startup.key, error: startup.error },
          development: python.development(),
          plan: started.snapshots && startup.snapshot !== "restored" ? plan : null,
        });
      }, (err) => self.postMessage({ kind: "boot-failed", message: err.message }));
      queue = booted;
      return;
    }
    const run = () => (data.id === undefined ? handle(data).catch((err) => console.error(err)) : reply(data.id, handle(data)));
    queue = queue.then(run);
  };
}

/** In the worker: `wasmui dev`'s hot reload (wasmui.hot_reload), run where Python runs;
 * `[[path, source], ...]` as JSON in, its report as JSON out. */
function hotReload(pyodide, sourcesJson) {
  const module = pyodide.pyimport("wasmui.hot_reload");
  try {
    return module.apply(sourcesJson);
  } finally {
    module.destroy();
  }
}

/** `code` run in this Pyodide's `__main__` (top-level `await` allowed, names kept between
 * runs), its value as JSON (a dict an object, a tuple a list, None null). The worker's
 * `app.run(code)` and the `wasmui_page` fixture's `run()` on a main-thread page both use it,
 * so a test gets the same value, and the same error, in either mode. */
export async function runAsJson(pyodide, code) {
  const value = await pyodide.runPythonAsync(code);
  if (!(value instanceof pyodide.ffi.PyProxy)) return JSON.stringify(value ?? null);
  try {
    const converted = value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    return JSON.stringify(converted, (key, item) => (item === undefined ? null : item)); // None: null
  } catch (err) {
    const why = ["dict", "list", "tuple"].includes(value.type) ? `a Python ${value.type} holding a value JSON has no form for (${err.message})` : `a Python ${value.type}`;
    throw new Error(`run(code): the code's value is ${why}, which cannot cross to the page as JSON (end the code with a dict, list, str, number, bool or None, all the way down)`);
  } finally {
    value.destroy();
  }
}

/** In the worker: `app.run(code)`, what a test of a component in worker mode needs (the
 * worker has no driver of its own). Development mode only: a production page takes no
 * code from the page. */
function runInWorker(pyodide, development, code) {
  if (!development) throw new Error("app.run(): running Python in the worker is for development mode; this page runs in production mode");
  return runAsJson(pyodide, code);
}

async function startInWorker({ base, packageBase, packages, mode, snapshots: snapshotsOn, page }) {
  const lockText = fetchLock(packageBase);
  // the page has checked that snapshots are wanted and possible (snapshotsWanted)
  const snapshotStore = snapshotsOn ? openSnapshots() : null;
  const { pyodide, snapshots } = await startPyodide({ base, packageBase, lockText, lock: lockText.then(JSON.parse), wanted: packages, snapshotStore });
  await loadPackages(pyodide, packages); // after a restore: the files only (the modules are imported already)
  if (mode) setMode(pyodide, mode);
  // the entry points as proxies of their own, kept for the worker's life (an attribute
  // of the module's proxy is borrowed: destroyed with it)
  const module = pyodide.pyimport("wasmui.worker_host");
  const entryPoints = ["start", "mount", "unmount", "receive_event", "page_event", "observed", "dom_reply", "stats", "inspector", "development"];
  const python = Object.fromEntries(entryPoints.map((name) => [name, module[name].copy()]));
  module.destroy();
  python.start(JSON.stringify(page));
  return { pyodide, python, snapshots };
}

if (typeof document === "undefined" && typeof self !== "undefined" && self.name === "wasmui") serveInWorker();

const loadedSources = new Map();

/** Writes the file at `url` into Pyodide's file system as `<module>.py` once per page. */
function loadSource(pyodide, module, url) {
  if (!loadedSources.has(url)) {
    loadedSources.set(url, (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
      const path = `/home/pyodide/${module.replaceAll(".", "/")}.py`;
      pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
      pyodide.FS.writeFile(path, await response.text());
      pyodide.runPython("import importlib; importlib.invalidate_caches()");
    })());
  }
  return loadedSources.get(url);
}

// --- events before hydration ---------------------------------------------------------

const HELD = ["click", "input", "change", "submit"];

/** Holds the clicks, input, changes and submits on a pre-rendered container until its
 * component is mounted (the applier then calls `$wheld.replay()` on the same nodes). A
 * click on a link or a button and a submit are stopped (a navigation would lose the
 * page); a click on a form control is not held: its own input/change events are. */
function holdEarlyEvents(container) {
  if (container.$wheld !== undefined) return;
  const held = [];
  const listener = (event) => {
    const target = event.target;
    if (event.type === "click") {
      if (target.closest?.("input, select, textarea, label")) return;
      if (target.closest?.("a[href], button")) event.preventDefault();
    } else if (event.type === "submit") {
      event.preventDefault();
    }
    // what the field held then: its replay must carry that, not what the field holds by the
    // time of the replay (text typed after a held submit would otherwise go with it)
    const kept = (event.type === "input" || event.type === "change") && "value" in target && target.type !== "file";
    const field = !kept ? null
      : target.type === "checkbox" || target.type === "radio" ? { checked: target.checked } : { value: target.value };
    held.push([event, field]);
  };
  HELD.forEach((type) => container.addEventListener(type, listener, true));
  container.$wheld = {
    release: () => HELD.forEach((type) => container.removeEventListener(type, listener, true)),
    replay: () => {
      for (const [event, field] of held) {
        if (!event.target.isConnected) continue;
        if (field) Object.assign(event.target, field);
        event.target.dispatchEvent(new event.constructor(event.type, event));
      }
    },
  };
}

function holdPrerendered(doc) {
  for (const container of doc.querySelectorAll("[data-wasmui-prerendered]")) {
    // a root mounted inside another is covered by the outer one's listeners
    if (!container.parentElement?.closest("[data-wasmui-prerendered]")) holdEarlyEvents(container);
  }
}

function defineElement() {
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
        const booted = await boot({ packages });
        const src = this.getAttribute("src");
        const url = src ? new URL(src, document.baseURI).href : null;
        if (bootedInWorker) {
          if (generation !== this.#generation || !this.isConnected) return;
          const root = await booted.mount(this, spec, { props: this.getAttribute("props"), src: url });
          if (generation !== this.#generation || !this.isConnected) { root.unmount(); return; } // removed meanwhile
          this.#root = root;
          this.dataset.state = "mounted";
          return;
        }
        if (url) await loadSource(booted, spec.split(":")[0], url);
        if (generation !== this.#generation || !this.isConnected) return; // removed while loading
        const embed = booted.pyimport("wasmui.embed");
        this.#root = embed.mount_element(this, spec, this.getAttribute("props"));
        embed.destroy();
        this.dataset.state = "mounted";
      } catch (err) {
        this.dataset.state = "failed";
        this.textContent = `wasmui could not mount ${spec}: ${err.message}`;
        console.error(`wasmui could not mount ${spec}:`, err); // words first: a console read as text says what failed
      } finally {
        this.removeAttribute("aria-busy");
      }
    }

    disconnectedCallback() {
      this.#generation++;
      if (this.#root) {
        this.#root.unmount();
        this.#root.destroy?.(); // the PyProxy of the Root: nothing of it stays behind (none in worker mode)
        this.#root = null;
        this.dataset.state = "unmounted";
      }
    }
  }

  if (!customElements.get("wasmui-app")) customElements.define("wasmui-app", WasmuiApp);
}

if (typeof document !== "undefined") {
  holdPrerendered(document);
  defineElement();
}
