"""Development diagnostics for the misuses that leak or crash proxies (#4).

Installed by development mode (:mod:`wasmui.mode`); ``disable()`` removes them,
Pyodide's debug messages and proxy tracing included.

- A proxy created outside any scope: ``pyodide.ffi.create_proxy`` and
  ``create_once_callable`` are wrapped so that a call from user code warns with the
  caller's file:line (nothing will ever destroy that proxy). Code that imported
  those names before wasmui keeps the originals; the inspector's count of
  untracked proxies still shows them.
- A bare callable handed to JS (``js.setTimeout(self.tick, 100)``): Pyodide lends
  JS a proxy destroyed when the call returns, and the later call fails with "This
  borrowed proxy was automatically destroyed". With Pyodide's debug messages on,
  the error names the function's address; wasmui finds the function and reports
  where it is defined, with the fix.
- The same listener registered twice in one scope: see ``Scope.listen``.

Must be imported only in the browser (it reaches ``pyodide`` through ``_ffi``).
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable
from typing import Any

from . import _ffi, errors
from .scope import Scope, creation_site

_BORROWED = "borrowed proxy was automatically destroyed"
_REPR_ADDRESS = re.compile(r'had repr "<(?:function|bound method|built-in method)? ?(.*?) at 0x([0-9a-f]+)>')

_state: dict[str, Any] = {"scope": None}


class ProxyOutsideScopeWarning(RuntimeWarning):
    """A Pyodide proxy was created where no scope will destroy it."""


class BorrowedProxyWarning(RuntimeWarning):
    """A bare Python callable was handed to JS and called after Pyodide destroyed it."""


def enabled() -> bool:
    return _state["scope"] is not None


def enable() -> None:
    """Installs the diagnostics (idempotent)."""
    if enabled():
        return
    scope = Scope("wasmui diagnostics", internal=True)
    _state["scope"] = scope
    _ffi.set_debug(True)
    _ffi.set_proxy_tracing(True)  # the inspector's count of live Pyodide proxies
    _ffi.wrap_ffi_factories(_warn_outside_scope)
    scope.on_cleanup(_ffi.restore_ffi_factories)
    # the page's window, or worker mode's worker (an error thrown in its callbacks is reported there)
    scope.listen(_ffi.js_global("self"), "error", _explain_borrowed_proxy_error)


def disable() -> None:
    """Removes the diagnostics (production: no wrappers, no listener, no debug FFI)."""
    scope = _state["scope"]
    if scope is None:
        return
    _state["scope"] = None
    scope.close()
    _ffi.set_debug(False)
    _ffi.set_proxy_tracing(False)


def _warn_outside_scope(factory: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(factory)
    def checked(fn: Any, *args: Any, **kwargs: Any) -> Any:
        site = creation_site()
        if site != "<wasmui>":
            errors.warn(
                ProxyOutsideScopeWarning,
                f"{factory.__name__}({_describe(fn)}) at {site} is outside any scope: nothing will "
                f"destroy this proxy. Use self.scope.{factory.__name__}(...) (or a wasmui.Scope).",
            )
        return factory(fn, *args, **kwargs)

    return checked


def _explain_borrowed_proxy_error(event: Any) -> None:
    message = str(getattr(event, "message", "") or "")
    if _BORROWED not in message:
        return
    explanation, fn = explain_borrowed_proxy(message), _function_in(message)
    # the function handed over is the place to fix (called from JS, no user frame is on the stack)
    errors.warn(BorrowedProxyWarning, explanation, errors.definition_site(fn) if fn is not None else None)
    errors.report(None, "a JS callback", BorrowedProxyWarning(explanation))


def explain_borrowed_proxy(message: str) -> str:
    """Turns Pyodide's borrowed-proxy error into where the function is and what to do."""
    match = _REPR_ADDRESS.search(message)
    where = ""
    name = "a Python callable"
    if match:
        name = match.group(1) or name
        fn = _function_in(message)
        code = getattr(getattr(fn, "__func__", fn), "__code__", None)
        if code is not None:
            where = f" defined at {code.co_filename}:{code.co_firstlineno}"
    return (
        f"{name}{where} was handed to JS as a bare callable; Pyodide destroyed its proxy when "
        "that call returned, so JS could not call it later. Use self.scope.set_timeout / "
        "set_interval / listen / create_proxy, which keep it alive and release it at unmount."
    )


def _function_in(message: str) -> Any:
    """The Python function whose address Pyodide's message names, if it is still alive."""
    match = _REPR_ADDRESS.search(message)
    fn = _object_at(int(match.group(2), 16)) if match else None
    return fn if hasattr(getattr(fn, "__func__", fn), "__code__") else None


def _object_at(address: int) -> Any:
    for obj in gc.get_objects():
        if id(obj) == address:
            return obj
    return None


def _describe(fn: Any) -> str:
    code = getattr(getattr(fn, "__func__", fn), "__code__", None)
    name = getattr(fn, "__qualname__", type(fn).__name__)
    return f"{name} from {code.co_filename}:{code.co_firstlineno}" if code is not None else name
