"""The Python/JS boundary: the only module that imports ``js`` and ``pyodide`` (#12).

Everything else in wasmui reaches the browser through the small set of primitives
here, so the framework's logic also runs, and is tested, under plain CPython:

- null handling: :func:`is_nullish`, because JS ``null`` reaches Python as
  ``pyodide.ffi.jsnull``, not ``None``, and every value read back from JS may be
  either;
- proxy factories (:func:`create_proxy`, :func:`create_once_callable`) and
  conversions (:func:`to_js_object`, :func:`to_js_array`);
- globals of the page (:func:`js_global`) and the applier's JS module;
- packages loaded by name from the site's lock, for :mod:`wasmui.lazy`;
- memory and proxy probes for the inspector and the leak checks, and the switches
  of Pyodide's debug aids (FFI debug messages, proxy-allocation tracing).

Importing this module reads no JS attribute (a memory snapshot made at import
would fail on one); only calling its functions does. Under CPython the ``js``
module does not exist: :func:`is_nullish` still works, anything else raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

try:
    import js
    import pyodide.ffi as pyodide_ffi
    from pyodide.code import run_js
    from pyodide.ffi import JsException, JsProxy, jsnull, to_js
except ImportError:  # plain CPython: the model DOM's world, where nothing is JS
    js = pyodide_ffi = run_js = to_js = None
    jsnull = object()

    class JsProxy:  # type: ignore[no-redef]
        """Stands in for Pyodide's JsProxy where there is no JS: nothing is one."""

    class JsException(Exception):  # type: ignore[no-redef]
        """Stands in for Pyodide's JsException where there is no JS."""


IN_BROWSER = js is not None
# The factories as Pyodide defines them, kept before development mode may wrap the
# public names (see diagnostics): wasmui's own proxies never go through the wrapper.
_create_proxy = getattr(pyodide_ffi, "create_proxy", None)
_create_once_callable = getattr(pyodide_ffi, "create_once_callable", None)


def is_nullish(value: Any) -> bool:
    """True for ``None`` (JS ``undefined``) and for JS ``null`` (``pyodide.ffi.jsnull``).

    Example:
        ```python
        if is_nullish(document.querySelector("#menu")):
            ...
        ```
    """
    return value is None or value is jsnull


def create_proxy(fn: Callable[..., Any]) -> Any:
    """A Pyodide proxy of ``fn`` (callers own it: see :class:`~wasmui.scope.Scope`)."""
    return _create_proxy(fn)


def create_once_callable(fn: Callable[..., Any]) -> Any:
    """A proxy Pyodide destroys after its first call (or the owner destroys unused)."""
    return _create_once_callable(fn)


def js_global(name: str) -> Any:
    """A global of the page (``setTimeout``, ``URL``, ``document``...)."""
    return getattr(js.globalThis, name)


def in_page() -> bool:
    """Whether this Python runs on a page (with a document), not in a worker (#26)."""
    return IN_BROWSER and hasattr(js.globalThis, "document")


def to_js_object(options: dict) -> Any:
    """A plain JS object from a dict (event listener options, observer init, fetch init)."""
    return to_js(options, dict_converter=js.Object.fromEntries)


def to_js_array(items: list) -> Any:
    """A JS array from a list."""
    return to_js(items)


def query_selector(selector: str) -> Any:
    """``document.querySelector(selector)``: the element, ``None`` when none matches.

    Raises:
        ValueError: the selector is not valid CSS (the browser's message attached).
    """
    try:
        found = js.document.querySelector(selector)
    except JsException as exc:
        raise ValueError(str(exc)) from None
    return None if is_nullish(found) else found


def applier_module() -> Any:
    """The applier's JS module object, loaded from the wheel on first use (a page under a
    strict CSP loads it with ``<script src>``, which sets ``globalThis.wasmuiApplier``)."""
    module = getattr(js.globalThis, "wasmuiApplier", None)
    if is_nullish(module):
        # imported here: importlib.resources brings pathlib, tempfile and more, a startup
        # cost (about 40 ms in Pyodide) that a page loading the applier by <script> never needs
        from importlib import resources

        source = resources.files("wasmui").joinpath("js/applier.js").read_text(encoding="utf-8")
        module = run_js(source)
    return module


# --- packages (wasmui.lazy) -----------------------------------------------------------


def package_state(name: str) -> str | None:
    """Package ``name`` (canonical: ``myapp-reports``) in this page's Pyodide: ``"loaded"``,
    ``"listed"`` (the site's lock lists it, not loaded yet) or ``None`` (not in the lock)."""
    import pyodide_js

    if not is_nullish(getattr(pyodide_js.loadedPackages, name, None)):
        return "loaded"
    return "listed" if not is_nullish(getattr(pyodide_js.lockfile.packages, name, None)) else None


async def load_packages(names: list[str]) -> None:
    """Loads packages by name from the site's lock with ``pyodide.loadPackage`` (checked
    against the lock's SHA-256; loaded ones are skipped), quietly.

    Raises:
        ImportError: one is not loaded afterwards; Pyodide's messages attached (it reports
            a failed download to a callback rather than rejecting).
    """
    import pyodide_js

    # the callbacks are JS functions, not proxies of Python ones: a load cancelled while
    # Pyodide still runs it (the view left) calls them later, and nothing is to be freed
    messages = js.Array.new()
    callbacks = run_js("(messages) => ({messageCallback: () => {}, errorCallback: (m) => { messages.push(String(m)); }})")
    try:
        await pyodide_js.loadPackage(to_js(names), callbacks(messages))
    except JsException as exc:
        messages.push(str(exc))
    problems = [str(message) for message in messages]
    missing = [name for name in names if package_state(name) != "loaded"]
    if missing:
        raise ImportError(f"package {', '.join(missing)} could not be loaded from this site's pyodide-lock.json: "
                          + (" ".join(problems) or "no reason given"))  # fmt: skip


# --- development aids ---------------------------------------------------------------


def set_debug(flag: bool) -> bool:
    """Pyodide's detailed FFI errors (they name the object behind a destroyed proxy);
    returns the previous setting."""
    import pyodide_js

    return bool(pyodide_js.setDebug(flag))


def debug_enabled() -> bool:
    """Reads Pyodide's FFI debug setting back (it has no getter: set and restore)."""
    previous = set_debug(False)
    set_debug(previous)
    return previous


def set_proxy_tracing(flag: bool) -> None:
    """Pyodide's PyProxy allocation tracing (a stack trace kept per live proxy): what
    the leak checks and the inspector count. Development only: it costs every proxy."""
    import pyodide_js

    module = pyodide_js._module
    (module.enable_pyproxy_allocation_tracing if flag else module.disable_pyproxy_allocation_tracing)()


def proxy_tracing_enabled() -> bool:
    """Whether allocation tracing is on, read back from Pyodide: a probe proxy shows in
    its map only then."""
    before = live_pyproxy_count()
    probe = _create_proxy(lambda: None)
    try:
        return live_pyproxy_count() > before
    finally:
        probe.destroy()


def factories_wrapped() -> bool:
    """Whether ``pyodide.ffi``'s public factories are replaced (development diagnostics)."""
    return pyodide_ffi.create_proxy is not _create_proxy or pyodide_ffi.create_once_callable is not _create_once_callable


def wrap_ffi_factories(wrap: Callable[[Callable], Callable]) -> None:
    """Replaces ``pyodide.ffi.create_proxy``/``create_once_callable`` with ``wrap(original)``
    for code that looks them up later; wasmui itself keeps the originals."""
    pyodide_ffi.create_proxy = wrap(_create_proxy)
    pyodide_ffi.create_once_callable = wrap(_create_once_callable)


def restore_ffi_factories() -> None:
    pyodide_ffi.create_proxy = _create_proxy
    pyodide_ffi.create_once_callable = _create_once_callable


class ConsoleHandler(logging.Handler):
    """Sends wasmui's log records to the browser console at their level, so an error
    from a component shows as ``console.error`` (Pyodide's stderr is ``console.warn``)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            console = js.console
            if record.levelno >= logging.ERROR:
                console.error(text)
            elif record.levelno >= logging.WARNING:
                console.warn(text)
            else:
                console.info(text)
        except Exception:  # a broken console must not break the app
            self.handleError(record)


# --- memory and proxy probes (inspector, leak checks) --------------------------------


def live_pyproxy_count() -> int:
    """Pyodide's count of live PyProxies (only those made while tracing was on)."""
    import pyodide_js

    return int(pyodide_js._module.pyproxy_alloc_map.size)


def live_proxy_reprs() -> list[str]:
    """The repr of the Python object behind every traced live PyProxy.

    The map's keys reach Python as opaque JS values, so the applier's helper turns
    them into strings in JS; a default repr carries the object's ``id`` as ``0x...``.
    """
    import pyodide_js

    return [str(text) for text in applier_module().describeProxies(pyodide_js._module.pyproxy_alloc_map)]


def memory() -> dict[str, Any]:
    """The page's memory as the inspector charts it (bytes; ``None`` where unavailable).

    ``py_heap_bytes`` is dlmalloc's in-use total (``mallinfo().uordblks``): Python's
    objects live there (Pyodide has no pymalloc, so ``sys.getallocatedblocks()`` is 0).
    ``wasm_heap_bytes`` is the WebAssembly memory's size, which the browser's
    ``performance.memory`` does not count.
    """
    import pyodide_js

    module = pyodide_js._module
    struct = module._malloc(64)
    try:
        module._mallinfo(struct)  # struct mallinfo returned through a pointer (wasm32 sret)
        in_use = module.HEAPU32.at((struct >> 2) + 7)
    finally:
        module._free(struct)
    js_memory = getattr(js.performance, "memory", None)
    return {
        "py_heap_bytes": int(in_use),
        "wasm_heap_bytes": int(module.HEAP8.length),
        "js_heap_bytes": None if is_nullish(js_memory) else int(js_memory.usedJSHeapSize),
        # a worker has no document: the page's nodes are one message away (None here)
        "dom_nodes": int(js.document.querySelectorAll("*").length) if in_page() else None,
        "pyodide_proxies": live_pyproxy_count(),
    }
