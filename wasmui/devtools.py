"""Development mode's tools, installed at the first mount when the page runs in
development mode (:mod:`wasmui.mode`); a production page never imports this.

- the tracker (:mod:`wasmui.tracker`): the books of live components and resources
  that the inspector and ``assert_no_leaks`` read;
- the warning about stateful children without keys that change order (:mod:`wasmui.unkeyed`);
- in the browser: the error overlay (:mod:`wasmui.overlay`), fed through the core's dev
  hooks, and Pyodide's debug aids and the proxy diagnostics (:mod:`wasmui.diagnostics`),
  in worker mode's worker too (#26), where the components and their proxies are;
- on a page: hydration mismatch warnings (:mod:`wasmui.hydration`) and the inspector's
  shortcut (:mod:`wasmui.inspector_panel`). In worker mode the page holds the shortcut and
  asks the worker for the panel (:func:`wasmui.inspector_panel.from_page`).
"""

from __future__ import annotations

from . import _ffi, devhooks, tracker, unkeyed


def install() -> None:
    tracker.install()
    devhooks.add("children_diffed", unkeyed.children_diffed)
    if not _ffi.IN_BROWSER:
        return
    from . import diagnostics, overlay

    diagnostics.enable()
    devhooks.add("error_reported", overlay.show)
    devhooks.add("component_rendered", overlay.component_rendered)
    devhooks.add("component_unmounted", overlay.component_unmounted)
    if not _ffi.in_page():  # a worker's: the page holds the inspector's shortcut
        return
    from . import hydration, inspector_panel

    devhooks.add("hydration_mismatch", hydration.report_mismatches)
    inspector_panel.install()
