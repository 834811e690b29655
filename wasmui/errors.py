"""Exceptions, and the one place where errors from user code are reported.

Errors raised by a component's render, hooks or handlers never escape into the
browser's event loop half-way through a commit: the framework catches them,
reports them here (console, with the component's name and the original traceback,
and a bounded log the inspector reads) and offers them to the nearest ancestor
that defines ``on_error``.

Warnings go through :func:`warn`, which names the user's file and line, never a
wasmui module's (#24).

Must not import ``js``.
"""

from __future__ import annotations

import collections
import linecache
import logging
import re
import sys
import traceback
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from . import _ffi
from .devhooks import hooks

if TYPE_CHECKING:
    from .component import Component

log = logging.getLogger("wasmui")


class WasmuiError(Exception):
    """Base class of every error wasmui raises on purpose."""


class RenderError(WasmuiError, TypeError):
    """A component rendered something that is not a node, or built a bad node."""


class DuplicateKeyError(WasmuiError, ValueError):
    """Two siblings share a key: the reconciler could not tell them apart."""


class MountError(WasmuiError):
    """``mount()`` was given a target it cannot use (missing, already mounted)."""


class StateError(WasmuiError, RuntimeError):
    """``set_state`` was called where it cannot work (during render)."""


class UnsafeContentWarning(RuntimeWarning):
    """A prop value that could run script was refused (not written)."""


class MutatedPropWarning(UserWarning):
    """Development mode: a list, dict or set prop was mutated in place and passed again,
    so the child it was passed to did not re-render."""


class UnkeyedReorderWarning(UserWarning):
    """Development mode: two or more stateful children without keys changed order, so
    their DOM state and component state stayed at their old positions (#24)."""


@dataclass
class ErrorReport:
    """One error caught from user code, as plain data.

    It holds no reference to the component or the exception (whose traceback frames
    hold the component): a report must never keep a broken component alive (#12).

    Attributes:
        component: the component's class name (``<root>`` outside any).
        path: the components from the root down to it: ``App > TodoList > Item``.
        phase: what was running: ``render``, ``on_mount``, ``on_click handler``...
        error_type: the exception's class name.
        message: the exception's message.
        traceback: the formatted traceback.
        site: ``file:line`` of the innermost frame of the user's code, if any.
        component_id: the component's instance id (0 outside any).
        handled_by: the class name of the boundary whose ``on_error`` took it, or ``""``.
    """

    component: str
    phase: str
    error_type: str
    message: str
    traceback: str = field(repr=False, default="")
    path: str = ""
    site: str = ""
    component_id: int = 0
    handled_by: str = ""

    def __str__(self) -> str:
        return f"{self.component}.{self.phase} raised {self.error_type}: {self.message}"


#: The most recent reports, newest last (the inspector shows them).
recent: collections.deque[ErrorReport] = collections.deque(maxlen=100)


def describe(component: Component | None) -> str:
    """The name used for a component in messages: its class name."""
    return type(component).__name__ if component is not None else "<root>"


def component_path(component: Component | None) -> str:
    """``App > TodoList > Item``: the component and its ancestors, root first (a very
    deep path keeps its three first and three last names)."""
    names = []
    while component is not None:
        names.append(type(component).__name__)
        component = component._parent_component
    names.reverse()
    if len(names) > 8:
        names = [*names[:3], f"… {len(names) - 6} more …", *names[-3:]]
    return " > ".join(names) or "<root>"


def _user_site(exc: BaseException) -> str:
    """``file:line`` of the innermost traceback frame outside wasmui (the user's line); for
    a syntax error, the place in the source it names."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    site = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name != "wasmui" and not name.startswith("wasmui."):
            site = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return site


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # an exception whose __str__ raises still gets reported
        return f"<{type(exc).__name__} whose str() raised>"


_PAGE_ONLY = {
    "window": "listen with `scope.listen(dom.window, ...)`, read or call it with `await dom.read(dom.window, 'scrollY')`, "
              "`await dom.call(dom.window, 'scrollTo', 0, 0)`",
    "document": "listen with `scope.listen(dom.document, ...)`, read or write it with `await dom.read(dom.document, 'title')`, "
                "`await dom.write(dom.document, 'title', ...)`",
    **{kind: f"watch page elements with `scope.observer(dom.{kind}, callback)`"
       for kind in ("ResizeObserver", "IntersectionObserver", "MutationObserver")},
}  # fmt: skip


def worker_hint(exc: BaseException, in_worker: bool) -> str:
    """What to use instead, when code written for the page's main thread (``js.window``,
    ``js.ResizeObserver``) ran in a worker, where Pyodide's ``js`` module is the worker's
    global scope and says only ``AttributeError: window``; ``""`` otherwise."""
    if not in_worker or not isinstance(exc, AttributeError) or len(exc.args) != 1:
        return ""
    instead = _PAGE_ONLY.get(exc.args[0])
    if instead is None:
        return ""
    return f" (in worker mode `js.{exc.args[0]}` does not exist: {instead}, from wasmui import dom; they work in both modes)"


def report(component: Component | None, phase: str, exc: BaseException) -> ErrorReport:
    """Logs an error from user code and offers it to the nearest error boundary.

    An error no boundary handles is logged at ERROR level (``console.error`` in the
    browser) with the component path and the traceback, and handed to the dev tools
    (the inspector's error list, the development overlay).

    Args:
        component: the component whose code raised (``None`` outside any).
        phase: what was running: ``"render"``, ``"on_mount"``, ``"handler on_click"``...
        exc: the exception, with its original traceback.

    Returns:
        The report, also appended to :data:`recent`.
    """
    try:
        formatted = "".join(traceback.format_exception(exc))
    except Exception:
        formatted = f"{type(exc).__name__} (its traceback could not be formatted)"
    entry = ErrorReport(
        describe(component),
        phase,
        type(exc).__name__,
        _safe_str(exc) + worker_hint(exc, _ffi.IN_BROWSER and not _ffi.in_page()),
        formatted,
        component_path(component),
        _user_site(exc),
        component._id if component is not None else 0,
    )
    recent.append(entry)
    boundary = component._parent_component if component is not None else None
    while boundary is not None:
        handler = getattr(boundary, "on_error", None)
        if handler is not None and boundary._alive:
            try:
                handler(exc)
                entry.handled_by = describe(boundary)
                log.warning("%s (handled by %s.on_error)", entry, entry.handled_by)
                break
            except Exception as boundary_exc:  # the boundary itself failed: keep climbing
                log.error("%s.on_error raised while handling %s: %r", describe(boundary), entry, boundary_exc)
        boundary = boundary._parent_component
    else:
        log.error("%s\n  in %s\n%s", entry, entry.path, entry.traceback)
        if hooks.error_reported is not None:
            hooks.error_reported(entry)
    # neither the log nor the caller's exception may keep the component alive through
    # the frames' locals; the exception's traceback goes with them
    traceback.clear_frames(exc.__traceback__)
    exc.__traceback__ = None
    return entry


# --- warnings that point at the user's code (#24) ------------------------------------------


class Site(NamedTuple):
    """Where a warning points: a file, a line and the module it belongs to."""

    filename: str
    lineno: int
    module: str


def warn(category: type[Warning], message: str, at: Site | None = None) -> None:
    """Emits a warning whose file and line are the user's, never wasmui's.

    The standard library's ``stacklevel`` cannot do this for wasmui: a warning found while
    a commit runs is emitted by the runtime, called from a root, the scheduler or an
    event, and the user's code may be nowhere on the stack. So the place is said
    outright: ``at`` (from :func:`definition_site`, e.g. the component whose render
    built the faulty node), or else the innermost frame outside wasmui (the user's
    line that called in). Filters, ``-W error`` and "once per place" behave as for
    ``warnings.warn``: the place's module keeps its own ``__warningregistry__``.

    Args:
        category: the warning class.
        message: what is wrong and what to do.
        at: the place to name; ``None``: the calling user code.
    """
    if at is None:
        at = caller_site()
    module = sys.modules.get(at.module)
    module_globals = getattr(module, "__dict__", None)
    registry = module_globals.setdefault("__warningregistry__", {}) if module_globals is not None else None
    if module_globals is not None and not module_globals.get("__file__"):
        # No file to read the line from: warn_explicit would ask the module's loader for
        # its source, and for code run by pyodide.runPython (``__main__``, loaded by
        # BuiltinImporter) that raises ImportError instead of warning.
        module_globals = None
    warnings.warn_explicit(message, category, at.filename, at.lineno, at.module, registry, module_globals)


def _inside_wasmui(module_name: str) -> bool:
    return module_name == "wasmui" or module_name.startswith("wasmui.")


def caller_site() -> Site:
    """The innermost frame outside wasmui: the user's line that called in (the outermost
    frame, if wasmui was called from JS with no user frame on the stack)."""
    frame = sys._getframe(1)
    outermost = frame
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not _inside_wasmui(name):
            return Site(frame.f_code.co_filename, frame.f_lineno, name)
        outermost = frame
        frame = frame.f_back
    return Site(outermost.f_code.co_filename, outermost.f_lineno, outermost.f_globals.get("__name__", ""))


def definition_site(owner: Any, needle: str | None = None) -> Site:
    """Where ``owner`` is written: a function's ``def`` line; a component's (class or
    instance) render function, or its ``@component`` function, or else its ``class`` line.

    Args:
        owner: a function, a component class or a component; ``None``: the caller.
        needle: a regular expression to look for in the function's source lines, such as
            the prop a warning is about: the first line matching it is named, which is
            usually the very line that built the node (the ``def`` line otherwise).
    """
    if owner is None:
        return caller_site()
    cls = owner if isinstance(owner, type) else type(owner)
    fn = owner if hasattr(owner, "__code__") else getattr(cls, "_function", None) or _own_render(cls)
    code = getattr(fn, "__code__", None)
    if code is None:  # a class component with no render of its own
        module = sys.modules.get(cls.__module__)
        filename = getattr(module, "__file__", None) or "<unknown>"
        return Site(filename, getattr(cls, "__firstlineno__", 1), cls.__module__)
    module_name = getattr(fn, "__module__", None) or cls.__module__
    return Site(code.co_filename, _line_of(code, needle) if needle else code.co_firstlineno, module_name)


def _own_render(cls: type) -> Any:
    for klass in cls.__mro__:
        if _inside_wasmui(klass.__module__):
            return None
        if "render" in klass.__dict__:
            return klass.__dict__["render"]
    return None


def _line_of(code: Any, needle: str) -> int:
    """The first line of ``code``'s source matching ``needle``, or its first line."""
    lines = [line for _, _, line in code.co_lines() if line is not None]
    last = max(lines, default=code.co_firstlineno)
    pattern = re.compile(needle)
    source = linecache.getlines(code.co_filename)
    for lineno in range(code.co_firstlineno, min(last, len(source)) + 1):
        if pattern.search(source[lineno - 1]):
            return lineno
    return code.co_firstlineno
