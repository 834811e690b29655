"""Development mode's tools, installed at the first mount when the page runs in
development mode (:mod:`wasmui.mode`); a production page never imports this.

- the tracker (:mod:`wasmui.tracker`): the books of live components and resources
  that the inspector and ``assert_no_leaks`` read;
- the warning about stateful children without keys that change order (:mod:`wasmui.unkeyed`);
- the error overlay (:mod:`wasmui.overlay`) and hydration mismatch warnings
  (:mod:`wasmui.hydration`), fed through the core's dev hooks;
- on a page: Pyodide's debug aids and the proxy diagnostics
  (:mod:`wasmui.diagnostics`), and the inspector's shortcut (:mod:`wasmui.inspector_panel`).
  In worker mode (#26) Python has no page of its own: the books and the overlay are kept
  there, with Pyodide's proxy tracing for the inspector's count, and the page holds the
  inspector's shortcut and asks the worker for the panel
  (:func:`wasmui.inspector_panel.from_page`).
"""

from __future__ import annotations

from . import _ffi, devhooks, tracker, unkeyed


def install() -> None:
    tracker.install()
    devhooks.add("children_diffed", unkeyed.children_diffed)
    if not _ffi.IN_BROWSER:
        return
    from . import overlay

    devhooks.add("error_reported", overlay.show)
    devhooks.add("component_rendered", overlay.component_rendered)
    devhooks.add("component_unmounted", overlay.component_unmounted)
    if not _ffi.in_page():  # a worker's: the page holds the inspector's shortcut
        _ffi.set_proxy_tracing(True)
        return
    from . import diagnostics, hydration, inspector_panel

    devhooks.add("hydration_mismatch", hydration.report_mismatches)
    diagnostics.enable()
    inspector_panel.install()
