"""Scopes: who creates a JS-side resource destroys it.

A :class:`Scope` records every resource created through it (a Pyodide proxy, a
listener, a timer, an object URL, an observer, a fetch...) as a :class:`Resource`
with its kind, a debug name, its owner and the user's file:line, and releases
them all, newest first, when it closes. Scopes nest: a component's scope is a
child of its parent's, so closing one closes its subtree, deepest first. Closing
is idempotent and a release that raises does not stop the others.

Every live resource is also in :data:`registry`, which the inspector reads.

The pure bookkeeping here runs under CPython; the methods that create browser
resources reach the browser through :mod:`wasmui._bridge`, imported when called.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import errors

_serial = itertools.count(1)


@dataclass(eq=False)
class Resource:
    """One tracked resource.

    Attributes:
        kind: ``proxy``, ``listener``, ``timeout``, ``interval``, ``frame``,
            ``object_url``, ``observer``, ``fetch``, ``task``, ``cleanup`` or
            ``delegation`` (a root's delegated event listeners).
        name: debug name, e.g. ``listener#12 resize``.
        scope: the scope that owns it.
        site: where user code created it, ``file:line``.
    """

    kind: str
    name: str
    scope: Scope
    site: str
    release: Callable[[], Any] = field(repr=False)
    released: bool = False
    # For listeners: what was listened to, to spot a duplicate registration.
    target: Any = field(default=None, repr=False)
    key: Any = field(default=None, repr=False)

    @property
    def owner(self) -> str:
        """The owning component's class name (or the scope's name)."""
        owner = self.scope.owner
        return type(owner).__name__ if owner is not None else self.scope.name


#: Every resource not yet released, across all scopes: the inspector's source.
registry: dict[int, Resource] = {}


def live(kind: str | None = None) -> list[Resource]:
    """Every resource not yet released (of one kind, if given)."""
    return [r for r in registry.values() if kind is None or r.kind == kind]


def _label(fn: Any) -> str:
    return getattr(fn, "__qualname__", type(fn).__name__)


def _warn(message: str) -> None:
    """A development warning pointing at the user's line."""
    import warnings

    warnings.warn(f"{message} (at {creation_site()})", RuntimeWarning, stacklevel=3)


def _inside_wasmui(module_name: str) -> bool:
    return module_name == "wasmui" or module_name.startswith("wasmui.")


def creation_site() -> str:
    """``file:line`` of the first frame outside wasmui: the user's line that asked."""
    frame = sys._getframe(1)
    while frame is not None and _inside_wasmui(frame.f_globals.get("__name__", "")):
        frame = frame.f_back
    if frame is None:
        return "<wasmui>"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


class Scope:
    """Owns resources and child scopes; releases them all on :meth:`close`.

    Usable on its own, as a context manager:

    Example:
        ```python
        with Scope("upload") as scope:
            url = scope.object_url(blob)
            ...
        # the object URL is revoked here
        ```
    """

    def __init__(self, name: str = "scope", parent: Scope | None = None, internal: bool = False) -> None:
        self.name = name
        # wasmui's own bookkeeping (host, diagnostics, inspector): left out of the
        # inspector's app counts; inherited by child scopes
        self.internal = internal
        self.owner: Any = None
        self.closed = False
        self._parent: Scope | None = None
        # insertion-ordered; a dict so that a child closing alone leaves in O(1)
        # (a list made unmounting 1,000 rows quadratic)
        self._children: dict[int, Scope] = {}
        self._resources: list[Resource] = []
        if parent is not None:
            self.adopt_into(parent)

    # --- structure -----------------------------------------------------------

    def adopt_into(self, parent: Scope, owner: Any = None) -> None:
        """Makes this scope a child of ``parent`` (closed when ``parent`` closes)."""
        if parent.closed:
            raise errors.WasmuiError(f"scope {self.name!r}: parent scope {parent.name!r} is closed")
        self._parent = parent
        self.internal = self.internal or parent.internal
        parent._children[id(self)] = self
        if owner is not None:
            self.owner = owner

    def child(self, name: str) -> Scope:
        """A new scope closed with this one."""
        return Scope(name, parent=self)

    @property
    def resources(self) -> list[Resource]:
        """This scope's live resources (not its children's), oldest first."""
        return list(self._resources)

    def count(self) -> int:
        """Live resources in this scope and all its descendants."""
        return len(self._resources) + sum(child.count() for child in self._children.values())

    # --- registration --------------------------------------------------------

    def track(self, kind: str, label: str, release: Callable[[], Any], site: str | None = None) -> Resource:
        """Records a resource released by ``release()`` when the scope closes.

        Args:
            kind: the resource kind (see :class:`Resource`).
            label: what it is, for the debug name.
            release: undoes it; called at most once.
            site: ``file:line`` of its creation (found from the stack if omitted).
        """
        if self.closed:
            raise errors.WasmuiError(f"scope {self.name!r} is closed: cannot add a {kind} to it")
        resource = Resource(kind, f"{kind}#{next(_serial)} {label}".rstrip(), self, site or creation_site(), release)
        self._resources.append(resource)
        registry[id(resource)] = resource
        return resource

    def on_cleanup(self, fn: Callable[[], Any]) -> Resource:
        """Runs ``fn()`` when the scope closes (after resources registered later)."""
        return self.track("cleanup", _label(fn), fn)

    def release(self, resource: Resource) -> None:
        """Releases one resource now (clears the timer, revokes the URL...)."""
        if resource.released:
            return
        self._forget(resource)
        try:
            resource.release()
        except Exception as exc:
            errors.report(self.owner, f"release of {resource.name}", exc)

    # --- browser resources ---------------------------------------------------
    # Each method is named after the browser or Pyodide call it owns. Callbacks are
    # wrapped by _guard: once the resource is released (or the scope closed) a late
    # call does nothing, so a dead component's code never runs; errors in them are
    # reported against the owner, never thrown into the browser's event loop.

    def _guard(self, kind: str, fn: Callable[..., Any], holder: list, once: bool = False) -> Callable[..., Any]:
        """``fn`` behind the late-call check; ``once``: the resource ends with this call
        (a fired timer), so it leaves the registry before ``fn`` runs."""

        def guarded(*args: Any) -> Any:
            resource = holder[0] if holder else None
            if self.closed or resource is None or resource.released:
                return None
            if once:
                self._forget(resource)
            try:
                return fn(*args)
            except Exception as exc:
                errors.report(self.owner, f"{kind} callback {resource.name}", exc)
                return None

        return guarded

    def _guarded_proxy(self, kind: str, fn: Callable[..., Any], once: bool = False) -> tuple[Any, list]:
        """A proxy of ``fn`` behind :meth:`_guard`, and the holder its resource goes in.

        ``once``: a once-callable, which Pyodide destroys itself after its call (so the
        resource is forgotten then, not released)."""
        from . import _bridge

        holder: list[Resource] = []
        factory = _bridge.create_once_callable if once else _bridge.create_proxy
        return factory(self._guard(kind, fn, holder, once=once)), holder

    def _timer(self, kind: str, label: str, proxy: Any, holder: list, start: str, stop: str, *args: Any) -> Resource:
        """``handle = start(proxy, *args)`` now; ``stop(handle)`` and the proxy destroyed
        at close (``setTimeout``/``clearTimeout`` and the like)."""
        from . import _bridge

        handle = _bridge.js_global(start)(proxy, *args)

        def cancel() -> None:
            _bridge.js_global(stop)(handle)
            proxy.destroy()

        holder.append(self.track(kind, label, cancel))
        return holder[0]

    def create_proxy(self, fn: Callable[..., Any]) -> Any:
        """A Pyodide proxy of ``fn`` for JS to call, destroyed when the scope closes."""
        proxy, holder = self._guarded_proxy("proxy", fn)
        holder.append(self.track("proxy", _label(fn), proxy.destroy))
        return proxy

    def create_once_callable(self, fn: Callable[..., Any]) -> Any:
        """A proxy JS may call once: destroyed after that call, or when the scope closes."""
        proxy, holder = self._guarded_proxy("once", fn, once=True)
        holder.append(self.track("proxy", _label(fn), proxy.destroy))
        return proxy

    def listen(self, target: Any, event_type: str, handler: Callable[..., Any], **options: Any) -> Resource:
        """``target.addEventListener(event_type, handler, options)``, removed at close.

        For what lies outside the component's own tree: ``window``, ``document``,
        another element, a ``BroadcastChannel``, a ``MessagePort``, a child window.
        Handlers may take the event or nothing. Registering the same handler for the
        same target and type twice in one scope warns (it would run twice).
        """
        from . import _bridge
        from .events import call_handler

        for resource in self._resources:
            if resource.kind == "listener" and resource.key == (event_type, handler) and resource.target == target:
                _warn(f"{self.name}: the same {event_type!r} listener was registered twice on {target!r}")
        proxy, holder = self._guarded_proxy("listener", lambda event: call_handler(handler, event))
        capture = bool(options.get("capture", False))
        target.addEventListener(event_type, proxy, _bridge.to_js_object(options))

        def remove() -> None:
            try:
                target.removeEventListener(event_type, proxy, capture)
            finally:
                proxy.destroy()

        resource = self.track("listener", f"{event_type} {_label(handler)}", remove)
        resource.target, resource.key = target, (event_type, handler)
        holder.append(resource)
        return resource

    def set_timeout(self, fn: Callable[[], Any], delay_ms: float = 0) -> Resource:
        """``setTimeout``: cleared at close; its proxy is destroyed as soon as it fires."""
        proxy, holder = self._guarded_proxy("timeout", lambda *_: fn(), once=True)
        label = f"{delay_ms}ms {_label(fn)}"
        return self._timer("timeout", label, proxy, holder, "setTimeout", "clearTimeout", delay_ms)

    def set_interval(self, fn: Callable[[], Any], interval_ms: float) -> Resource:
        """``setInterval``: cleared, and its proxy destroyed, at close."""
        proxy, holder = self._guarded_proxy("interval", lambda *_: fn())
        label = f"{interval_ms}ms {_label(fn)}"
        return self._timer("interval", label, proxy, holder, "setInterval", "clearInterval", interval_ms)

    def request_animation_frame(self, fn: Callable[[float], Any]) -> Resource:
        """``requestAnimationFrame``: cancelled at close; its proxy goes once it has run."""
        from .events import call_handler

        proxy, holder = self._guarded_proxy("frame", lambda timestamp: call_handler(fn, timestamp), once=True)
        return self._timer("frame", _label(fn), proxy, holder, "requestAnimationFrame", "cancelAnimationFrame")

    def object_url(self, blob: Any) -> str:
        """``URL.createObjectURL(blob)``, revoked at close or by :meth:`revoke_object_url`."""
        from . import _bridge

        url_class = _bridge.js_global("URL")
        url = url_class.createObjectURL(blob)
        resource = self.track("object_url", url, lambda: url_class.revokeObjectURL(url))
        resource.key = url
        return url

    def revoke_object_url(self, url: str) -> None:
        """``URL.revokeObjectURL(url)`` now, for a URL made by :meth:`object_url`."""
        for resource in self._resources:
            if resource.kind == "object_url" and resource.key == url:
                self.release(resource)
                return

    def observer(self, observer_class: Any, callback: Callable[..., Any], options: dict | None = None) -> Any:
        """``new observer_class(callback, options)`` (Resize/Intersection/MutationObserver),
        disconnected, and its proxy destroyed, at close. Call ``.observe(el)`` on it."""
        from . import _bridge

        proxy, holder = self._guarded_proxy("observer", callback)
        if options is None:
            instance = observer_class.new(proxy)
        else:
            instance = observer_class.new(proxy, _bridge.to_js_object(options))

        def disconnect() -> None:
            try:
                instance.disconnect()
            finally:
                proxy.destroy()

        holder.append(self.track("observer", f"{getattr(observer_class, 'name', 'Observer')} {_label(callback)}", disconnect))
        return instance

    async def fetch(self, url: str, **init: Any) -> Any:
        """``fetch(url, init)`` with an AbortController aborted at close.

        Returns:
            The JS ``Response``.

        Raises:
            asyncio.CancelledError: the scope closed before it finished, so the
                code after ``await`` (the dead component's) does not run.
        """
        import asyncio

        from . import _bridge

        controller = _bridge.js_global("AbortController").new()
        resource = self.track("fetch", str(url), controller.abort)
        try:
            return await _bridge.js_global("fetch")(url, _bridge.to_js_object({**init, "signal": controller.signal}))
        except Exception:
            if resource.released or self.closed:
                raise asyncio.CancelledError(f"{self.name}: fetch of {url} aborted: its scope closed") from None
            raise
        finally:
            self._forget(resource)

    def create_task(self, coroutine: Any) -> Any:
        """Runs ``coroutine`` as an asyncio task, cancelled at close if still running."""
        import asyncio

        task = asyncio.ensure_future(coroutine)
        resource = self.track("task", getattr(coroutine, "__qualname__", ""), task.cancel)
        task.add_done_callback(lambda _: self._forget(resource))
        return task

    def _forget(self, resource: Resource) -> None:
        """Drops a resource that ended by itself (a timer fired), without releasing it."""
        if resource.released:
            return
        resource.released = True
        registry.pop(id(resource), None)
        try:
            self._resources.remove(resource)
        except ValueError:
            pass

    # --- teardown ------------------------------------------------------------

    def release_own(self) -> None:
        """Releases this scope's own resources, newest first; child scopes and the
        scope itself stay open (strict mode's simulated unmount)."""
        while self._resources:
            self.release(self._resources[-1])

    def close(self) -> None:
        """Closes child scopes (newest first), then releases resources, newest first.

        Idempotent; a release that raises is reported and the others still run.
        """
        if self.closed:
            return
        self.closed = True
        while self._children:
            self._children.popitem()[1].close()
        self.release_own()
        self.owner = None  # owner <-> scope would be a cycle once both are done
        if self._parent is not None:
            self._parent._children.pop(id(self), None)
            self._parent = None

    def __enter__(self) -> Scope:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Scope {self.name} {'closed' if self.closed else f'{self.count()} live'}>"
