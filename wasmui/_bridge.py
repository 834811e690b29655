"""The Python/JS boundary: the only module that imports ``js`` and ``pyodide``.

``BrowserHost`` implements the :class:`~wasmui._types.Host` protocol over the real
DOM: one ``apply`` call per commit, with the whole op list as one JSON string
(measured: as fast as plain JS for 1,000 rows, where one FFI call per DOM
operation is about 1.6x slower; see ../shared/ENVIRONMENT.md). The applier's
JavaScript ships in the wheel (``wasmui/js/applier.js``); a page that already
loaded it with a ``<script>`` tag (a strict CSP forbids eval) is used as is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import js
from pyodide.code import run_js
from pyodide.ffi import JsException, to_js
from pyodide.ffi import create_once_callable as _create_once_callable
from pyodide.ffi import create_proxy as _create_proxy

from .errors import MountError
from .scope import Scope


def create_proxy(fn: Callable[..., Any]) -> Any:
    """A Pyodide proxy of ``fn`` (callers own it: see :class:`~wasmui.scope.Scope`)."""
    return _create_proxy(fn)


def create_once_callable(fn: Callable[..., Any]) -> Any:
    """A proxy Pyodide destroys after its first call (or the owner destroys unused)."""
    return _create_once_callable(fn)


def js_global(name: str) -> Any:
    """A global of the page (``setTimeout``, ``URL``, ``fetch``...)."""
    return getattr(js.globalThis, name)


def to_js_object(options: dict) -> Any:
    """A plain JS object from a dict (event listener options, observer init, fetch init)."""
    return to_js(options, dict_converter=js.Object.fromEntries)


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
        "js_heap_bytes": int(js_memory.usedJSHeapSize) if js_memory is not None else None,
        "dom_nodes": int(js.document.querySelectorAll("*").length),
        "pyodide_proxies": live_pyproxy_count(),
    }


def live_pyproxy_count() -> int | None:
    """Pyodide's own count of live PyProxies (``None`` unless allocation tracing is on)."""
    import pyodide_js

    alloc_map = getattr(pyodide_js._module, "pyproxy_alloc_map", None)
    return int(alloc_map.size) if alloc_map is not None else None


def enable_proxy_tracing() -> None:
    """Pyodide's PyProxy allocation tracing: what the leak checks and the inspector count."""
    import pyodide_js

    pyodide_js._module.enable_pyproxy_allocation_tracing()


def live_proxy_reprs() -> list[str]:
    """The repr of the Python object behind every live PyProxy (tracing must be on).

    The map's keys reach Python as opaque JS values, so the applier's helper turns
    them into strings in JS; a default repr carries the object's ``id`` as ``0x...``.
    """
    import pyodide_js

    alloc_map = getattr(pyodide_js._module, "pyproxy_alloc_map", None)
    return [str(text) for text in applier_module().describeProxies(alloc_map)]


def create_shadow_host(tag: str, css: str) -> tuple[Any, Any]:
    """A ``<tag>`` at the end of ``<body>`` with an open shadow root styled by ``css``
    (a constructable stylesheet: no inline ``<style>``, fine under a strict CSP);
    returns the host element and the container to mount into."""
    host = js.document.createElement(tag)
    shadow = host.attachShadow(to_js_object({"mode": "open"}))
    sheet = js.CSSStyleSheet.new()
    sheet.replaceSync(css)
    shadow.adoptedStyleSheets = to_js([sheet])
    container = js.document.createElement("div")
    shadow.appendChild(container)
    js.document.body.appendChild(host)
    return host, container


def expose_report(scope: Scope, produce_json: Callable[[], str]) -> None:
    """``window.wasmui.report()`` for selenium, Playwright or a CI script."""
    namespace = getattr(js.window, "wasmui", None)
    if namespace is None:
        namespace = js.Object.new()
        js.window.wasmui = namespace
    applier_module().exposeReport(namespace, scope.create_proxy(produce_json))


def url_has_parameter(name: str) -> bool:
    return bool(js.URLSearchParams.new(js.location.search).has(name))


def when_document_ready(scope: Scope, callback: Callable[[], Any]) -> None:
    """Runs ``callback`` now if ``<body>`` exists, else on DOMContentLoaded."""
    if js.document.body is not None:
        callback()
    else:
        scope.listen(js.document, "DOMContentLoaded", callback, once=True)


def new_container() -> Any:
    """A fresh ``<div>`` at the end of ``<body>`` (``wasmui.testing.render``)."""
    container = js.document.createElement("div")
    js.document.body.appendChild(container)
    return container


_EVENT_CLASSES = {"input": "InputEvent", "beforeinput": "InputEvent", "focus": "FocusEvent", "blur": "FocusEvent",
                  "focusin": "FocusEvent", "focusout": "FocusEvent"}  # fmt: skip


def dispatch(target: Any, event_type: str, init: dict) -> bool:
    """Dispatches a real DOM event of the fitting class (MouseEvent, KeyboardEvent...)."""
    name = _EVENT_CLASSES.get(event_type)
    if name is None:
        if event_type.startswith(("mouse", "click", "dblclick", "contextmenu")):
            name = "MouseEvent"
        elif event_type.startswith("key"):
            name = "KeyboardEvent"
        elif event_type.startswith("pointer"):
            name = "PointerEvent"
        else:
            name = "Event"
    event = getattr(js, name).new(event_type, to_js_object(init))
    return bool(target.dispatchEvent(event))


def inspector_host_elements() -> int:
    """Light-DOM elements of the inspector (its panel lives in their shadow roots)."""
    return int(js.document.querySelectorAll("wasmui-inspector").length)


def set_debug(flag: bool) -> None:
    """Pyodide's detailed FFI errors (they name the object behind a destroyed proxy)."""
    import pyodide_js

    pyodide_js.setDebug(flag)


def wrap_ffi_factories(wrap: Callable[[Callable], Callable]) -> dict[str, Callable]:
    """Replaces ``pyodide.ffi.create_proxy``/``create_once_callable`` with ``wrap(original)``
    for code that looks them up later; wasmui itself keeps the originals (imported above).
    Returns the originals for :func:`restore_ffi_factories`."""
    import pyodide.ffi

    originals = {name: getattr(pyodide.ffi, name) for name in ("create_proxy", "create_once_callable")}
    for name, original in originals.items():
        setattr(pyodide.ffi, name, wrap(original))
    return originals


def restore_ffi_factories(originals: dict[str, Callable]) -> None:
    import pyodide.ffi

    for name, original in originals.items():
        setattr(pyodide.ffi, name, original)


def applier_module() -> Any:
    """The applier's JS module object, loaded from the wheel on first use."""
    module = getattr(js.globalThis, "wasmuiApplier", None)
    if module is None:
        source = resources.files("wasmui").joinpath("js/applier.js").read_text(encoding="utf-8")
        module = run_js(source)
    return module


IDLE_TIMEOUT_MS = 500
"""The longest a removed tree waits to be freed on a page that is never idle."""


class _PendingCallback:
    """One browser callback at a time (the next frame, the next idle period): requests
    coalesce and the latest callback wins, through one proxy owned by the host's scope.

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

    def _run(self, *_browser_args: Any) -> None:
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


def _request_idle(proxy: Any) -> Any:
    # requestIdleCallback runs after the frame is painted; its timeout bounds the wait
    # on a page that is never idle. Where it is missing (Safari), a timer comes close.
    if hasattr(js.globalThis, "requestIdleCallback"):
        return js.requestIdleCallback(proxy, to_js_object({"timeout": IDLE_TIMEOUT_MS}))
    return -js.setTimeout(proxy, IDLE_TIMEOUT_MS // 10)


def _cancel_idle(handle: int) -> None:
    if handle < 0:
        js.clearTimeout(-handle)
    else:
        js.cancelIdleCallback(handle)


class BrowserHost:
    """The real DOM, through one applier instance."""

    def __init__(self) -> None:
        self.scope = Scope("wasmui host", internal=True)
        self.applier = applier_module().createApplier(js.document)
        self._frame = _PendingCallback(js.requestAnimationFrame, js.cancelAnimationFrame)
        self._idle = _PendingCallback(_request_idle, _cancel_idle)

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
            if target is None or not hasattr(target, "appendChild"):
                raise MountError(f"mount(): target must be an element or a CSS selector, got {target!r}")
            return target
        try:
            element = js.document.querySelector(target)
        except JsException as exc:
            raise MountError(f"mount(): invalid CSS selector {target!r}: {exc}") from None
        if element is None:
            raise MountError(f"mount(): no element matches selector {target!r}")
        return element

    def apply(self, ops: list) -> None:
        self.applier.apply(json.dumps(ops, separators=(",", ":")))

    def node(self, node_id: int) -> Any:
        return self.applier.node(node_id)

    def request_frame(self, callback: Callable[[], None]) -> None:
        self._frame.schedule(self.scope, callback)

    def when_idle(self, callback: Callable[[], None]) -> None:
        self._idle.schedule(self.scope, callback)

    def close(self) -> None:
        """Releases the frame and idle proxies (no root is left to need them); usable again later."""
        self.scope.close()
        self.scope = Scope("wasmui host", internal=True)
        self._frame.forget()
        self._idle.forget()
