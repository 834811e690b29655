"""Client-side routing (#15): ``Router``, ``Route``, ``Link``, ``navigate``, ``use_location``.

The router renders the view whose route matches the current location; navigating to
another route unmounts the view left (its scope closes, so every interval, listener and
fetch it owned is released) and mounts the new one. Locations come from the browser's
history (``mode="history"``: real paths, ``pushState``) or its fragment (``mode="hash"``:
``#/path``, for static hosts that serve one file). Back and forward work through
``popstate``/``hashchange``, listened to by the router's own scope.

Example:
    ```python
    mount(Router([Route("/", Home), Route("/users/{user_id}", User)], fallback=NotFound), "#app")
    ...
    Link("/users/7", "Ada")      # navigates without a page load
    navigate("/", replace=True)
    ```
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from . import _ffi
from .component import Component
from .hooks import use_effect, use_scope, use_state
from .html import a as _anchor
from .vnode import VNode, h

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_listeners: list[Callable[[str], None]] = []
_mode = {"value": "history"}


@dataclass
class Route:
    """``path`` (``"/users/{user_id}"``: each ``{name}`` matches one segment and is passed
    to ``component`` as a prop of that name) and the component to render there."""

    path: str
    component: Any
    pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        parts = _PARAM.split(self.path)
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
        self.pattern = re.compile(f"^{regex}/?$")

    def match(self, path: str) -> dict | None:
        found = self.pattern.match(path)
        return found.groupdict() if found else None


def Router(routes: list[Route], *, mode: str = "history", fallback: Any = None) -> VNode:  # noqa: N802 - a node factory, named like a component
    """The node that renders the matching route's component (``fallback``, or nothing, when none matches)."""
    if mode not in ("history", "hash"):
        raise ValueError(f"Router(mode={mode!r}): expected 'history' or 'hash'")
    return h(RouterView, {"routes": list(routes), "mode": mode, "fallback": fallback})


class RouterView(Component):
    """Keeps the location in state and renders the matching view (a new view per route:
    the one left is unmounted with everything it owned)."""

    def on_init(self) -> None:
        _mode["value"] = self.props["mode"]
        self.state = {"path": current_location()}

    def on_mount(self) -> None:
        window = _ffi.js_global("window")
        event = "hashchange" if self.props["mode"] == "hash" else "popstate"
        self.scope.listen(window, event, lambda: self.set_state(path=current_location()))
        _listeners.append(self._navigated)
        self.scope.on_cleanup(lambda: _listeners.remove(self._navigated))

    def _navigated(self, path: str) -> None:
        self.set_state(path=path)

    def render(self) -> Any:
        path = self.state["path"].split("?", 1)[0]
        for index, route in enumerate(self.props["routes"]):
            params = route.match(path)
            if params is not None:
                return h(route.component, {**params, "key": f"route{index}"})
        fallback = self.props["fallback"]
        return h(fallback, {"key": "fallback", "path": path}) if fallback is not None else None


def current_location() -> str:
    """The path the router sees now (``/users/7?tab=a``): for class components and any code."""
    location = _ffi.js_global("location")
    if _mode["value"] == "hash":
        return str(location.hash)[1:] or "/"
    return f"{location.pathname}{location.search}"


def navigate(path: str, replace: bool = False) -> None:
    """Goes to ``path`` without a page load (``replace``: no new history entry)."""
    if _mode["value"] == "hash":
        location = _ffi.js_global("location")
        if replace:
            location.replace(f"#{path}")
        else:
            location.hash = path
    else:
        history = _ffi.js_global("history")
        (history.replaceState if replace else history.pushState)(None, "", path)
    for listener in list(_listeners):
        listener(path)


def Link(href: str, *children: Any, **props: Any) -> VNode:  # noqa: N802 - a node factory, named like a component
    """``<a href>`` that navigates in the app. A click with a modifier key or another button,
    a ``target``, or a link to another origin behaves as the browser's own."""
    external = bool(urlsplit(href).netloc) or href.startswith(("mailto:", "tel:"))

    def click(event: Any) -> None:
        modified = event.ctrlKey or event.metaKey or event.shiftKey or event.altKey or event.button != 0
        if external or modified or props.get("target"):
            return
        event.preventDefault()
        navigate(href)

    shown = f"#{href}" if _mode["value"] == "hash" and not external else href
    return _anchor(*children, href=shown, on_click=click, **props)


def use_location() -> str:
    """The current path in a function component, re-rendering it on every navigation (its
    scope owns the listener). Class components read :func:`current_location` in ``render``:
    the router re-renders its views when the location changes."""
    path, set_path = use_state(current_location)
    scope = use_scope()

    def follow() -> Callable[[], None]:
        def update(*_: Any) -> None:
            set_path(current_location())

        _listeners.append(update)
        scope.listen(_ffi.js_global("window"), "hashchange" if _mode["value"] == "hash" else "popstate", update)
        return lambda: _listeners.remove(update)

    use_effect(follow, [])
    return path
