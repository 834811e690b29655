"""Scopes: who creates a JS-side resource destroys it.

A :class:`Scope` records every resource created through it (a Pyodide proxy, a
listener, a timer, an object URL, an observer, a fetch...) as a :class:`Resource`
with its kind, a debug name, its owner and the user's file:line, and releases
them all, newest first, when it closes. Scopes nest: a component's scope is a
child of its parent's, so closing one closes its subtree, deepest first. Closing
is idempotent and a release that raises does not stop the others.

The pure bookkeeping here runs under CPython; the methods that create browser
resources reach the browser through :mod:`wasmui._ffi`. Dev tools (the inspector)
hear of every resource tracked and released through :data:`wasmui.devhooks.hooks`.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import _ffi, errors, tasks
from .devhooks import hooks

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


class RemoteEventTarget:
    """An event target one message away: the page's ``window`` or ``document`` seen from
    a worker (#26). The page holds the real listener on the worker's behalf, so no proxy
    crosses: :meth:`Scope.listen` hands :meth:`add` its guarded callback itself.
    Subclasses say how the message goes (:mod:`wasmui.worker_host`)."""

    def add(self, event_type: str, callback: Callable[[Any], Any], options: dict[str, Any]) -> Any:
        """Asks the page to listen; returns the handle :meth:`remove` takes."""
        raise NotImplementedError

    def remove(self, handle: Any) -> None:
        """Asks the page to drop the listener ``handle`` names."""
        raise NotImplementedError


def _event_target(target: Any) -> Any:
    """What ``target`` names: :data:`wasmui.dom.window` and :data:`wasmui.dom.document`
    are resolved where Python runs (the JS object on the page, a
    :class:`RemoteEventTarget` in a worker); anything else is the target itself."""
    resolve = getattr(target, "wasmui_event_target", None)
    return target if resolve is None else resolve()


def _prevents(prevent_default: Any, event: Any) -> bool:
    """Whether a listener declared ``prevent_default`` (True, or the ``key`` values it
    stops, space-separated: ``"ArrowUp ArrowDown"``) for this event."""
    if prevent_default is True:
        return True
    return bool(prevent_default) and getattr(event, "key", None) in str(prevent_default).split()


def _label(fn: Any) -> str:
    return getattr(fn, "__qualname__", type(fn).__name__)


def _warn(message: str) -> None:
    """A development warning pointing at the user's line."""
    errors.warn(RuntimeWarning, f"{message} (at {creation_site()})")


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
        self._check_open(kind)
        resource = Resource(kind, f"{kind}#{next(_serial)} {label}".rstrip(), self, site or creation_site(), release)
        self._resources.append(resource)
        if hooks.resource_tracked is not None:
            hooks.resource_tracked(resource)
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
    # Each method is named after the browser or Pyodide call it owns, and goes through
    # _acquire: check that the scope is open, create, track, and undo the creation if
    # any step fails, so a refused or failed resource never leaks (#12). Callbacks
    # are wrapped by _guard: once the resource is released (or the scope closed) a
    # late call does nothing, so a dead component's code never runs; errors in them
    # are reported against the owner, never thrown into the browser's event loop.

    def _check_open(self, kind: str) -> None:
        if self.closed:
            raise errors.StateError(
                f"{self.name}: cannot start a {kind}: its scope is closed (the component was unmounted). "
                "Start resources in on_mount, a handler or a task of a mounted component."
            )

    def _acquire(
        self,
        kind: str,
        label: str,
        start: Callable[[Any], Any],
        stop: Callable[[Any], Any] | None = None,
        callback: Callable[..., Any] | None = None,
        once: bool = False,
        proxied: bool = True,
    ) -> tuple[Resource, Any]:
        """The one way a resource comes to exist: check, create, track, roll back on failure.

        Args:
            kind: the resource kind (see :class:`Resource`).
            label: what it is, for the debug name.
            start: ``start(proxy) -> handle`` creates the JS resource; ``proxy`` is the
                guarded proxy of ``callback`` (``None`` without one).
            stop: ``stop(handle)`` undoes it at release (the proxy is destroyed after).
            callback: the Python code JS will call, if any.
            once: the callback ends the resource (a timer that fires): a once-callable
                proxy, forgotten (not released) when it has run.
            proxied: False when ``start`` hands the callback to Python code (a
                :class:`RemoteEventTarget`), not to JS: it gets the guarded callable
                itself, no proxy.

        Returns:
            The tracked resource and the handle ``start`` returned.
        """
        self._check_open(kind)
        site = creation_site()
        holder: list[Resource] = []
        proxy = None
        if callback is not None:
            guarded = self._guard(kind, callback, holder, once=once)
            if not proxied:
                proxy = guarded
            else:
                proxy = (_ffi.create_once_callable if once else _ffi.create_proxy)(guarded)

        def destroy() -> None:
            if proxied and proxy is not None:
                proxy.destroy()

        try:
            handle = start(proxy)
        except BaseException:
            destroy()
            raise

        def release() -> None:
            try:
                if stop is not None:
                    stop(handle)
            finally:
                destroy()

        try:
            resource = self.track(kind, label, release, site)
        except BaseException:
            release()
            raise
        holder.append(resource)
        return resource, handle

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

    def create_proxy(self, fn: Callable[..., Any]) -> Any:
        """A Pyodide proxy of ``fn`` for JS to call, destroyed when the scope closes."""
        return self._acquire("proxy", _label(fn), lambda proxy: proxy, callback=fn)[1]

    def create_once_callable(self, fn: Callable[..., Any]) -> Any:
        """A proxy JS may call once: destroyed after that call, or when the scope closes."""
        return self._acquire("proxy", _label(fn), lambda proxy: proxy, callback=fn, once=True)[1]

    def listen(self, target: Any, event_type: str, handler: Callable[..., Any], **options: Any) -> Resource:
        """``target.addEventListener(event_type, handler, options)``, removed at close.

        For what lies outside the component's own tree: ``window``, ``document``,
        another element, a ``BroadcastChannel``, a ``MessagePort``, a child window.
        Handlers may take the event or nothing. Registering the same handler for the
        same target and type twice in one scope warns (it would run twice).

        :data:`wasmui.dom.window` and :data:`wasmui.dom.document` name the page's in
        both modes: on the page they are ``js.window`` and ``js.document``; in worker
        mode the page holds the listener on the worker's behalf and each event crosses
        as one message (the handler reads the DOM's names, as a delegated handler does).

        Options: ``capture``, ``passive`` and ``once`` as the DOM's, and
        ``prevent_default``: ``True``, or the ``key`` values to stop
        (``"ArrowUp ArrowDown"``), applied before the handler runs. Declare it rather
        than calling ``event.preventDefault()``: a worker hears of the event too late.
        """
        from .events import call_handler

        self._check_open("listener")
        target = _event_target(target)
        if _ffi.is_nullish(target):
            raise errors.StateError(f"{self.name}: listen({event_type!r}): the target is {target!r}, not an event target")
        prevent_default = options.pop("prevent_default", False)
        if prevent_default and options.get("passive"):
            raise ValueError(f"{self.name}: listen({event_type!r}): a passive listener cannot prevent the default")
        for resource in self._resources:
            if resource.kind == "listener" and resource.key == (event_type, handler) and resource.target == target:
                _warn(f"{self.name}: the same {event_type!r} listener was registered twice on {target!r}")
        label = f"{event_type} {_label(handler)}"
        if isinstance(target, RemoteEventTarget):
            options = {**options, "prevent_default": prevent_default}
            resource, _ = self._acquire(
                "listener",
                label,
                lambda callback: target.add(event_type, callback, options),
                target.remove,
                callback=lambda event: call_handler(handler, event),
                proxied=False,
            )
        else:
            capture = bool(options.get("capture", False))

            def on_event(event: Any) -> Any:
                if _prevents(prevent_default, event):
                    event.preventDefault()
                return call_handler(handler, event)

            resource, _ = self._acquire(
                "listener",
                label,
                lambda proxy: (target.addEventListener(event_type, proxy, _ffi.to_js_object(options)), proxy)[1],
                lambda proxy: target.removeEventListener(event_type, proxy, capture),
                callback=on_event,
            )
        resource.target, resource.key = target, (event_type, handler)
        return resource

    def _timer(self, kind: str, label: str, fn: Callable[..., Any], start: str, stop: str, *args: Any) -> Resource:
        """``handle = start(proxy, *args)`` now; ``stop(handle)`` and the proxy destroyed
        at close (``setTimeout``/``clearTimeout`` and the like)."""
        return self._acquire(
            kind,
            label,
            lambda proxy: _ffi.js_global(start)(proxy, *args),
            lambda handle: _ffi.js_global(stop)(handle),
            callback=fn,
            once=kind != "interval",
        )[0]

    def set_timeout(self, fn: Callable[[], Any], delay_ms: float = 0) -> Resource:
        """``setTimeout``: cleared at close; its proxy is destroyed as soon as it fires."""
        return self._timer("timeout", f"{delay_ms}ms {_label(fn)}", lambda *_: fn(), "setTimeout", "clearTimeout", delay_ms)

    def set_interval(self, fn: Callable[[], Any], interval_ms: float) -> Resource:
        """``setInterval``: cleared, and its proxy destroyed, at close."""
        label = f"{interval_ms}ms {_label(fn)}"
        return self._timer("interval", label, lambda *_: fn(), "setInterval", "clearInterval", interval_ms)

    def request_animation_frame(self, fn: Callable[[float], Any]) -> Resource:
        """``requestAnimationFrame``: cancelled at close; its proxy goes once it has run.

        In worker mode the page's frame: the worker's ``requestAnimationFrame`` asks the
        page for one and runs ``fn`` when it comes, with the page's time stamp (the frames
        are the page's, and WebKit's workers have none); what ``fn`` changes is committed
        after it, so it is painted a frame later than on the page.
        """
        from .events import call_handler

        callback = lambda timestamp: call_handler(fn, timestamp)  # noqa: E731
        return self._timer("frame", _label(fn), callback, "requestAnimationFrame", "cancelAnimationFrame")

    def object_url(self, blob: Any) -> str:
        """``URL.createObjectURL(blob)``, revoked at close or by :meth:`revoke_object_url`."""
        url_class = None if self.closed else _ffi.js_global("URL")
        resource, url = self._acquire(
            "object_url", "", lambda _: str(url_class.createObjectURL(blob)), lambda url: url_class.revokeObjectURL(url)
        )
        resource.name += f" {url}"
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
        disconnected, and its proxy destroyed, at close. Call ``.observe(el)`` on it.

        With :data:`wasmui.dom.ResizeObserver` (``IntersectionObserver``,
        ``MutationObserver``) the same code works in both modes: ``observe`` takes a ref,
        a component or a node and a dict of options, and ``callback`` receives the entries
        as plain records (``entry.contentRect.width``); in worker mode the page holds the
        observer on the worker's behalf. With ``js.ResizeObserver`` (the page only) it is
        the JS observer and its JS entries.
        """
        page_observer = getattr(observer_class, "wasmui_observer", None)
        if page_observer is not None:
            return page_observer(self, callback, options)

        def start(proxy: Any) -> Any:
            return observer_class.new(proxy) if options is None else observer_class.new(proxy, _ffi.to_js_object(options))

        label = f"{getattr(observer_class, 'name', 'Observer')} {_label(callback)}"
        return self._acquire("observer", label, start, lambda instance: instance.disconnect(), callback=callback)[1]

    async def fetch(self, url: str, **init: Any) -> Any:
        """``fetch(url, init)`` with an AbortController aborted at close.

        Returns:
            The JS ``Response``.

        Raises:
            asyncio.CancelledError: the scope closed before it finished, so the
                code after ``await`` (the dead component's) does not run.
        """
        import asyncio

        resource, controller = self._acquire(
            "fetch", str(url), lambda _: _ffi.js_global("AbortController").new(), lambda controller: controller.abort()
        )
        try:
            return await _ffi.js_global("fetch")(url, _ffi.to_js_object({**init, "signal": controller.signal}))
        except asyncio.CancelledError:
            self.release(resource)  # the awaiting task was cancelled: the request is aborted too (#24)
            raise
        except Exception:
            if resource.released or self.closed:
                raise asyncio.CancelledError(f"{self.name}: fetch of {url} aborted: its scope closed") from None
            raise
        finally:
            self._forget(resource)

    def create_task(self, coroutine: Any) -> Any:
        """Runs ``coroutine`` as an asyncio task, cancelled at close if still running
        (where it runs: :mod:`wasmui.tasks`)."""
        if self.closed and hasattr(coroutine, "close"):
            coroutine.close()  # never started: no "was never awaited" warning on top of the error
        resource, task = self._acquire(
            "task", getattr(coroutine, "__qualname__", ""), lambda _: tasks.start(coroutine), lambda task: task.cancel()
        )
        task.add_done_callback(lambda _: self._forget(resource))
        return task

    def _forget(self, resource: Resource) -> None:
        """Drops a resource that ended by itself (a timer fired), without releasing it."""
        if resource.released:
            return
        resource.released = True
        if hooks.resource_released is not None:
            hooks.resource_released(resource)
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
