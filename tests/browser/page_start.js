// How pytest-pyodide's test page starts Pyodide in this suite (its "load script": the
// body of an async function that must leave `pyodide` defined; tests/browser/conftest.py
// sets it, and keeps one browser per engine for the session, which this relies on).
//
// pytest-pyodide loads a new page with a new Pyodide for every test module, in every
// engine: 2-5 s in Chromium and Firefox, 10-18 s in WebKit, most of a browser test run.
// The first page of a browser makes a memory snapshot of a Pyodide that has only started
// (no package loaded, no JS touched: what a snapshot can hold) and keeps it in the page
// origin's IndexedDB; every page after it restores that snapshot, which takes 0.2-1 s.
// Each module still gets a new document and a new interpreter: the snapshot holds the
// interpreter as it was before any test ran, never what a test left.
//
// The browser of a test session has a profile of its own, so the snapshot lasts the
// session (with pytest-pyodide's own fixtures, a browser per module, it would be made
// and never used); it is keyed by the runtime's wasm (length and Last-Modified), and one that does
// not restore is dropped and made again.

const wasmUrl = new URL("pyodide.asm.wasm", location.href).href;
const head = await fetch(wasmUrl, { method: "HEAD", cache: "no-store" });
const snapshotKey = `${wasmUrl} ${head.headers.get("content-length")} ${head.headers.get("last-modified")}`;

function snapshotStore(mode, act) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("wasmui-test-page", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("snapshots");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const request = act(db.transaction("snapshots", mode).objectStore("snapshots"));
      request.onsuccess = () => { db.close(); resolve(request.result); };
      request.onerror = () => { db.close(); reject(request.error); };
    };
  });
}

async function restored(snapshot) {
  try {
    return await loadPyodide({ fullStdLib: false, jsglobals: self, _loadSnapshot: snapshot });
  } catch (err) {
    console.warn(`wasmui test page: the stored Pyodide snapshot did not restore (${err.message}); making a new one`);
    await snapshotStore("readwrite", (store) => store.delete(snapshotKey));
    return null;
  }
}

let pyodide = null;
const stored = await snapshotStore("readonly", (store) => store.get(snapshotKey));
if (stored) pyodide = await restored(stored);
if (pyodide === null) {
  const maker = await loadPyodide({ fullStdLib: false, _makeSnapshot: true });
  const snapshot = maker.makeMemorySnapshot();
  await snapshotStore("readwrite", (store) => store.put(snapshot, snapshotKey));
  // every module runs on a restored interpreter, the first one too
  pyodide = await loadPyodide({ fullStdLib: false, jsglobals: self, _loadSnapshot: snapshot });
}
