"""Development mode's tools, installed at the first mount when the page runs in
development mode (:mod:`wasmui.mode`); a production page never imports this.

- the tracker (:mod:`wasmui.tracker`): the books of live components and resources
  that the inspector and ``assert_no_leaks`` read;
- the warning about stateful children without keys that change order (:mod:`wasmui.unkeyed`);
- the error overlay (:mod:`wasmui.overlay`) and hydration mismatch warnings
  (:mod:`wasmui.hydration`), fed through the core's dev hooks;
- in the browser, Pyodide's debug aids and the proxy diagnostics (:mod:`wasmui.diagnostics`):
  in worker mode's worker too (#26), where the proxies are made;
- on a page: the inspector's shortcut (:mod:`wasmui.inspector_panel`). In worker mode
  Python has no page of its own: the overlay and the panel are not installed there.
"""

from __future__ import annotations

from . import _ffi, devhooks, tracker, unkeyed


def install() -> None:
    tracker.install()
    devhooks.add("children_diffed", unkeyed.children_diffed)
    if _ffi.IN_BROWSER:
        from . import diagnostics

        diagnostics.enable()
    if not _ffi.in_page():
        return
    from . import hydration, inspector_panel, overlay

    devhooks.add("error_reported", overlay.show)
    devhooks.add("component_rendered", overlay.component_rendered)
    devhooks.add("component_unmounted", overlay.component_unmounted)
    devhooks.add("hydration_mismatch", hydration.report_mismatches)
    inspector_panel.install()

