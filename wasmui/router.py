"""Client-side routing (#15, #24): ``Router``, ``Route``, ``Link``, ``navigate``, ``use_location``.

The router renders the view whose route matches the current location; navigating to
another route unmounts the view left (its scope closes, so every interval, listener and
fetch it owned is released) and mounts the new one. The location is a
:mod:`wasmui.location`: the browser's history (``mode="history"``: real paths,
``pushState``) or its fragment (``mode="hash"``: ``#/path``, for static hosts that serve
one file), or a history in memory on the model DOM, so routed apps are tested under plain
CPython and pre-rendered by ``wasmui build``, a page per route.

The router provides what it shows (:class:`RouteMatch`: path, parameters, route) through
a context, :data:`ROUTE`, so any component below reads it: :func:`use_params`,
:func:`use_route`, or ``self.context(ROUTE)`` in a class component.

A route change is made accessible as Next.js and Reach Router make it: the route's
``title`` becomes the document's, focus moves to the new view (its first heading, else its
``main``, else its first element), a new entry starts at the top and back/forward restore
where an entry was left, and the change is announced to screen readers.

Example:
    ```python
    mount(Router([Route("/", Home, title="Home"), Route("/users/{user_id}", User)], fallback=NotFound), "#app")
    ...
    Link("/users/7", "Ada")      # navigates without a page load
    navigate("/", replace=True)
    ```
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from . import location as _location
from .component import Component
from .context import create_context, use_context
from .hooks import accepted_props, use_effect, use_scope, use_state
from .html import a as _anchor
from .vnode import VNode, h

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Route:
    """A path and the component rendered there.

    Attributes:
        path: ``"/users/{user_id}"``: each ``{name}`` matches one segment, passed
            (decoded) to ``component`` as the prop ``name`` if it takes one.
        component: a component class or ``@component`` function. A function is given
            only the parameters it takes; any component below reads them all with
            :func:`use_params`.
        title: the document's title on this route: a string, or a callable given the
            parameters it takes (``lambda user_id: f"User {user_id}"``).
        prerender: which pages ``wasmui build`` writes for this route. A path without
            parameters is pre-rendered unless this is ``False``; a path with some only
            for the values listed here, dicts of every parameter
            (``[{"user_id": "1"}, {"user_id": "2"}]``) or a callable returning them at
            build time.
    """

    path: str
    component: Any
    title: str | Callable[..., str] | None = None
    prerender: Iterable[dict] | Callable[[], Iterable[dict]] | bool | None = None
    pattern: re.Pattern = field(init=False, repr=False)
    params: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.path, str) or not self.path.startswith("/"):
            raise ValueError(f"Route({self.path!r}): a route's path is a str starting with '/'")
        parts = _PARAM.split(self.path)
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
        self.pattern = re.compile(f"^{regex}/?$")
        self.params = tuple(parts[1::2])
        if not (self.prerender is None or isinstance(self.prerender, bool) or callable(self.prerender)):
            self.prerender = [self._checked(values) for values in self.prerender]

    def match(self, path: str) -> dict | None:
        """The parameters (percent-decoded) if ``path`` is this route's, else ``None``."""
        found = self.pattern.match(path)
        return {name: unquote(value) for name, value in found.groupdict().items()} if found else None

    def title_for(self, params: dict) -> str | None:
        """The title for these parameters, or ``None`` when the route has none."""
        if callable(self.title):
            return str(self.title(**props_for(self.title, params)))
        return self.title

    def prerender_paths(self) -> list[str]:
        """The paths ``wasmui build`` pre-renders for this route (see ``prerender``)."""
        if self.prerender is False:
            return []
        if not self.params:
            return [self.path]
        listed = self.prerender() if callable(self.prerender) else self.prerender or []
        paths = []
        for values in listed:
            values = self._checked(values)
            paths.append(_PARAM.sub(lambda m: quote(values[m.group(1)], safe=""), self.path))
        return paths

    def _checked(self, values: Any) -> dict:
        if not isinstance(values, dict) or set(values) != set(self.params):
            raise ValueError(
                f"Route({self.path!r}): prerender lists dicts of the parameters {sorted(self.params)}, got {values!r}"
            )
        for name, value in values.items():
            if not isinstance(value, str) or not value or value in (".", ".."):
                raise ValueError(f"Route({self.path!r}): prerender value of {name!r} must be a non-empty str, got {value!r}")
        return values


@dataclass(frozen=True)
class RouteMatch:
    """What the router shows, provided to every component below it (:data:`ROUTE`).

    Attributes:
        path: the path shown, without its query (``/users/7``).
        params: the route's parameters, decoded (``{"user_id": "7"}``; ``{}`` for the
            fallback and outside a router).
        route: the :class:`Route` shown, ``None`` for the fallback and outside a router.
    """

    path: str = ""
    params: dict = field(default_factory=dict)
    route: Route | None = None


ROUTE = create_context(RouteMatch(), name="Route")
"""The context a router provides: a :class:`RouteMatch`. Function components read it with
:func:`use_route` / :func:`use_params`, class components with ``self.context(ROUTE)``."""


def use_params() -> dict:
    """The parameters of the route shown by the nearest router above (``{}`` without one),
    in any component below it: a view's children need no props threaded down.

    Example:
        ```python
        @component
        def AddToCart():
            item_id = use_params()["item_id"]
            ...
        ```
    """
    return use_context(ROUTE).params


def use_route() -> RouteMatch:
    """The nearest router's :class:`RouteMatch` (path, parameters, route)."""
    return use_context(ROUTE)


def Router(  # noqa: N802 - a node factory, named like a component
    routes: list[Route], *, mode: str = "history", fallback: Any = None, key: Any = None
) -> VNode:
    """The node that renders the matching route's component (``fallback``, given the
    ``path`` if it takes it, or nothing, when none matches)."""
    if mode not in ("history", "hash"):
        raise ValueError(f"Router(mode={mode!r}): expected 'history' or 'hash'")
    for route in routes:
        if not isinstance(route, Route):
            raise TypeError(f"Router(routes=...): expected Route objects, got {route!r}")
    return h(RouterView, {"routes": list(routes), "mode": mode, "fallback": fallback, "key": key})


class RouterView(Component):
    """Keeps the location in state and renders the matching view (a new view per route:
    the one left is unmounted with everything it owned); after a change, sets the title,
    moves the focus, settles the scroll and announces the new view."""

    def on_init(self) -> None:
        self._location = _location.current()
        self._location.mode = self.props["mode"]
        self._change: str | None = None  # the kind of change the next commit shows
        self.state = {"path": self._location.path}

    def on_mount(self) -> None:
        self._location.subscribe(self.scope, self._changed)
        title = self.title()
        if title is not None:
            self._location.set_title(title)

    def _changed(self, kind: str) -> None:
        self._change = kind
        path = self._location.path
        if path == self.state["path"]:
            self._after_change()  # the same view: nothing re-renders, the change still shows
        else:
            self.set_state(path=path)

    def on_update(self) -> None:
        if self._change is not None:
            self._after_change()

    def _after_change(self) -> None:
        kind, self._change = self._change, None
        location = self._location
        title = self.title()
        if title is not None:
            location.set_title(title)
        target = self._focus_target()
        if target is not None:
            location.focus(self._runtime.host.node(target.dom))
        location.settle_scroll(kind)
        heading = _text_of(target) if target is not None and target.type in _HEADINGS else ""
        location.announce(title or heading or self.path, self.scope)

    @property
    def path(self) -> str:
        """The path shown, without its query."""
        return self.state["path"].split("?", 1)[0]

    def matched(self) -> tuple[int, Route, dict] | None:
        """(index, route, parameters) of the route shown, ``None`` for the fallback."""
        path = self.path
        for index, route in enumerate(self.props["routes"]):
            params = route.match(path)
            if params is not None:
                return index, route, params
        return None

    def title(self) -> str | None:
        """The title of the route shown (``None``: the route sets none)."""
        found = self.matched()
        return found[1].title_for(found[2]) if found is not None else None

    def render(self) -> Any:
        found = self.matched()
        if found is not None:
            index, route, params = found
            view = h(route.component, props_for(route.component, params))
            return ROUTE.provide(RouteMatch(self.path, params, route), view, key=f"route{index}")
        fallback = self.props["fallback"]
        if fallback is None:
            return None
        view = h(fallback, props_for(fallback, {"path": self.path}))
        return ROUTE.provide(RouteMatch(self.path), view, key="fallback")

    def _focus_target(self) -> VNode | None:
        """The view's first heading, else its first ``main``, else its first element."""
        first = main = None
        stack = list(reversed(self._vnode.rendered or ()))
        while stack:
            node = stack.pop()
            if isinstance(node.type, str) and node.dom:
                if node.type in _HEADINGS:
                    return node
                if node.type == "main" and main is None:
                    main = node
                if first is None and node.type not in ("#text", "#comment"):
                    first = node
            below = node.rendered if node.component is not None else node.children
            stack.extend(reversed(below or ()))
        return main or first


def _text_of(node: VNode) -> str:
    parts, stack = [], [node]
    while stack:
        node = stack.pop()
        if node.text:
            parts.append(node.text)
        below = node.rendered if node.component is not None else node.children
        stack.extend(reversed(below or ()))
    return " ".join("".join(parts).split())


def _parameters(function: Any) -> frozenset[str] | None:
    """The keyword names ``function`` takes (``None``: any, it has ``**kwargs``). Not
    cached: a cache keyed by the function would keep every view's closure (and what it
    holds) alive for good; a route change reads one signature."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def props_for(target: Any, props: dict) -> dict:
    """The ``props`` that ``target`` accepts: an ``@component`` function only those its
    function names (:func:`wasmui.hooks.accepted_props`, read once per class), unless it
    takes ``**props``; a plain function (a route's ``title``) likewise; a class component all.

    A route's view reads what it does not take with :func:`use_params` (#24: a fallback
    without parameters used to fail, because it was given ``path``).
    """
    if getattr(target, "_function", None) is not None:
        names = accepted_props(target)
    elif isinstance(target, type):
        return props
    else:
        try:
            names = _parameters(target)
        except (TypeError, ValueError):  # no signature to read (a builtin): give it everything
            return props
    return props if names is None else {name: value for name, value in props.items() if name in names}


def current_location() -> str:
    """The path the router sees now (``/users/7?tab=a``): for class components and any code."""
    return _location.current().path


def navigate(path: str, replace: bool = False) -> None:
    """Goes to ``path`` without a page load (``replace``: no new history entry)."""
    location = _location.current()
    if replace:
        location.replace(path)
    else:
        location.push(path)


def Link(href: str, *children: Any, **props: Any) -> VNode:  # noqa: N802 - a node factory, named like a component
    """``<a href>`` that navigates in the app. A click with a modifier key or another button,
    a ``target``, or a link to another origin behaves as the browser's own."""
    external = bool(urlsplit(href).netloc) or href.startswith(("mailto:", "tel:"))

    def click(event: Any) -> None:
        modified = any(getattr(event, name, False) for name in ("ctrlKey", "metaKey", "shiftKey", "altKey"))
        if external or modified or getattr(event, "button", 0) != 0 or props.get("target"):
            return
        event.preventDefault()
        navigate(href)

    shown = f"#{href}" if not external and _location.current().mode == "hash" else href
    if not external and not props.get("target"):
        # declared, so the page stops the page load at once: in worker mode the handler
        # runs too late to (the page leaves a click with a modifier or another button alone)
        props.setdefault("prevent_default", "click")
    return _anchor(*children, href=shown, on_click=click, **props)


def use_location() -> str:
    """The current path in a function component, re-rendering it on every navigation (its
    scope owns the listener). Class components read :func:`current_location` in ``render``:
    the router re-renders its views when the location changes."""
    location = _location.current()
    path, set_path = use_state(lambda: location.path)
    scope = use_scope()
    use_effect(lambda: location.subscribe(scope, lambda _kind: set_path(location.path)), [])
    return path
