// A classic (non-module) script, so it still runs where module scripts cannot: a page
// opened from file:// (Chrome blocks its modules) or a browser without WebAssembly.
// It replaces "Loading…" with what is wrong and how to fix it.
(() => {
  let problem = null;
  if (location.protocol === "file:") {
    problem = "This page was opened from a file. wasmui must be served over http(s): run ./build.sh serve and open http://127.0.0.1:8000/";
  } else if (typeof WebAssembly !== "object") {
    problem = "This browser has no WebAssembly: wasmui needs a current Chromium, Firefox or Safari.";
  }
  if (!problem) return;
  const show = () => {
    const status = document.getElementById("status");
    if (status) {
      status.textContent = problem;
      status.closest(".loading, .status")?.classList.add("failed");
    }
    for (const app of document.querySelectorAll("wasmui-app")) {
      app.dataset.state = "failed";
      app.textContent = problem;
    }
    document.documentElement.dataset.wasmui = "failed";
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
