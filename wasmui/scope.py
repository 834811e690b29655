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
            ``object_url``, ``observer``, ``fetch`` or ``cleanup``.
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

    @property
    def owner(self) -> str:
        """The owning component's class name (or the scope's name)."""
        return self.scope.name


#: Every resource not yet released, across all scopes: the inspector's source.
registry: dict[int, Resource] = {}


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

    def __init__(self, name: str = "scope", parent: Scope | None = None) -> None:
        self.name = name
        self.owner: Any = None
        self.closed = False
        self._parent: Scope | None = None
        self._children: list[Scope] = []
        self._resources: list[Resource] = []
        if parent is not None:
            self.adopt_into(parent)

    # --- structure -----------------------------------------------------------

    def adopt_into(self, parent: Scope, owner: Any = None) -> None:
        """Makes this scope a child of ``parent`` (closed when ``parent`` closes)."""
        if parent.closed:
            raise errors.WasmuiError(f"scope {self.name!r}: parent scope {parent.name!r} is closed")
        self._parent = parent
        parent._children.append(self)
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
        return len(self._resources) + sum(child.count() for child in self._children)

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
        return self.track("cleanup", getattr(fn, "__qualname__", ""), fn)

    def release(self, resource: Resource) -> None:
        """Releases one resource now (e.g. a timer that has fired)."""
        if resource.released:
            return
        resource.released = True
        registry.pop(id(resource), None)
        try:
            self._resources.remove(resource)
        except ValueError:
            pass
        try:
            resource.release()
        except Exception as exc:
            errors.report(self.owner, f"release of {resource.name}", exc)

    # --- browser resources ---------------------------------------------------

    def create_proxy(self, fn: Callable[..., Any]) -> Any:
        """A Pyodide proxy of ``fn`` for JS to call, destroyed when the scope closes."""
        from . import _bridge

        site = creation_site()
        proxy = _bridge.create_proxy(fn)
        self.track("proxy", getattr(fn, "__qualname__", ""), proxy.destroy, site)
        return proxy

    # --- teardown ------------------------------------------------------------

    def close(self) -> None:
        """Closes child scopes (newest first), then releases resources, newest first.

        Idempotent; a release that raises is reported and the others still run.
        """
        if self.closed:
            return
        self.closed = True
        while self._children:
            self._children.pop().close()
        while self._resources:
            self.release(self._resources[-1])
        if self._parent is not None:
            try:
                self._parent._children.remove(self)
            except ValueError:
                pass
            self._parent = None

    def __enter__(self) -> Scope:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Scope {self.name} {'closed' if self.closed else f'{self.count()} live'}>"
