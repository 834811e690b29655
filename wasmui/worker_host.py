"""The worker host: the :class:`~wasmui._types.Host` protocol from inside a Web Worker (#26).

Python, wasmui and the app run in a dedicated worker; the page keeps the DOM and
the applier. Each commit is one message to the page carrying its op list, the same
JSON :mod:`wasmui.browser_host` hands the applier by a function call, and each event
comes back as one message (:mod:`wasmui.worker_protocol`). The page's side is the
worker-mode part of ``wasmui/js/wasmui.js``.

Timing in the worker: there is no ``requestAnimationFrame`` in WebKit's workers, and
the worker paints nothing, so a commit waits for no frame: state changed in a task
commits in a timer of 0 ms after it (every change of that task in one commit), and
the page applies it in its own task, before its next paint. Asking the page for a
frame tick instead would cost a round trip and up to a frame of latency for nothing.
Idle work (freeing removed trees) runs in a timer too: the worker's own time blocks
no page, so it only has to let queued events go first.

DOM reads (:mod:`wasmui.dom`): each is one ``"dom"`` message to the page, answered by
one ``"dom-reply"`` carrying the request's number, which resolves an asyncio future of
the worker's loop. A request belongs to its root: when the root unmounts, the requests
still waiting fail (:class:`~wasmui.dom.NodeGoneError`) and are forgotten.
A synchronous read (``dom.read_now``) is one ``"dom-sync"`` message carrying a
SharedArrayBuffer; the worker blocks in ``Atomics.wait`` until the page has written the
answer into it (only on a cross-origin isolated page: :attr:`WorkerHost.can_wait`).

Listeners on the page's ``window`` and ``document`` (``scope.listen(dom.window, ...)``):
the worker has neither, so the page holds one real listener per registration on the
worker's behalf. Adding it is a ``"listen"`` message (its number, target, type and
options, ``prevent_default`` included: the page applies it before the event crosses);
each event comes back as a ``"page-event"`` of that number, carrying the delegated
events' fields; releasing the resource (its scope closing) is an ``"unlisten"``.

Observers (``scope.observer(dom.ResizeObserver, ...)``) are the page's too, held the same
way: an ``"observer"`` message makes one (its number, kind and options), ``"observe"``
and ``"unobserve"`` name node ids, each callback comes back as an ``"observed"`` of that
number carrying the entries as plain data, and the release is a ``"disconnect"``. The
worker's ``requestAnimationFrame`` (so ``scope.request_animation_frame``) is the page's:
``wasmui.js`` replaces it with a ``"frame"`` message both ways (asked, then come, with
the page's time stamp) and ``cancelAnimationFrame`` with a ``"cancel-frame"``, since the
frames are the page's and WebKit's workers have none. Everything else a scope holds
(timers, ``fetch``, tasks, proxies, channels, object URLs) is the worker's own: a blob
URL the worker made is one the page's elements can load (one origin, one blob URL store
in Chromium, Firefox and WebKit).

The router's history (:class:`~wasmui.location.WorkerLocation`, this host's
``location``): the page's address comes with the boot, each change is one
``"history"`` message, and ``popstate`` comes back through such a page listener.

Reaches JS only through :mod:`wasmui._ffi` (and the page's port, ``wasmuiWorker``,
that ``wasmui.js`` defines in the worker).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from . import _ffi
from .browser_host import IDLE_TIMEOUT_MS, _log_to_console, _PendingCallback, _time_left
from .dom import SYNC_TIMEOUT_MS, NodeGoneError, _name, _node_of
from .errors import MountError
from .location import WorkerLocation
from .scope import RemoteEventTarget, Scope
from .worker_protocol import (
    PageElement, RemoteNode, decode_entries, decode_event, decode_page_event, encode_listen, encode_observer, encode_ops,
)  # fmt: skip

IDLE_DELAY_MS = IDLE_TIMEOUT_MS / 10
"""How long idle work waits after a commit in the worker (events queued meanwhile go first)."""


def _timer_requests(delay_ms: float) -> tuple[Callable[[Any], Any], Callable[[Any], None]]:
    set_timeout, clear_timeout = _ffi.js_global("setTimeout"), _ffi.js_global("clearTimeout")
    return (lambda proxy: set_timeout(proxy, delay_ms)), clear_timeout


class PageEventTarget(RemoteEventTarget):
    """The page's ``window`` or ``document`` seen from the worker (what
    :data:`wasmui.dom.window` resolves to here); equal by name, so a listener
    registered twice is spotted as on the page."""

    def __init__(self, host: WorkerHost, name: str) -> None:
        self.host, self.name = host, name

    def add(self, event_type: str, callback: Callable[[Any], Any], options: dict[str, Any]) -> int:
        return self.host.page_listen(self.name, event_type, callback, options)

    def remove(self, handle: int) -> None:
        self.host.page_unlisten(handle)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageEventTarget) and (other.host, other.name) == (self.host, self.name)

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"<the page's {self.name}>"


MUTATIONS_WATCHED = ("childList", "attributes", "characterData", "attributeFilter", "attributeOldValue", "characterDataOldValue")
"""A MutationObserver's options of which one at least must be given (the DOM's rule)."""


class RemoteObserver:
    """An observer the page holds for the worker: what ``scope.observer(dom.ResizeObserver,
    ...)`` returns here, with the same methods as :class:`wasmui.dom.PageObserver`."""

    def __init__(self, host: WorkerHost, number: int, name: str) -> None:
        self.host, self.number, self.name = host, number, name

    def observe(self, target: Any, options: dict[str, Any] | None = None) -> None:
        """Raises what the page's ``observe`` would, before the message (the page's error
        would reach only its console): a MutationObserver must be told what to watch."""
        node = self.host.node_id(target, f"{self.name}.observe()")
        if self.name == "MutationObserver" and not any((options or {}).get(name) for name in MUTATIONS_WATCHED):
            raise ValueError(f"MutationObserver.observe() on {_name(target)}: the options must ask for childList, "
                             f"attributes or characterData (as the DOM's), got {options!r}")
        self.host._post("observe", self.number, json.dumps({"node": node, "options": options or None}))

    def unobserve(self, target: Any) -> None:
        self.host._post("unobserve", self.number, json.dumps({"node": self.host.node_id(target, f"{self.name}.unobserve()")}))

    def disconnect(self) -> None:
        """Stops observing every node (the observer stays usable, as the DOM's)."""
        self.host._post("unobserve", self.number, json.dumps({"node": None}))

    def release(self) -> None:
        """Drops the page's observer (its scope closed)."""
        if self.host._observers.pop(self.number, None) is not None:
            self.host._post("disconnect", self.number, "")

    def __repr__(self) -> str:
        return f"<the page's {self.name} #{self.number}>"


class WorkerTool:
    """One of wasmui's own panels (the inspector), made by the page for the worker: what
    :func:`wasmui.shadow_host.open_tool` returns here. A ``"tool"`` message has the page
    make the shadow host and its container under a key of the worker's (negative: the
    page's own mounts count up from 1), which a root then adopts as a mount's."""

    def __init__(self, host: WorkerHost, key: int) -> None:
        self.host, self.key = host, key
        self.container = PageElement(key)

    def focus(self, selector: str) -> None:
        self.host._post("tool-focus", self.key, selector)  # after the commits posted before it

    def remove(self) -> None:
        self.host._post("tool-remove", self.key, "")


class WorkerHost:
    """The page's DOM, one message away."""

    def __init__(self, page: dict[str, Any] | None = None) -> None:
        """``page``: the page's address when the worker started (``path``: pathname and
        search, ``hash``, ``key``: its history entry's wasmui key, if any)."""
        _log_to_console()
        self.scope = Scope("wasmui host", internal=True)
        self._post = _ffi.js_global("wasmuiWorker").post
        self._frame = _PendingCallback(*_timer_requests(0))
        self._idle = _PendingCallback(*_timer_requests(IDLE_DELAY_MS))
        self._dispatch: dict[int, Callable[..., None]] = {}
        self._prerendered: set[int] = set()
        # DOM reads waiting for the page: request number -> (root id, future, what was asked)
        self._reads: dict[int, tuple[int, asyncio.Future, str]] = {}
        self._next_read = 0
        # listeners the page holds for the worker: number -> the scope's guarded callback
        self._page_listeners: dict[int, Callable[[Any], Any]] = {}
        # observers the page holds for the worker: number -> the scope's guarded callback
        self._observers: dict[int, Callable[[Any], Any]] = {}
        self._next_held = 0  # numbers what the page holds (listeners, observers)
        self._next_tool = 0  # the keys of the tools' containers (counting down)
        self.location = WorkerLocation(lambda message: self._post("history", 0, message),
                                       page or {"path": "/", "hash": "", "key": None})

    def attach(self, root_id: int, target: Any, dispatch: Callable, scope: Scope) -> Any:
        if isinstance(target, str):
            return self._attach_at(root_id, target, dispatch, scope)
        # ordered before the root's first commit: the page adopts the container first
        if isinstance(target, RemoteNode):  # an element another root rendered (a ref's node): a widget inside an app
            self._post("adopt-node", root_id, str(target.wid))
        elif isinstance(target, PageElement):
            self._post("adopt", root_id, str(target.key))
        else:
            raise MountError(f"mount() in a worker: the target must be a page element handed over by the page, "
                             f"or an element a mounted root rendered (what a ref holds), got {target!r}")
        self._dispatch[root_id] = dispatch
        if isinstance(target, PageElement) and target.prerendered:
            self._prerendered.add(root_id)
        scope.track("delegation", "delegated events", lambda: self._release(root_id))
        return target

    def _attach_at(self, root_id: int, selector: str, dispatch: Callable, scope: Scope) -> str:
        """``mount(Class, "#app")`` in the worker (code run by ``app.run``, a test): the page
        finds the element (the worker has no DOM to look in; one it cannot find is reported
        on the page's console) and adopts it before the root's first commit."""
        if not selector.strip():
            raise MountError("mount() in a worker: the target selector is empty")
        self._post("adopt-at", root_id, selector)
        self._dispatch[root_id] = dispatch
        scope.track("delegation", "delegated events", lambda: self._release(root_id))
        return selector

    def _release(self, root_id: int) -> None:
        self._dispatch.pop(root_id, None)
        self._prerendered.discard(root_id)
        self._post("release", root_id, "")
        for number, (owner, future, what) in list(self._reads.items()):
            if owner == root_id:
                del self._reads[number]
                if not future.done():
                    future.set_exception(NodeGoneError(f"{what}: its root unmounted before the page answered"))

    def hold_target(self, node_id: int, target: Any) -> None:
        """A portal's target: ``None`` (the page's body) or a CSS selector, found on the page."""
        if target is not None and not isinstance(target, str):
            raise ValueError(f"in worker mode, must be None or a CSS selector, got {target!r}")
        self._post("hold", node_id, target or "")

    prerendering = False
    handlers_run_late = True

    def hydrating(self, root_id: int) -> bool:
        return root_id in self._prerendered

    def apply(self, ops: list, then_idle: Callable[[Callable[[], float]], None] | None = None) -> None:
        self._post("commit", 0, encode_ops(ops))
        self._prerendered.clear()  # a root's first commit hydrates it (the page reports mismatches)
        if then_idle is not None:
            self.when_idle(then_idle)

    def dom_request(self, root_id: int, node_id: int | str, op: str, path: str, args_json: str, what: str) -> asyncio.Future:
        """Asks the page to read ``path`` of node ``node_id`` (or of its ``"window"`` or
        ``"document"``), or call it (``op="call"``), or write it (``op="write"``);
        the future resolves to the page's answer, as ``wasmuiApplier.query`` gives it (JSON).
        ``what`` names the read in the error if ``root_id`` unmounts first."""
        self._next_read += 1
        number = self._next_read
        future = asyncio.get_event_loop().create_future()
        self._reads[number] = (root_id, future, what)
        # a reader cancelled (its component unmounted) is forgotten at once: a read of the
        # page's window or document has no root to release it, and a Promise the page
        # waits on may never settle
        future.add_done_callback(lambda done: self._reads.pop(number, None) if done.cancelled() else None)
        self._post("dom", number, json.dumps({"node": node_id, "op": op, "path": path, "args": args_json}))
        return future

    def receive_dom_reply(self, number: int, answer: str) -> None:
        _, future, _ = self._reads.pop(number, (0, None, ""))
        if future is not None and not future.done():  # (a cancelled reader's answer is dropped)
            future.set_result(answer)

    def open_tool(self, tag: str, css: str, take_focus: bool) -> WorkerTool:
        """Has the page make a ``<tag>`` with a shadow root styled by ``css`` (see
        :class:`WorkerTool`); ``take_focus``: the page remembers its focused element."""
        self._next_tool -= 1
        self._post("tool", self._next_tool, json.dumps({"tag": tag, "css": css, "focus": take_focus}))
        return WorkerTool(self, self._next_tool)

    @property
    def can_wait(self) -> bool:
        """Whether this worker can block until the page answers (:meth:`dom_request_now`):
        the page is cross-origin isolated and the browser gives workers SharedArrayBuffer."""
        return bool(_ffi.js_global("wasmuiWorker").waitable)

    @property
    def page_isolated(self) -> bool:
        """Whether the page (and so this worker) is cross-origin isolated."""
        return bool(_ffi.js_global("crossOriginIsolated"))

    def dom_request_now(self, node_id: int | str, op: str, path: str, args_json: str) -> str | None:
        """:meth:`dom_request` answered at once: the worker blocks until the page has
        written its answer into shared memory (``wasmuiWorker.ask`` in ``wasmui.js``).
        ``None`` if the page did not answer within :data:`~wasmui.dom.SYNC_TIMEOUT_MS`."""
        request = json.dumps({"node": node_id, "op": op, "path": path, "args": args_json})
        answer = _ffi.js_global("wasmuiWorker").ask(request, SYNC_TIMEOUT_MS)
        return None if _ffi.is_nullish(answer) else answer  # (JS null arrives as jsnull)

    def page_target(self, name: str) -> PageEventTarget:
        """What ``dom.window``/``dom.document`` (``name``) are in the worker."""
        return PageEventTarget(self, name)

    def page_listen(self, target: str, event_type: str, callback: Callable[[Any], Any], options: dict[str, Any]) -> int:
        """Asks the page to listen on its ``target`` for the worker; ``callback`` gets
        each event (a :class:`~wasmui.worker_protocol.WorkerEvent`). Returns the number
        :meth:`page_unlisten` takes."""
        payload = encode_listen(target, event_type, options)  # refuses what cannot cross, before any book is kept
        number = self._held_number()
        self._page_listeners[number] = callback
        self._post("listen", number, payload)
        return number

    def _held_number(self) -> int:
        """A new number for something the page holds for the worker."""
        self._next_held += 1
        return self._next_held

    def page_unlisten(self, number: int) -> None:
        if self._page_listeners.pop(number, None) is not None:
            self._post("unlisten", number, "")

    def receive_page_event(self, number: int, message: str) -> None:
        """An event of the page's listener ``number`` (dropped if released meanwhile)."""
        callback = self._page_listeners.get(number)
        if callback is not None:
            callback(decode_page_event(message))

    def page_observer(self, kind: str, callback: Callable[[Any], Any], options: dict[str, Any] | None) -> RemoteObserver:
        """Asks the page to make a ``kind`` observer for the worker; ``callback`` gets each
        call's entries (plain records, nodes as :class:`RemoteNode`)."""
        payload = encode_observer(kind, options, lambda root: self.node_id(root, f"{kind}(root=...)"))
        number = self._held_number()
        self._observers[number] = callback
        self._post("observer", number, payload)
        return RemoteObserver(self, number, kind)

    def receive_observed(self, number: int, message: str) -> None:
        """Entries of the page's observer ``number`` (dropped if released meanwhile)."""
        callback = self._observers.get(number)
        if callback is not None:
            callback(decode_entries(message, self.node))

    def node_id(self, target: Any, what: str) -> int:
        """The page's id of the node ``target`` (a ref, a component, a node) holds."""
        node = _node_of(target)
        if not isinstance(node, RemoteNode):
            raise NodeGoneError(f"{what} on {_name(target)}: it holds no element of the page (not mounted yet, or unmounted)")
        return node.wid

    def node(self, node_id: int) -> RemoteNode:
        return RemoteNode(node_id)

    def request_frame(self, callback: Callable[[], None]) -> None:
        self._frame.schedule(self.scope, callback)

    def when_idle(self, callback: Callable[[Callable[[], float]], None]) -> None:
        self._idle.schedule(self.scope, lambda: callback(*_time_left(())))

    def receive_event(self, message: str) -> None:
        """An event from the page (one message): runs the handlers of the nodes that handle it."""
        root_id, event_type, event, node_ids = decode_event(message)
        dispatch = self._dispatch.get(root_id)
        if dispatch is not None and node_ids:  # (a root unmounted meanwhile hears nothing)
            dispatch(event_type, event, *node_ids)

    def close(self) -> None:
        """Releases the timer proxies (no root is left to need them); usable again later."""
        self.scope.close()
        self.scope = Scope("wasmui host", internal=True)
        self._frame.forget()
        self._idle.forget()


# --- the worker's entry points, called by wasmui.js in the worker ---------------------

_roots: dict[int, Any] = {}


def current_host() -> WorkerHost | None:
    """The worker host of the current runtime; None before :func:`start` or outside a worker."""
    from . import runtime

    host = runtime.current_runtime.host if runtime.current_runtime is not None else None
    return host if isinstance(host, WorkerHost) else None


def start(page_json: str | None = None) -> None:
    """Makes a runtime over the worker host current (once, before the first mount);
    ``page_json``: the page's address (see :class:`WorkerHost`)."""
    from . import runtime

    if current_host() is None:
        runtime.use_host(WorkerHost(json.loads(page_json) if page_json else None))


def mount(key: int, spec: str, props_json: str | None, prerendered: bool) -> None:
    """Mounts ``"module:Class"`` into the page's element ``key`` (``<wasmui-app>``)."""
    from .embed import mount_element

    _roots[key] = mount_element(PageElement(key, prerendered), spec, props_json)


def unmount(key: int) -> None:
    """Unmounts what :func:`mount` mounted into element ``key`` (releasing all it holds)."""
    root = _roots.pop(key, None)
    if root is not None and root.mounted:
        root.unmount()


def receive_event(message: str) -> None:
    host = current_host()
    if host is not None:
        host.receive_event(message)


def page_event(number: int, message: str) -> None:
    """An event of the page's listener ``number`` (see :meth:`WorkerHost.page_listen`)."""
    host = current_host()
    if host is not None:
        host.receive_page_event(number, message)


def observed(number: int, message: str) -> None:
    """Entries of the page's observer ``number`` (see :meth:`WorkerHost.page_observer`)."""
    host = current_host()
    if host is not None:
        host.receive_observed(number, message)


def dom_reply(number: int, answer: str) -> None:
    """The page's answer to DOM read ``number`` (see :meth:`WorkerHost.dom_request`)."""
    host = current_host()
    if host is not None:
        host.receive_dom_reply(number, answer)


def inspector(action: str) -> str:
    """The page's inspector requests (its shortcut, ``?wasmui-inspect``,
    ``window.wasmui.report()``): see :func:`wasmui.inspector_panel.from_page`."""
    from . import inspector_panel

    return inspector_panel.from_page(action)


def development() -> bool:
    """Whether the worker runs in development mode: the page then offers the inspector."""
    from . import mode

    return mode.is_development()


def stats() -> str:
    """What the worker holds, as JSON, for tests and tools on the page: mounted roots,
    live components and app resources (development mode keeps these books), handlers,
    DOM reads waiting, and the listeners and observers the page holds for the worker."""
    from . import runtime, tracker

    current = runtime.current_runtime
    roots = [] if current is None else [root for root in current.roots if not root.internal]
    return json.dumps(
        {
            "roots": len(roots),
            "handlers": sum(len(root.events) for root in roots),
            "components": sum(tracker.mounted_by_type.values()),
            "resources": sum(1 for r in tracker.live_resources() if not r.scope.internal),
            "reads": len(host._reads) if (host := current_host()) is not None else 0,
            "page_listeners": len(host._page_listeners) if host is not None else 0,
            "page_observers": len(host._observers) if host is not None else 0,
        }
    )
