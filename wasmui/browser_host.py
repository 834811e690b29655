"""The browser host: the :class:`~wasmui._types.Host` protocol over the real DOM.

One ``apply`` call per commit, with the whole op list as one JSON string
(measured: as fast as plain JS for 1,000 rows, where one FFI call per DOM
operation is about 1.6x slower: docs/benchmarks.md). The applier's JavaScript
ships in the wheel (``wasmui/js/applier.js``).

Reaches JS only through :mod:`wasmui._ffi`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from . import _ffi
from .errors import MountError
from .scope import Scope

_encode = json.JSONEncoder(separators=(",", ":")).encode
"""A commit's ops as compact JSON (one encoder for all commits: ``json.dumps`` with
options builds a new one per call)."""

IDLE_TIMEOUT_MS = 500
"""The longest a removed tree waits to be freed on a page that is never idle (the applier
asks for requestIdleCallback with this timeout, or, where it is missing, as in Safari,
sets a timer of a tenth of it)."""


class _PendingCallback:
    """One browser callback at a time (the next frame): requests coalesce and the latest
    callback wins, through one proxy owned by the host's scope.

    Args:
        request: ``request(proxy) -> handle`` asks the browser to call the proxy.
        cancel: ``cancel(handle)`` withdraws a request not yet run.
    """

    def __init__(self, request: Callable[[Any], Any], cancel: Callable[[Any], None]) -> None:
        self._request, self._cancel = request, cancel
        self._callback: Callable[[], None] | None = None
        self._handle: Any = None
        self._proxy: Any = None

    def schedule(self, scope: Scope, callback: Callable[[], None]) -> None:
        self._callback = callback
        if self._handle is None:
            if self._proxy is None:
                self._proxy = scope.create_proxy(self._run)
                scope.on_cleanup(self._withdraw)
            self._handle = self._request(self._proxy)

    def _run(self, *_: Any) -> None:
        self._handle = None
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()

    def _withdraw(self) -> None:
        if self._handle is not None:
            self._cancel(self._handle)
            self._handle = None

    def forget(self) -> None:
        """After the scope closed (and destroyed the proxy): start afresh on the next request."""
        self._proxy = None
        self._callback = None


def _frame_requests() -> tuple[Callable[[Any], Any], Callable[[Any], None]]:
    """``requestAnimationFrame`` and its cancel, looked up once (each lookup crosses to JS)."""
    return _ffi.js_global("requestAnimationFrame"), _ffi.js_global("cancelAnimationFrame")


IDLE_BUDGET_MS = 8.0
"""Where no IdleDeadline comes (the timer fallback, or a timed-out idle callback that has
no time left yet must make progress): the time an idle callback may take."""


def _time_left(browser_args: tuple) -> tuple[Callable[[], float]]:
    """``(time_left,)`` for an idle callback: the IdleDeadline's ``timeRemaining`` where the
    browser gave one and it did not time out, else a budget of :data:`IDLE_BUDGET_MS`."""
    deadline = browser_args[0] if browser_args else None
    if deadline is not None and not _ffi.is_nullish(deadline) and not getattr(deadline, "didTimeout", True):
        return (deadline.timeRemaining,)
    end = time.perf_counter() + IDLE_BUDGET_MS / 1000
    return (lambda: (end - time.perf_counter()) * 1000,)


def _log_to_console() -> None:
    """wasmui's log goes to the browser console at its level, in every mode (an error
    from a component is a ``console.error``, with its traceback)."""
    log = logging.getLogger("wasmui")
    if not any(isinstance(handler, _ffi.ConsoleHandler) for handler in log.handlers):
        log.addHandler(_ffi.ConsoleHandler())
        log.propagate = False  # not also to stderr, which Pyodide shows as console.warn


class BrowserHost:
    """The real DOM, through one applier instance."""

    def __init__(self) -> None:
        _log_to_console()
        self.scope = Scope("wasmui host", internal=True)
        self.applier = _ffi.applier_module().createApplier(_ffi.js_global("document"))
        # the applier's hot entry points, looked up once (each attribute read crosses to JS)
        self._apply, self._node = self.applier.apply, self.applier.node
        self._frame = _PendingCallback(*_frame_requests())
        # the idle request is the applier's (so a commit asks for it in its apply call);
        # the latest callback wins, through one proxy
        self._when_idle = self.applier.whenIdle
        self._idle_callback: Callable[[Callable[[], float]], None] | None = None
        self._idle_proxy: Any = None
        self._idle_pending = False

    def attach(self, root_id: int, target: Any, dispatch: Callable, scope: Scope) -> Any:
        element = self._resolve(target)
        proxy = scope.create_proxy(dispatch)
        if not self.applier.adopt(root_id, element, proxy):
            raise MountError("mount(): this element already holds a wasmui root; unmount that root first")
        scope.track("delegation", "delegated events", lambda: self.applier.release(root_id))
        return element

    @staticmethod
    def _resolve(target: Any) -> Any:
        if not isinstance(target, str):
            if _ffi.is_nullish(target) or not hasattr(target, "appendChild"):
                raise MountError(f"mount(): target must be an element or a CSS selector, got {target!r}")
            return target
        try:
            element = _ffi.query_selector(target)
        except ValueError as exc:
            raise MountError(f"mount(): invalid CSS selector {target!r}: {exc}") from None
        if element is None:
            raise MountError(f"mount(): no element matches selector {target!r}")
        return element

    def hold_target(self, node_id: int, target: Any) -> None:
        """A portal's target (``None``: ``document.body``, a CSS selector, or an element),
        held by the applier as ``node_id`` until the portal closes (#24).

        Raises:
            ValueError: the selector is invalid or matches nothing, or the target is not an element.
        """
        if target is None:
            element = _ffi.js_global("document").body
        elif isinstance(target, str):
            element = _ffi.query_selector(target)
            if element is None:
                raise ValueError(f"no element matches selector {target!r}")
        elif _ffi.is_nullish(target) or not hasattr(target, "appendChild"):
            raise ValueError(f"must be None, a CSS selector or an element, got {target!r}")
        else:
            element = target
        self.applier.hold(node_id, element)

    prerendering = False
    handlers_run_late = False

    def hydrating(self, root_id: int) -> bool:
        return bool(self.applier.hydrating(root_id))

    def apply(self, ops: list, then_idle: Callable[[Callable[[], float]], None] | None = None) -> list[dict] | None:
        proxy = None if then_idle is None else self._idle_request(then_idle)
        if proxy is None:
            mismatches = self._apply(_encode(ops))
        else:  # one crossing for the commit and its idle request (each costs ~60 µs cold)
            mismatches = self._apply(_encode(ops), proxy, IDLE_TIMEOUT_MS)
        return None if _ffi.is_nullish(mismatches) else json.loads(mismatches)

    def node(self, node_id: int) -> Any:
        node = self._node(node_id)
        return None if _ffi.is_nullish(node) else node

    def request_frame(self, callback: Callable[[], None]) -> None:
        self._frame.schedule(self.scope, callback)

    def when_idle(self, callback: Callable[[Callable[[], float]], None]) -> None:
        proxy = self._idle_request(callback)
        if proxy is not None:
            self._when_idle(proxy, IDLE_TIMEOUT_MS)

    def _idle_request(self, callback: Callable[[Callable[[], float]], None]) -> Any:
        """The proxy for the applier to call when idle, now calling ``callback`` (the latest
        wins); ``None`` when a request is pending already (no crossing to ask again)."""
        self._idle_callback = callback
        if self._idle_pending:
            return None
        self._idle_pending = True
        if self._idle_proxy is None:
            self._idle_proxy = self.scope.create_proxy(self._run_idle)
            self.scope.on_cleanup(self.applier.cancelIdle)
        return self._idle_proxy

    def _run_idle(self, *browser_args: Any) -> None:
        self._idle_pending = False
        callback, self._idle_callback = self._idle_callback, None
        if callback is not None:
            callback(*_time_left(browser_args))

    def close(self) -> None:
        """Releases the frame and idle proxies (no root is left to need them); usable again later."""
        self.scope.close()
        self.scope = Scope("wasmui host", internal=True)
        self._frame.forget()
        self._idle_proxy = None
        self._idle_callback = None
        self._idle_pending = False
