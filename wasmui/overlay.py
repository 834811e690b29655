"""The development error overlay: an error no boundary handled, shown on the page (#12).

Like the dev overlays of Vite or Next.js: the error, the component path, the
user's ``file:line`` and the traceback, over the page, dismissable. An entry goes
away by itself when the error is fixed: the component renders again without
raising, or it is unmounted (a remount after a code change does both).

Installed by development mode only (:mod:`wasmui.devtools`); text is written with
``textContent``, never parsed as markup. Reaches JS only through :mod:`wasmui._ffi`.
"""

from __future__ import annotations

from typing import Any

from . import _ffi
from .errors import ErrorReport
from .scope import Scope
from .shadow_host import create_shadow_host

TAG = "wasmui-error-overlay"
_RENDER_PHASES = ("render", "on_init")

_entries: dict[tuple[int, str], ErrorReport] = {}
_view: dict[str, Any] = {"host": None, "scope": None}


def show(entry: ErrorReport) -> None:
    """Adds ``entry`` (an unhandled error) to the overlay."""
    _entries[(entry.component_id, entry.phase)] = entry
    _redraw()


def component_rendered(component: Any) -> None:
    """A render succeeded: that component's render errors are fixed."""
    if _entries and _forget(lambda key: key[0] == component._id and key[1] in _RENDER_PHASES):
        _redraw()


def component_unmounted(component: Any) -> None:
    """The component is gone, and its errors with it."""
    if _entries and _forget(lambda key: key[0] == component._id):
        _redraw()


def clear(phase: str) -> None:
    """Removes the errors reported for ``phase`` (e.g. a hot reload that now succeeded)."""
    if _entries and _forget(lambda key: key[1] == phase):
        _redraw()


def dismiss() -> None:
    """Hides every error shown (the dismiss button)."""
    _entries.clear()
    _redraw()


def text() -> str:
    """What the overlay shows, as text ("" when hidden): for tests and screen readers."""
    host = _view["host"]
    return "" if host is None else str(host.shadowRoot.textContent)


def _forget(matches: Any) -> bool:
    keys = [key for key in _entries if matches(key)]
    for key in keys:
        del _entries[key]
    return bool(keys)


def _redraw() -> None:
    _close()
    if not _entries or _ffi.is_nullish(_ffi.js_global("document").body):
        return
    scope = Scope("wasmui error overlay", internal=True)
    host, container = create_shadow_host(TAG, CSS)
    _view.update(host=host, scope=scope)
    document = _ffi.js_global("document")

    def add(parent: Any, tag: str, text: str = "", cls: str = "") -> Any:
        element = document.createElement(tag)
        if text:
            element.textContent = text
        if cls:
            element.className = cls
        parent.appendChild(element)
        return element

    panel = add(container, "div", cls="overlay")
    panel.setAttribute("role", "alert")
    header = add(panel, "header")
    count = len(_entries)
    add(header, "strong", f"{count} unhandled error{'s' if count > 1 else ''} in wasmui components")
    button = add(header, "button", "Dismiss ×", "dismiss")
    scope.listen(button, "click", dismiss)
    for entry in _entries.values():
        section = add(panel, "section")
        add(section, "h2", f"{entry.error_type}: {entry.message}")
        add(section, "p", f"in {entry.path} ({entry.phase})", "where")
        if entry.site:
            add(section, "p", f"at {entry.site}", "site")
        add(section, "pre", entry.traceback)
    add(panel, "p", "Fix the code and it goes away; add on_error to a parent component to show a fallback.", "hint")


def _close() -> None:
    host, scope = _view["host"], _view["scope"]
    _view.update(host=None, scope=None)
    if scope is not None:
        scope.close()
    if host is not None:
        host.remove()


CSS = """
:host { all: initial; }
.overlay { position: fixed; inset: 0; z-index: 2147483646; overflow: auto; padding: 32px;
  background: rgba(20, 8, 12, .97); color: #f4f4f5; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
header { display: flex; align-items: center; gap: 12px; margin-bottom: 16px; }
header strong { font: 600 16px system-ui, sans-serif; color: #ff8a8a; }
.dismiss { margin-left: auto; background: #3f3f46; color: #fff; border: 0; border-radius: 6px; padding: 6px 12px; cursor: pointer; }
section { border-left: 3px solid #ff5c5c; padding: 4px 16px; margin-bottom: 20px; }
h2 { font-size: 16px; margin: 0 0 6px; color: #fff; white-space: pre-wrap; }
.where { color: #d4d4d8; margin: 0; }
.site { color: #fcd34d; margin: 0; font-weight: 600; }
pre { white-space: pre-wrap; color: #d4d4d8; background: rgba(0,0,0,.3); padding: 10px; border-radius: 6px; }
.hint { color: #a1a1aa; font: 13px system-ui, sans-serif; }
"""
