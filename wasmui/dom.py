"""DOM reads and calls that work wherever Python runs (#26): ``await dom.read(ref, "offsetWidth")``,
``await dom.call(ref, "focus")``.

Why functions, and awaitable ones: in main-thread mode a ref holds the real DOM node (a
JS proxy, whose attributes a component may also read directly), in worker mode a
:class:`~wasmui.worker_protocol.RemoteNode` that only knows the node's id, since the
node lives on the page, one message away. Methods cannot be added to the page's JS
node, and wrapping it would break code that uses it directly, so the one spelling that
works on both is a function taking what a ref holds. It is awaitable because in worker
mode each read or call is one message round trip (request id -> reply) resolved on the
worker's asyncio loop; on the main thread it completes at once. The component code is
the same in both modes:

```python
from wasmui import Component, dom, html
from wasmui.hooks import Ref

class Panel(Component):
    def on_init(self):
        self.box = Ref()

    async def fit(self):
        width = await dom.read(self.box, "offsetWidth")           # 240
        rect = await dom.call(self.box, "getBoundingClientRect")  # {"x": ..., "width": 240.0, ...}
        await dom.call(self.box, "scrollTo", 0, 120)

    def render(self):
        return html.div(..., ref=self.box, on_click=lambda: self.scope.create_task(self.fit()))
```

Both take a :class:`~wasmui.hooks.Ref` (its ``current``), a component (its ``el``) or a
node. ``path`` is a property path of the node (``"offsetWidth"``, ``"value"``,
``"style.width"``, ``"classList"``); arguments must be JSON-able. Results are plain
Python values: numbers, strings, ``None``, lists, and dicts for objects (a ``DOMRect``
becomes a dict of its fields); a method that returns a Promise (Chromium's ``scrollTo``)
answers once it settles. The page's ``wasmuiApplier.query`` does the reading in
both modes, so a read behaves the same wherever Python runs.

:data:`window` and :data:`document` are read and called the same way (``await
dom.read(dom.window, "scrollY")``), and :func:`write` sets an existing property of a node
or of those two (``await dom.write(dom.document, "title", "Inbox (3)")``): in a worker the
page looks them up by name.

Errors: :class:`NodeGoneError` when the element is not there (never mounted, unmounted,
or removed from the page by other code), naming the component that rendered it and
what was read; :class:`DomError` for a read or call the page refused, naming the
property. In worker mode, reads of a root that unmounts before the answer arrives fail
with :class:`NodeGoneError` and are released.

Synchronous reads: :func:`read_now` and :func:`call_now` answer inside the handler, no
``await``, with the same results and errors. On the main thread (and on the model DOM)
they always work. In worker mode the worker blocks in ``Atomics.wait`` on a
``SharedArrayBuffer`` the page writes the answer into, which browsers allow only on a
cross-origin isolated page (served with ``Cross-Origin-Opener-Policy: same-origin`` and
``Cross-Origin-Embedder-Policy: require-corp``; ``wasmui serve --isolated``). Elsewhere
they raise :class:`DomError` saying so and naming the headers; :func:`can_read_now` tells
beforehand. The page never blocks: it answers in its message handler, as for the
awaited reads. A method that returns a Promise is called, but its Promise is not waited
for (``None``): a synchronous call cannot wait for the page's next tasks, and the main
thread cannot wait at all; ``await dom.call`` waits for it.

```python
def on_key(self, event):                      # a plain handler: no task, no await
    if dom.can_read_now():
        width = dom.read_now(self.box, "offsetWidth")
        dom.call_now(self.field, "focus")
```

:data:`window` and :data:`document` name the page's for :meth:`Scope.listen
<wasmui.scope.Scope.listen>`, the same code in both modes (a worker has neither):
``self.scope.listen(dom.window, "keydown", self.on_key, prevent_default="Escape")``.

:data:`ResizeObserver`, :data:`IntersectionObserver` and :data:`MutationObserver` name the
page's observers for :meth:`Scope.observer <wasmui.scope.Scope.observer>`, the same code
in both modes (a worker has none, and the nodes observed are the page's): the page holds
the observer on the worker's behalf and each callback's entries cross as plain records.

```python
def on_mount(self):
    sizes = self.scope.observer(dom.ResizeObserver, self.resized)
    sizes.observe(self.box)                    # a Ref, a component or a node

def resized(self, entries):
    self.set_state(width=entries[0].contentRect.width)
```
"""

from __future__ import annotations

import json
from typing import Any

from . import _ffi, runtime, sanitize
from .component import Component
from .errors import WasmuiError, component_path
from .hooks import Ref
from .worker_protocol import OBSERVERS, RemoteNode, decode_entries


class DomError(WasmuiError):
    """A DOM read or call the page refused: no such property, not a method, a value that
    is no plain value (a node, a function), or the method threw (or its Promise rejected).
    The message names it."""


class NodeGoneError(DomError, LookupError):
    """The element read is not on the page (not mounted yet, unmounted, or removed)."""


async def read(target: Any, path: str) -> Any:
    """The value at ``path`` (``"offsetWidth"``, ``"style.width"``) on the node ``target``
    holds, as a plain Python value."""
    return await _ask(target, "read", path, ())


async def call(target: Any, method: str, *args: Any) -> Any:
    """Calls ``method`` (``"focus"``, ``"setSelectionRange"``, ``"getBoundingClientRect"``)
    of the node ``target`` holds with JSON-able ``args``; its result as a plain value."""
    return await _ask(target, "call", method, args)


async def write(target: Any, path: str, value: Any) -> None:
    """Sets the existing property at ``path`` to the JSON-able ``value``: the page's
    ``document.title`` (``await dom.write(dom.document, "title", "Inbox (3)")``), a scroll
    position (``"scrollTop"``), ``"documentElement.dataset.theme"``. What a component
    renders is written by rendering it; this is for what lies outside its tree."""
    await _ask(target, "write", path, (value,))


def read_now(target: Any, path: str) -> Any:
    """:func:`read`, answered at once: no ``await``. In worker mode only on a cross-origin
    isolated page (:func:`can_read_now`); elsewhere a :class:`DomError` says so."""
    return _ask_now(target, "read", path, ())


def call_now(target: Any, method: str, *args: Any) -> Any:
    """:func:`call`, answered at once: no ``await``. A method that returns a Promise is
    called and gives ``None`` (its Promise not waited for). In worker mode only on a
    cross-origin isolated page (:func:`can_read_now`)."""
    return _ask_now(target, "call", method, args)


def can_read_now() -> bool:
    """Whether :func:`read_now` and :func:`call_now` work where this Python runs: always
    on the page; in a worker, when the page is cross-origin isolated and the browser gives
    its workers ``SharedArrayBuffer``."""
    return getattr(_host(), "can_wait", True)


MARKUP_PROPERTIES = frozenset({"innerHTML", "outerHTML", "srcdoc"})
"""Properties whose string the browser parses as markup."""

MARKUP_METHODS = frozenset({"insertAdjacentHTML", "write", "writeln", "setHTMLUnsafe", "createContextualFragment"})
"""Methods that parse a string as markup."""

URL_PROPERTIES = frozenset({"href", "src", "action", "formAction", "location"})
"""Properties the browser navigates to or fetches (``location`` itself navigates)."""


def _unsafe(op: str, path: str, args: tuple) -> str | None:
    """Why a write or call would build markup or run script, or ``None``. The rules of
    rendering hold here too (docs/guide.md, Safety): wasmui writes no markup from strings
    and no ``javascript:`` URL, whichever way Python asks."""
    name = path.rsplit(".", 1)[-1]
    value = args[0] if args else None
    if op == "write":
        if name in MARKUP_PROPERTIES:
            return f"{name!r} parses its string as markup: render the elements (raw markup: wasmui.unsafe.html in a render)"
        if name.lower().startswith("on"):
            return f"{name!r} is an event handler property: listen with on_* props or scope.listen"
        if name in URL_PROPERTIES and isinstance(value, str) and (why := sanitize.dangerous_url("", name.lower(), value)):
            return f"{why} would run script (a URL that must be one: wasmui.unsafe.url in a render)"
        return None
    if op != "call":
        return None
    if name in MARKUP_METHODS:
        return f"{name!r} parses a string as markup: render the elements (raw markup: wasmui.unsafe.html in a render)"
    if name == "setAttribute" and args:
        attribute = str(args[0]).lower()
        given = args[1] if len(args) > 1 else None
        if attribute.startswith("on"):
            return f"an {attribute!r} attribute is script: listen with on_* props or scope.listen"
        if attribute in sanitize.MARKUP_ATTRIBUTES:
            return f"{attribute!r} parses its string as markup"
        if attribute in sanitize.URL_ATTRIBUTES and isinstance(given, str) and (why := sanitize.dangerous_url("", attribute, given)):
            return f"{why} would run script"
    if (name == "open" or "location" in path.split(".")) and isinstance(value, str) and (why := sanitize.dangerous_url("", "href", value)):
        return f"{why} would run script"
    return None


def _checked(op: str, path: str, args: tuple, what: str, target: Any) -> None:
    reason = _unsafe(op, path, args)
    if reason is not None:
        raise DomError(f"{what} on {_name(target)}: refused: {reason}")


async def _ask(target: Any, op: str, path: str, args: tuple) -> Any:
    what = f"dom.{op}({path!r})"
    _checked(op, path, args, what, target)
    node = _reached(target, what)
    args_json = json.dumps(list(args))
    addressed = _addressed(node, what, target)
    if addressed is not None:
        host, root_id, node_id, label = addressed
        answer = await host.dom_request(root_id, node_id, op, path, args_json, f"{what} on {label}")
    elif isinstance(node, _ffi.JsProxy):
        answer = _ffi.applier_module().query(node, op, path, args_json)
        if not isinstance(answer, str):  # a Promise: the method called returned one
            answer = await answer
        label = None
    else:
        return _model(node, op, path, args, what, target)
    return _answered(answer, node, label, what, target)


NOT_WAITED = json.dumps({"ok": True, "value": None})
"""What a synchronous call of a method that returns a Promise gives (the page's side too)."""


def _ask_now(target: Any, op: str, path: str, args: tuple) -> Any:
    what = f"dom.{op}_now({path!r})"
    _checked(op, path, args, what, target)
    node = _reached(target, what)
    args_json = json.dumps(list(args))
    addressed = _addressed(node, what, target)
    if addressed is not None:
        host, _, node_id, label = addressed
        if not host.can_wait:
            raise DomError(f"{what} on {label}: {_cannot_wait(host, op)}")
        answer = host.dom_request_now(node_id, op, path, args_json)
        if answer is None:
            raise DomError(f"{what} on {label}: the page did not answer within {SYNC_TIMEOUT_MS / 1000:g} s "
                           "(its main thread busy, or the page gone)")  # fmt: skip
    elif isinstance(node, _ffi.JsProxy):
        answer = _ffi.applier_module().query(node, op, path, args_json)
        if not isinstance(answer, str):  # a Promise: the call is made; what it promises comes later
            answer = NOT_WAITED
        label = None
    else:
        return _model(node, op, path, args, what, target)
    return _answered(answer, node, label, what, target)


SYNC_TIMEOUT_MS = 5000
"""How long a worker waits for the page's answer to a synchronous read before giving up
(a page whose main thread is that long busy is a bug of its own; the worker must not hang)."""


def _cannot_wait(host: Any, op: str) -> str:
    """Why a worker cannot wait for the page here, and what to do instead."""
    instead = f"use await dom.{op}(...), which works on every page"
    if not host.page_isolated:
        return ("the page is not cross-origin isolated, so the worker cannot wait for the page's answer "
                "(SharedArrayBuffer and Atomics.wait need it): serve the page with the headers "
                "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp "
                f"(wasmui serve --isolated, wasmui dev --isolated), or {instead}")  # fmt: skip
    return ("the page is cross-origin isolated, but this browser gives its workers no SharedArrayBuffer "
            f"(WebKitGTK does not yet), so the worker cannot wait for the page's answer: {instead}")


def _host() -> Any:
    return runtime.current_runtime.host if runtime.current_runtime is not None else None


class PageName(str):
    """The page's ``window`` or ``document`` as a worker names them in a read: the page
    looks the name up (a node is named by its id)."""


def _reached(target: Any, what: str) -> Any:
    """The node ``target`` holds, or :class:`NodeGoneError` when it holds none; for
    :data:`window` and :data:`document`, the JS object on a page and a :class:`PageName`
    in a worker."""
    if isinstance(target, PageTarget):
        in_worker = hasattr(_host(), "dom_request")  # only the worker host asks the page
        return PageName(target.name) if in_worker else target.wasmui_event_target()
    node = _node_of(target)
    if node is None:
        raise NodeGoneError(f"{what} on {_name(target)}: it holds no element (not mounted yet, or unmounted)")
    return node


def _addressed(node: Any, what: str, target: Any) -> tuple[Any, int, int | str, str] | None:
    """In a worker, where a read goes: the worker host, the root whose unmount releases
    the request (0 for the page's window and document: no root owns them; a read whose
    task is cancelled, as a component's are at unmount, is forgotten by the host), the
    node's id or the page's name, and the name in messages. ``None`` where Python runs on
    the page (or on the model DOM)."""
    if isinstance(node, PageName):
        return _host(), 0, str(node), f"dom.{node}"
    if isinstance(node, RemoteNode):
        host, root, label = _remote(node, what, target)
        return host, root.id, node.wid, label
    return None


def _remote(node: RemoteNode, what: str, target: Any) -> tuple[Any, Any, str]:
    """The worker host, the root holding ``node`` and the node's name in messages; a
    :class:`NodeGoneError` at once, without asking the page, if it was unmounted."""
    host = _host()
    found = _find(node.wid)
    if found is None or host is None:
        raise NodeGoneError(f"{what} on {_name(target)}: the element is gone (unmounted)")
    return host, *found


def _answered(answer: str, node: Any, label: str | None, what: str, target: Any) -> Any:
    """The value of the page's answer (``wasmuiApplier.query``'s JSON), or its error."""
    result = json.loads(answer)
    if result["ok"]:
        return result["value"]
    if label is None:
        found = _find(getattr(node, "$wid", 0))
        label = found[1] if found is not None else _name(target)
    error = NodeGoneError if result["gone"] else DomError
    raise error(f"{what} on {label}: {result['message']}")


def _node_of(target: Any) -> Any:
    if isinstance(target, Ref):
        node = target.current
    elif isinstance(target, Component):
        node = target.el
    else:
        node = target
    return None if _ffi.is_nullish(node) else node


def _name(target: Any) -> str:
    if isinstance(target, Ref):
        return "the ref"
    if isinstance(target, Component):
        return f"{type(target).__name__}.el"
    if isinstance(target, RemoteNode):
        return f"node {target.wid}"
    return f"<{target.localName}>" if isinstance(target, _ffi.JsProxy) else repr(target)


def _find(node_id: int) -> tuple[Any, str] | None:
    """The root holding node ``node_id`` and the node's name in messages
    (``<input> of App > Form``), by a walk of the mounted trees (iterative: trees may be
    thousands of levels deep). Worker mode walks per read, to know the root whose unmount
    must release the request and to fail at once on an unmounted node; beside a message
    round trip the walk costs little. The main thread walks only to name a failure."""
    current = runtime.current_runtime
    for root in [] if current is None or not node_id else current.roots:
        stack = [(root._vnode, None)]
        while stack:
            vnode, owner = stack.pop()
            if vnode.dom == node_id:
                return root, f"<{vnode.type}> of {component_path(owner) if owner is not None else root.name}"
            inner = vnode.component or owner
            below = vnode.rendered if vnode.component is not None else vnode.children
            stack.extend((child, inner) for child in below or ())
    return None


def _model(node: Any, op: str, path: str, args: tuple, what: str, target: Any) -> Any:
    """The model DOM's node (``wasmui.testing`` under CPython): the same names, read in
    Python, and the same errors as the page's applier gives (a ``_`` name is the model's
    own Python, no property of the DOM's)."""
    if not getattr(node, "isConnected", True):
        raise NodeGoneError(f"{what} on {_name(target)}: the element is gone (unmounted, or removed from the page)")
    value = node
    names = path.split(".")
    written = names.pop() if op == "write" else None
    for name in names:
        if name.startswith("_") or not hasattr(value, name):
            raise DomError(f"{what} on {_name(target)}: no property {name!r} on {value!r}")
        value = getattr(value, name)
    if op == "write":
        if written.startswith("_") or not hasattr(value, written):
            raise DomError(f"{what} on {_name(target)}: no property {written!r} on {value!r} (a write sets an existing property only)")
        try:
            setattr(value, written, args[0])
        except (AttributeError, TypeError, ValueError) as exc:
            raise DomError(f"{what} on {_name(target)}: writing {path!r} threw {exc} (on wasmui.testing's model DOM)") from None
        return None
    if op == "call":
        if not callable(value):
            raise DomError(f"{what} on {_name(target)}: {path!r} is not a method")
        try:
            value = value(*args)
        except Exception as exc:  # a method that throws on the page is a DomError too
            raise DomError(f"{what} on {_name(target)}: {path!r} threw {type(exc).__name__}: {exc}") from exc
    return value


class PageTarget:
    """The page's ``window`` or ``document``, by name, for ``scope.listen``: resolved
    where Python runs when the listener is added. On the page, the JS object itself (so
    ``scope.listen(js.window, ...)`` and ``scope.listen(dom.window, ...)`` are the same
    listener); in a worker, the worker host's :class:`~wasmui.scope.RemoteEventTarget`:
    the page adds the real listener on the worker's behalf and forwards each event."""

    def __init__(self, name: str) -> None:
        self.name = name

    def wasmui_event_target(self) -> Any:
        host = runtime.current_runtime.host if runtime.current_runtime is not None else None
        on_page = getattr(host, "page_target", None)  # only the worker host has one
        return on_page(self.name) if on_page is not None else _ffi.js_global(self.name)

    def __repr__(self) -> str:
        return f"dom.{self.name}"


window = PageTarget("window")
"""The page's ``window``, wherever Python runs: ``scope.listen(dom.window, "keydown", ...)``."""

document = PageTarget("document")
"""The page's ``document``, wherever Python runs: ``scope.listen(dom.document, "click", ...)``."""


class ObserverType:
    """An observer class of the page, by name (:data:`ResizeObserver`...), for
    ``scope.observer``: made where Python runs when the scope asks. On the page, the JS
    observer itself behind a :class:`PageObserver`; in a worker, the worker host's
    observer the page holds on its behalf. Either way the callback receives plain records
    (:class:`~wasmui.worker_protocol.Record`: ``entry.contentRect.width``,
    ``entry.isIntersecting``, ``entry.target``, a node as a ref holds it), so the
    component's code is the same in both modes."""

    def __init__(self, name: str) -> None:
        self.name = name

    def wasmui_observer(self, scope: Any, callback: Any, options: dict[str, Any] | None) -> Any:
        """Creates the observer for ``scope`` (called by ``Scope.observer``)."""
        from .events import call_handler
        from .scope import _label

        host = runtime.current_runtime.host if runtime.current_runtime is not None else None
        label = f"{self.name} {_label(callback)}"
        on_page = getattr(host, "page_observer", None)  # only the worker host has one
        if on_page is not None:
            return scope._acquire(
                "observer", label, lambda guarded: on_page(self.name, guarded, options), lambda held: held.release(),
                callback=lambda entries: call_handler(callback, entries), proxied=False,
            )[1]  # fmt: skip
        node = host.node if host is not None else (lambda _: None)

        def on_entries(entries: Any, *_: Any) -> Any:
            return call_handler(callback, decode_entries(_ffi.applier_module().observed(entries), node))

        def start(proxy: Any) -> PageObserver:
            init = dict(options or {})
            if init.get("root") is not None:
                init["root"] = _observed(init["root"], f"{self.name}(root=...)")
            return PageObserver(_ffi.js_global(self.name).new(proxy, _ffi.to_js_object(init)), self.name)

        return scope._acquire("observer", label, start, lambda held: held.release(), callback=on_entries)[1]

    def __repr__(self) -> str:
        return f"dom.{self.name}"


class PageObserver:
    """What ``scope.observer(dom.ResizeObserver, ...)`` returns on the page: the JS observer
    with the worker mode's spelling (``observe`` takes a ref, a component or a node, and
    its options as a dict). Disconnected at its scope's close."""

    def __init__(self, observer: Any, name: str) -> None:
        self._observer, self.name = observer, name

    def observe(self, target: Any, options: dict[str, Any] | None = None) -> None:
        node = _observed(target, f"{self.name}.observe()")
        if options:
            self._observer.observe(node, _ffi.to_js_object(options))
        else:
            self._observer.observe(node)

    def unobserve(self, target: Any) -> None:
        self._observer.unobserve(_observed(target, f"{self.name}.unobserve()"))

    def disconnect(self) -> None:
        """Stops observing every node (the observer stays usable, as the DOM's)."""
        self._observer.disconnect()

    release = disconnect


def _observed(target: Any, what: str) -> Any:
    """The node ``target`` holds, for an observer (a :class:`RemoteNode` in a worker)."""
    node = _node_of(target)
    if node is None:
        raise NodeGoneError(f"{what} on {_name(target)}: it holds no element (not mounted yet, or unmounted)")
    return node


ResizeObserver = ObserverType("ResizeObserver")
"""The page's ``ResizeObserver``, wherever Python runs: ``scope.observer(dom.ResizeObserver, callback)``."""

IntersectionObserver = ObserverType("IntersectionObserver")
"""The page's ``IntersectionObserver``, wherever Python runs (options: ``rootMargin``, ``threshold``, ``root``)."""

MutationObserver = ObserverType("MutationObserver")
"""The page's ``MutationObserver``, wherever Python runs (``observe(node, {"childList": True})``)."""

assert tuple(kind.name for kind in (ResizeObserver, IntersectionObserver, MutationObserver)) == OBSERVERS
