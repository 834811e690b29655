// The strict-policy page: boots wasmui and mounts a component that uses styles,
// events, refused URLs and explicit unsafe markup, all under the page's CSP.
import { boot } from "./wasmui.js";

const status = document.getElementById("status");
try {
  const pyodide = await boot({ onProgress: (msg) => { status.textContent = msg; } });
  // the page's own Trusted Types policy: unsafe.html takes its TrustedHTML as it is
  const pagePolicy = trustedTypes.createPolicy("strict-page", { createHTML: (s) => s });
  pyodide.globals.set("trusted_markup", pagePolicy.createHTML("<strong id='strict-trusted'>a TrustedHTML</strong>"));
  pyodide.runPython(`
from wasmui import Component, html, mount, unsafe

class StrictDemo(Component):
    def on_init(self):
        self.state = {"clicks": 0}

    def render(self):
        return html.section(
            html.button(f"clicked {self.state['clicks']}", id="strict-button",
                        style="padding: 4px 10px; border-radius: 4px",
                        on_click=lambda e: self.set_state(clicks=self.state["clicks"] + 1)),
            html.a("refused link", id="strict-link", href="javascript:alert(1)"),
            unsafe.html("<em id='strict-markup'>explicitly trusted markup</em>"),
            unsafe.html(trusted_markup),
            style={"display": "flex", "gap": "1rem", "align_items": "center"},
        )

mount(StrictDemo, "#app")
`);
  status.textContent = "wasmui running under the strict policy";
  document.documentElement.dataset.wasmui = "ready";
} catch (err) {
  status.textContent = `wasmui could not start: ${err.message}`;
  document.documentElement.dataset.wasmui = "failed";
  console.error(err);
}
