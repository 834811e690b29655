"""The development error panel: every error no boundary handled, shown on the page (#12, #24).

Like the dev overlays of Vite or Next.js it shows each error, the component path, the
user's ``file:line`` and the traceback; unlike a full-window overlay it never blocks the
page (#24): a panel at the bottom right, over only the part of the page it takes, so
every click elsewhere reaches the page. It can be collapsed to its one-line header (and
expanded again), and it keeps listing every error while collapsed, the count in its
header. Keyboard: its buttons are in the tab order, Escape inside it collapses it, and it
never takes the focus: a new error is announced politely (a ``status`` region) instead. An
entry goes away by itself when the error is fixed: the component renders again without
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
_view: dict[str, Any] = {"host": None, "scope": None, "toggle": None, "details": None, "title": None, "status": None,
                         "collapsed": False}


def show(entry: ErrorReport) -> None:
    """Adds ``entry`` (an unhandled error) to the overlay."""
    _entries[(entry.component_id, entry.phase)] = entry
    _redraw()
    if _view["status"] is not None:  # heard, never seen: the focus stays where the user is
        _view["status"].textContent = f"{_summary()}; the latest: {entry.error_type}: {entry.message}"


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


def collapse() -> None:
    """Shows only the panel's header (the error count); the errors stay listed in it."""
    _set_collapsed(True)


def expand() -> None:
    """Shows the errors again."""
    _set_collapsed(False)


def collapsed() -> bool:
    """Whether the panel is collapsed to its header (it stays so for the next errors too)."""
    return _view["collapsed"]


def text() -> str:
    """What the panel lists, as text ("" when hidden): for tests and screen readers."""
    host = _view["host"]
    return "" if host is None else str(host.shadowRoot.textContent)


def _forget(matches: Any) -> bool:
    keys = [key for key in _entries if matches(key)]
    for key in keys:
        del _entries[key]
    return bool(keys)


def _set_collapsed(value: bool) -> None:
    """Flips the panel without drawing it again, so the focused toggle keeps the focus."""
    _view["collapsed"] = value
    toggle, details = _view["toggle"], _view["details"]
    if toggle is None:
        return
    toggle.setAttribute("aria-expanded", "false" if value else "true")
    toggle.textContent = "Show" if value else "Hide"
    details.hidden = value


def _redraw() -> None:
    """Shows the errors: the panel is made on the first one and updated in place after,
    so a focused button keeps the focus and the live region is heard."""
    if not _entries or _ffi.is_nullish(_ffi.js_global("document").body):
        _close()
        return
    if _view["host"] is None:
        _build()
    _view["title"].textContent = _summary()
    details = _view["details"]
    details.replaceChildren()
    for entry in _entries.values():
        section = _add(details, "section")
        _add(section, "h3", f"{entry.error_type}: {entry.message}")
        _add(section, "p", f"in {entry.path} ({entry.phase})", "where")
        if entry.site:
            _add(section, "p", f"at {entry.site}", "site")
        _add(section, "pre", entry.traceback)
    _add(details, "p", "Fix the code and it goes away; add on_error to a parent component to show a fallback.", "hint")


def _summary() -> str:
    count = len(_entries)
    return f"{count} unhandled error{'s' if count > 1 else ''} in wasmui components"


def _add(parent: Any, tag: str, text: str = "", cls: str = "", **attributes: str) -> Any:
    element = _ffi.js_global("document").createElement(tag)
    if text:
        element.textContent = text
    if cls:
        element.className = cls
    for name, value in attributes.items():
        element.setAttribute(name.replace("_", "-"), value)
    parent.appendChild(element)
    return element


def _build() -> None:
    scope = Scope("wasmui error overlay", internal=True)
    host, container = create_shadow_host(TAG, CSS)
    # a complementary landmark of its own, so assistive technology lists it apart from the page
    panel = _add(container, "aside", cls="panel", aria_labelledby="wasmui-errors-title")
    header = _add(panel, "header")
    title = _add(header, "h2", id="wasmui-errors-title")
    toggle = _add(header, "button", cls="toggle", type="button", aria_controls="wasmui-errors-list")
    dismiss_button = _add(header, "button", "Dismiss", "dismiss", type="button", aria_label="Dismiss all errors")
    # the list scrolls: focusable, so a keyboard can scroll it too
    details = _add(panel, "div", cls="details", id="wasmui-errors-list", role="region",
                   aria_label="Error details", tabindex="0")  # fmt: skip
    status = _add(panel, "div", cls="visually-hidden", role="status")
    _view.update(host=host, scope=scope, toggle=toggle, details=details, title=title, status=status)
    _set_collapsed(_view["collapsed"])
    scope.listen(toggle, "click", lambda: _set_collapsed(not _view["collapsed"]))
    scope.listen(dismiss_button, "click", dismiss)
    scope.listen(panel, "keydown", _on_keydown)


def _on_keydown(event: Any) -> None:
    if str(event.key) == "Escape" and not _view["collapsed"]:
        collapse()
        _view["toggle"].focus()  # the focus was maybe inside what just hid


def _close() -> None:
    host, scope = _view["host"], _view["scope"]
    _view.update(host=None, scope=None, toggle=None, details=None, title=None, status=None)
    if scope is not None:
        scope.close()
    if host is not None:
        host.remove()


CSS = """
:host { all: initial; }
.panel { position: fixed; right: 12px; bottom: 12px; z-index: 2147483646; box-sizing: border-box;
  width: min(640px, calc(100vw - 24px)); max-height: min(60vh, 560px); display: flex; flex-direction: column;
  background: #1c0a10; color: #f4f4f5; border: 1px solid #ff5c5c; border-radius: 8px;
  box-shadow: 0 8px 30px rgba(0, 0, 0, .45); font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
header { display: flex; align-items: center; gap: 8px; padding: 8px 12px; }
h2 { flex: 1; margin: 0; font: 600 15px system-ui, sans-serif; color: #ffb3b3; }
button { background: #3f3f46; color: #fff; border: 1px solid #71717a; border-radius: 6px; padding: 4px 12px;
  font: 13px system-ui, sans-serif; cursor: pointer; }
button:hover { background: #52525b; }
button:focus-visible, .details:focus-visible { outline: 2px solid #fcd34d; outline-offset: 2px; }
.details { overflow: auto; padding: 0 12px 8px; border-top: 1px solid #52525b; }
.details[hidden] { display: none; }
section { border-left: 3px solid #ff5c5c; padding: 4px 12px; margin: 12px 0; }
h3 { font-size: 15px; margin: 0 0 6px; color: #fff; white-space: pre-wrap; }
.where { color: #e4e4e7; margin: 0; }
.site { color: #fcd34d; margin: 0; font-weight: 600; }
pre { white-space: pre-wrap; color: #e4e4e7; background: #0c0406; padding: 10px; border-radius: 6px; margin: 8px 0 0; }
.hint { color: #d4d4d8; font: 13px system-ui, sans-serif; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""
