"""Helpers for testing wasmui components, the same in a headless browser and under CPython.

Example:
    ```python
    from wasmui.testing import assert_no_leaks, click, render
    from myapp import Counter

    def test_counter():                       # plain pytest, on the model DOM
        with assert_no_leaks():
            view = render(Counter, {"start": 1})
            click(view.get_by_role("button", name="increment"))
            assert view.get_by_test_id("count").textContent == "2"
            view.unmount()
    ```

    The same body runs in the real DOM under pytest-pyodide, decorated with
    ``@run_in_pyodide(packages=["myapp"])`` and taking the ``selenium`` fixture.

Queries read the DOM the way a user sees it: by visible text, by label, by ARIA role
(explicit or the element's implicit one) and by ``data-testid``. Events are DOM
events, so they go through wasmui's delegated listeners; each helper commits pending
updates before it returns. Under CPython (no ``js``) :func:`render` mounts on a
model DOM (:mod:`wasmui.modeldom`), whose nodes answer the same DOM names
(:mod:`wasmui.dom_facade`): logic and rendering tests need no browser; layout,
focus and the real event loop do.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from . import _ffi, errors, inspector, runtime, tasks, tracker
from .root import Root, mount
from .vnode import type_name

_IMPLICIT_ROLES = {
    "button": "button", "a": "link", "textarea": "textbox", "select": "combobox", "ul": "list", "ol": "list",
    "li": "listitem", "nav": "navigation", "main": "main", "table": "table", "tr": "row", "td": "cell",
    "th": "columnheader", "img": "img", "dialog": "dialog", "form": "form", "progress": "progressbar",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
}  # fmt: skip
_INPUT_ROLES = {"button": "button", "submit": "button", "reset": "button", "checkbox": "checkbox", "radio": "radio", "range": "slider"}


@dataclass
class Rendered:
    """A component rendered into a fresh container, with queries over it."""

    root: Root
    container: Any

    @property
    def component(self) -> Any:
        return self.root.component

    @property
    def location(self) -> Any:
        """The :mod:`wasmui.location` routers use here: on the model DOM a
        :class:`~wasmui.location.MemoryLocation` (``path``, ``entries``, ``title``,
        ``focused``, ``scroll``, ``announcements``), in the browser the page's."""
        from . import location

        return location.current()

    def unmount(self) -> None:
        """Unmounts the component and removes its container; the tasks it cancelled (a
        pending load) end now, not as "destroyed but pending" at exit."""
        if self.root.mounted:
            self.root.unmount()
        self.container.remove()
        flush()

    # --- queries ---------------------------------------------------------------------

    def get_all_by_text(self, text: str) -> list[Any]:
        """The innermost elements whose trimmed text is ``text``."""
        matches = [el for el in self._elements() if str(el.textContent).strip() == text]
        return [el for el in matches if not any(other is not el and el.contains(other) for other in matches)]

    def get_by_text(self, text: str) -> Any:
        return _one(self.get_all_by_text(text), f"text {text!r}")

    def get_by_label(self, text: str) -> Any:
        """The control labelled ``text`` (``<label>``, ``aria-label`` or ``aria-labelledby``)."""
        found = []
        for el in self._elements():
            if el.tagName == "LABEL" and str(el.textContent).strip() == text and not _ffi.is_nullish(el.control):
                found.append(el.control)
            elif el.getAttribute("aria-label") == text:
                found.append(el)
            elif el.hasAttribute("aria-labelledby"):
                label = el.ownerDocument.getElementById(el.getAttribute("aria-labelledby"))
                if not _ffi.is_nullish(label) and str(label.textContent).strip() == text:
                    found.append(el)
        return _one(found, f"label {text!r}")

    def get_all_by_role(self, role: str, name: str | None = None) -> list[Any]:
        return [el for el in self._elements() if role_of(el) == role and (name is None or accessible_name(el) == name)]

    def get_by_role(self, role: str, name: str | None = None) -> Any:
        """The element with ARIA ``role`` (and accessible ``name``, if given)."""
        return _one(self.get_all_by_role(role, name), f"role {role!r}" + (f" named {name!r}" if name else ""))

    def get_all_by_test_id(self, test_id: str) -> list[Any]:
        """The elements whose ``data-testid`` is ``test_id`` (a list's rows, say)."""
        return [el for el in self._elements() if el.getAttribute("data-testid") == test_id]

    def get_by_test_id(self, test_id: str) -> Any:
        return _one(self.get_all_by_test_id(test_id), f"test id {test_id!r}")

    def _elements(self) -> list[Any]:
        return list(self.container.querySelectorAll("*"))


def role_of(el: Any) -> str | None:
    explicit = el.getAttribute("role")
    if explicit:
        return explicit
    tag = str(el.tagName).lower()
    if tag == "input":
        return _INPUT_ROLES.get(str(el.type), "textbox")
    if tag == "a" and not el.hasAttribute("href"):
        return None
    return _IMPLICIT_ROLES.get(tag)


def accessible_name(el: Any) -> str:
    """``aria-label``, else the associated ``<label>``'s text, else the element's own text."""
    label = el.getAttribute("aria-label")
    if label:
        return label
    labels = getattr(el, "labels", None)  # a NodeList in the browser, a list on the model DOM
    if not _ffi.is_nullish(labels) and len(labels):
        return str(labels[0].textContent).strip()
    return str(el.textContent).strip()


def _one(found: list[Any], what: str) -> Any:
    if len(found) != 1:
        raise AssertionError(f"expected one element with {what}, found {len(found)}")
    return found[0]


def render(component_or_node: Any, props: dict | None = None, *, url: str | None = None) -> Rendered:
    """Mounts a component (or node) into a new container at the end of ``<body>``.

    Args:
        url: the path a routed app starts at (``"/cart"``, in hash mode too). On the
            model DOM it starts a fresh history in memory, whose only entry it is; in
            the browser it replaces the page's address.

    Example:
        ```python
        view = render(App, url="/items/7")
        navigate("/cart"); back()                 # wasmui.testing's: committed on return
        assert view.location.path == "/items/7"
        ```
    """
    if _ffi.IN_BROWSER:
        if url is not None:
            from . import location

            location.current().replace(url)
        document = _ffi.js_global("document")
        container = document.createElement("div")
        document.body.appendChild(container)
    else:
        container = _model_container(url)
    rendered = Rendered(mount(component_or_node, container, props), container)
    if not _ffi.IN_BROWSER:
        flush()  # the tasks the first render started (a resource's load) go as far as they can
    return rendered


def _model_container(url: str | None) -> Any:
    """A fresh ``<div>`` in the model document, on a model-DOM runtime (made if needed)."""
    from .location import MemoryLocation
    from .modeldom import ModelHost, element

    current = runtime.current_runtime
    host = current.host if current is not None and isinstance(current.host, ModelHost) else runtime.use_host(ModelHost()).host
    if url is not None:
        host.location = MemoryLocation(url)
    container = element("div")
    host.document.insert_before(container, None)
    return container


SETTLE_PASSES = 20
"""How many times :func:`flush` lets tasks go on and commits what they did, at most (a
task that waits on a timer or a fetch stays waiting; the passes are microseconds)."""


def flush() -> None:
    """Commits pending updates now. Under plain CPython, the tasks that handlers and
    effects started (an ``async def`` handler, ``use_resource``) first run as far as they
    go without waiting (:mod:`wasmui.tasks`), with a commit after each pass, so their work
    is shown on return. Inside a running loop (``asyncio.run``) they run when the test
    awaits, as in a browser."""
    runtime.flush()
    for _ in range(SETTLE_PASSES):
        if not tasks.run_ready():
            break
        runtime.flush()


def navigate(path: str, replace: bool = False) -> None:
    """:func:`wasmui.router.navigate`, then commits: the new view is shown on return."""
    from . import router

    router.navigate(path, replace=replace)
    flush()


def back() -> None:
    """The browser's back button, then commits. On the model DOM the previous view is shown
    on return; in a browser it comes with the ``popstate`` event that follows, so wait
    for it (history moves are asynchronous there)."""
    from . import location

    location.current().back()
    flush()


def forward() -> None:
    """The browser's forward button, then commits (see :func:`back`)."""
    from . import location

    location.current().forward()
    flush()


def click(el: Any) -> None:
    """A real click (``el.click()``: mousedown-less, like a keyboard activation)."""
    el.click()
    flush()


def type_text(el: Any, text: str) -> None:
    """Focuses ``el`` and types ``text`` one character at a time (``input`` events), then ``change``."""
    el.focus()
    for char in text:
        el.value = str(el.value) + char
        _dispatch(el, "input", {"bubbles": True, "data": char, "inputType": "insertText"})
    _dispatch(el, "change", {"bubbles": True})
    flush()


def type(el: Any, text: str) -> None:  # noqa: A001 - kept for old tests
    """Deprecated: shadows the built-in ``type``; use :func:`type_text`."""
    errors.warn(DeprecationWarning, "wasmui.testing.type() is deprecated: use type_text()")
    type_text(el, text)


def fire(el: Any, event_type: str, **init: Any) -> None:
    """Dispatches ``event_type`` on ``el`` (bubbling and cancelable unless ``init`` says
    otherwise); ``el`` may be :data:`wasmui.dom.window` or :data:`wasmui.dom.document`
    (``fire(dom.window, "keydown", key="Escape")``), on the model DOM as in a browser."""
    resolve = getattr(el, "wasmui_event_target", None)
    _dispatch(el if resolve is None else resolve(), event_type, {"bubbles": True, "cancelable": True, **init})
    flush()


_EVENT_CLASSES = {"input": "InputEvent", "beforeinput": "InputEvent", "focus": "FocusEvent", "blur": "FocusEvent",
                  "focusin": "FocusEvent", "focusout": "FocusEvent"}  # fmt: skip


def _dispatch(target: Any, event_type: str, init: dict) -> bool:
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
    if not _ffi.IN_BROWSER:
        from .dom_facade import ModelEvent

        return target.dispatchEvent(ModelEvent(event_type, target, init))
    event = _ffi.js_global(name).new(event_type, _ffi.to_js_object(init))
    return bool(target.dispatchEvent(event))


@contextmanager
def assert_no_leaks() -> Iterator[None]:
    """Fails, with the inspector's findings, if anything created inside is still alive after.

    Checks components (unmounted but referenced: zombies, with retention paths; or
    never unmounted), scope resources, and Pyodide's live proxy count. wasmui's own
    page-lifetime resources (the host's frame and idle callbacks, the dev tools) are
    not counted. Works in either mode: the books it reads are kept from the start of
    the block, and proxy tracing is on for its duration.
    """
    tracker.install()
    tracing_was_on = _ffi.IN_BROWSER and _ffi.proxy_tracing_enabled()
    if _ffi.IN_BROWSER and not tracing_was_on:
        _ffi.set_proxy_tracing(True)
    try:
        flush()
        gc.collect()
        components_before = set(tracker.components.keys())
        resources_before = {id(r) for r in tracker.live_resources()}
        proxies_before = _app_proxies()
        yield
        flush()
        gc.collect()
        problems = _component_problems(components_before) + _resource_problems(resources_before)
        proxies_after = _app_proxies()
        if proxies_after is not None and proxies_after[0] > proxies_before[0]:
            problems.append(
                f"{proxies_after[0] - proxies_before[0]} more live Pyodide proxies than before (counted: every traced "
                f"PyProxy, {proxies_before[0]} before and {proxies_after[0]} after, less the {proxies_after[1]} that "
                f"wasmui's own scopes hold); not owned by any scope: {inspector.untracked_proxies()}"
            )
        if problems:
            raise AssertionError("leaks found:\n- " + "\n- ".join(problems))
    finally:
        if _ffi.IN_BROWSER and not tracing_was_on:
            _ffi.set_proxy_tracing(False)


def _component_problems(before: set[int]) -> list[str]:
    problems = []
    held = inspector.js_held_addresses()
    for component_id, component in list(tracker.components.items()):
        if component_id in before or (component._root is not None and component._root.internal):
            continue
        name = f"{type_name(component)}#{component_id}"
        if component._alive:
            problems.append(f"{name} is still mounted")
        elif component._unmounted:
            path = " <- ".join(reversed(inspector.retention_path(component, held)))
            problems.append(f"{name} was unmounted but is still alive: {path}")
    return problems


def _resource_problems(before: set[int]) -> list[str]:
    return [
        f"{resource.name} (owner {resource.owner}) is still live, created at {resource.site}"
        for resource in tracker.live_resources()
        if id(resource) not in before and not resource.scope.internal
    ]


def _app_proxies() -> tuple[int, int] | None:
    """(live traced PyProxies less those of wasmui's internal scopes, the internal ones)."""
    if not _ffi.IN_BROWSER:
        return None
    internal = sum(1 for r in tracker.live_resources() if r.scope.internal and r.kind in inspector.PROXY_KINDS)
    return _ffi.live_pyproxy_count() - internal, internal
