"""Exceptions, and the one place where errors from user code are reported.

Errors raised by a component's render, hooks or handlers never escape into the
browser's event loop half-way through a commit: the framework catches them,
reports them here (console, with the component's name and the original traceback,
and a bounded log the inspector reads) and offers them to the nearest ancestor
that defines ``on_error``.

Must not import ``js``.
"""

from __future__ import annotations

import collections
import logging
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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


@dataclass
class ErrorReport:
    """One error caught from user code."""

    component: str
    phase: str
    exception: BaseException
    traceback: str = field(repr=False, default="")

    def __str__(self) -> str:
        return f"{self.component}.{self.phase} raised {type(self.exception).__name__}: {self.exception}"


#: The most recent reports, newest last (the inspector shows them).
recent: collections.deque[ErrorReport] = collections.deque(maxlen=100)


def describe(component: Component | None) -> str:
    """The name used for a component in messages: its class name."""
    return type(component).__name__ if component is not None else "<root>"


def report(component: Component | None, phase: str, exc: BaseException) -> ErrorReport:
    """Logs an error from user code and offers it to the nearest error boundary.

    Args:
        component: the component whose code raised (``None`` outside any).
        phase: what was running: ``"render"``, ``"on_mount"``, ``"handler on_click"``...
        exc: the exception, with its original traceback.

    Returns:
        The report, also appended to :data:`recent`.
    """
    entry = ErrorReport(describe(component), phase, exc, "".join(traceback.format_exception(exc)))
    # the log must not keep the failing component alive through its frames' locals
    traceback.clear_frames(exc.__traceback__)
    recent.append(entry)
    boundary = component._parent_component if component is not None else None
    while boundary is not None:
        handler = getattr(boundary, "on_error", None)
        if handler is not None and boundary._alive:
            try:
                handler(exc)
                log.warning("%s (handled by %s.on_error)", entry, describe(boundary))
                return entry
            except Exception as boundary_exc:  # the boundary itself failed: keep climbing
                log.error("%s.on_error raised while handling %s: %r", describe(boundary), entry, boundary_exc)
        boundary = boundary._parent_component
    log.error("%s\n%s", entry, entry.traceback)
    return entry
