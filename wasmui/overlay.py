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

The panel is a wasmui component (:class:`ErrorPanel`) in an internal root of its own, in
a shadow host (:func:`wasmui.shadow_host.open_tool`), so the same code shows it on a page
and from a worker (#26), updated in place: a focused button keeps the focus. An error is
reported inside the commit that met it, so the panel is drawn when the commits under way
end (:meth:`wasmui.runtime.Runtime.after_commits`), never inside one.

Installed by development mode only (:mod:`wasmui.devtools`); text is rendered as text,
never parsed as markup.
"""

from __future__ import annotations

from typing import Any

from . import _ffi, html, runtime
from .component import Component
from .errors import ErrorReport
from .root import Root
from .shadow_host import open_tool
from .vnode import h

TAG = "wasmui-error-overlay"
_RENDER_PHASES = ("render", "on_init")

_entries: dict[tuple[int, str], ErrorReport] = {}
_view: dict[str, Any] = {"tool": None, "root": None, "collapsed": False, "status": "", "drawing": False}


def show(entry: ErrorReport) -> None:
    """Adds ``entry`` (an unhandled error) to the overlay."""
    _entries[(entry.component_id, entry.phase)] = entry
    # heard, never seen: the focus stays where the user is
    _view["status"] = f"{_summary()}; the latest: {entry.error_type}: {entry.message}"
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
    """What the panel lists, as text (``""`` when hidden): for tests and screen readers.
    On a page, the shadow root's text; in a worker, which cannot read the page at once,
    the same strings the panel renders."""
    tool = _view["tool"]
    if tool is None:
        return ""
    if _ffi.in_page():
        return str(tool.element.shadowRoot.textContent)
    return "".join(_texts(_view_props()))


def _forget(matches: Any) -> bool:
    keys = [key for key in _entries if matches(key)]
    for key in keys:
        del _entries[key]
    return bool(keys)


def _set_collapsed(value: bool) -> None:
    _view["collapsed"] = value
    _redraw()


def _redraw() -> None:
    """Draws the panel as the entries are, once no commit is under way (see the module)."""
    current = runtime.current_runtime
    if current is None:
        _draw()
    else:
        current.after_commits(_draw)


def _draw() -> None:
    """Shows the errors: the panel is made on the first one and rendered again after, so a
    focused button keeps the focus and the live region is heard; it goes with the last.
    Never inside itself: an error of the panel's own render is listed at the next draw."""
    if _view["drawing"]:
        return
    _view["drawing"] = True
    try:
        _draw_now()
    finally:
        _view["drawing"] = False


def _draw_now() -> None:
    if not _entries or (_view["root"] is not None and not _view["root"].mounted):
        _close()  # (a root unmounted from outside, e.g. every root of the page: made again below)
    if not _entries:
        return
    if _view["root"] is None:
        if _ffi.in_page() and _ffi.is_nullish(_ffi.js_global("document").body):
            return  # no page to show it on yet: the next error or change draws it
        tool = open_tool(TAG, CSS, take_focus=False)
        _view.update(tool=tool, root=Root(runtime.get_runtime(), tool.container, "error overlay", internal=True))
    _view["root"].render(h(ErrorPanel, _view_props()))


def _view_props() -> dict:
    return {"entries": list(_entries.values()), "collapsed": _view["collapsed"], "status": _view["status"]}


def _summary() -> str:
    count = len(_entries)
    return f"{count} unhandled error{'s' if count > 1 else ''} in wasmui components"


class ErrorPanel(Component):
    """The panel: a header with the count and two buttons, the errors, a status region."""

    def render(self) -> Any:
        entries, collapsed = self.props["entries"], self.props["collapsed"]
        sections = [
            html.section(
                html.h3(f"{entry.error_type}: {entry.message}"),
                html.p(f"in {entry.path} ({entry.phase})", class_="where"),
                html.p(f"at {entry.site}", class_="site") if entry.site else None,
                html.pre(entry.traceback),
                key=f"{entry.component_id}:{entry.phase}",
            )
            for entry in entries
        ]
        # a complementary landmark of its own, so assistive technology lists it apart from the page
        return html.aside(
            html.header(
                html.h2(_summary(), id="wasmui-errors-title"),
                html.button("Show" if collapsed else "Hide", class_="toggle", type="button",
                            aria_controls="wasmui-errors-list", aria_expanded="false" if collapsed else "true",
                            on_click=lambda: _set_collapsed(not _view["collapsed"])),
                html.button("Dismiss", class_="dismiss", type="button", aria_label="Dismiss all errors", on_click=dismiss),
            ),
            # the list scrolls: focusable, so a keyboard can scroll it too
            html.div(
                sections,
                html.p("Fix the code and it goes away; add on_error to a parent component to show a fallback.", class_="hint"),
                class_="details", id="wasmui-errors-list", role="region", aria_label="Error details", tabindex="0",
                hidden=collapsed,
            ),
            html.div(self.props["status"], class_="visually-hidden", role="status"),
            class_="panel", aria_labelledby="wasmui-errors-title", on_keydown=_on_keydown,
        )  # fmt: skip


def _texts(props: dict) -> list[str]:
    """The panel's strings in its order (:func:`text` in a worker)."""
    out = [_summary(), "Show" if props["collapsed"] else "Hide", "Dismiss"]
    for entry in props["entries"]:
        out += [f"{entry.error_type}: {entry.message}", f"in {entry.path} ({entry.phase})"]
        out += [f"at {entry.site}"] if entry.site else []
        out.append(entry.traceback)
    out += ["Fix the code and it goes away; add on_error to a parent component to show a fallback.", props["status"]]
    return out


def _on_keydown(event: Any) -> None:
    if str(event.key) == "Escape" and not _view["collapsed"]:
        collapse()
        _view["tool"].focus(".toggle")  # the focus was maybe inside what just hid


def _close() -> None:
    tool, root = _view["tool"], _view["root"]
    _view.update(tool=None, root=None)
    if tool is not None:
        tool.remove()
    if root is not None and root.mounted:
        root.unmount()


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
