"""Development mode's tools, installed at the first mount when the page runs in
development mode (:mod:`wasmui.mode`); a production page never imports this.

- the tracker (:mod:`wasmui.tracker`): the books of live components and resources
  that the inspector and ``assert_no_leaks`` read;
- the warning about stateful children without keys that change order (:mod:`wasmui.unkeyed`);
- the error overlay (:mod:`wasmui.overlay`) and hydration mismatch warnings
  (:mod:`wasmui.hydration`), fed through the core's dev hooks;
- on a page: Pyodide's debug aids and the proxy diagnostics
  (:mod:`wasmui.diagnostics`), and the inspector's shortcut (:mod:`wasmui.inspector_panel`).
  In worker mode (#26) Python has no page of its own: only the books are kept there.
"""

from __future__ import annotations

from . import _ffi, devhooks, tracker, unkeyed


def install() -> None:
    tracker.install()
    devhooks.add("children_diffed", unkeyed.children_diffed)
    if not _ffi.in_page():
        return
    from . import diagnostics, hydration, inspector_panel, overlay

    devhooks.add("error_reported", overlay.show)
    devhooks.add("component_rendered", overlay.component_rendered)
    devhooks.add("component_unmounted", overlay.component_unmounted)
    devhooks.add("hydration_mismatch", hydration.report_mismatches)
    diagnostics.enable()
    inspector_panel.install()

