"""Delegated events: one listener per root and event type, a table of handlers in Python.

The DOM never holds a proxy per handler. Each root has one proxy (its
``dispatch``) and, per event type in use, one listener on its container; the
applier collects the nodes marked as handling that type from the event's target
up to the container and calls ``dispatch`` once with their ids, so an event
crosses the boundary once and its handlers' state changes commit together.
Replacing a handler (a new lambda on every render) only changes this table.

Events that do not bubble are listened for in the capture phase on the container
and delivered to their target only, so ``on_focus``, ``on_mouseenter``,
``on_scroll``, ``on_load``... work like the DOM's own.

Must not import ``js``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import CodeType, FunctionType, MethodType
from typing import TYPE_CHECKING, Any

from .ops import Op

if TYPE_CHECKING:
    from .component import Component

NON_BUBBLING = frozenset(
    {
        "focus", "blur", "mouseenter", "mouseleave", "pointerenter", "pointerleave",
        "scroll", "scrollend", "load", "error", "abort", "resize", "toggle", "invalid",
        "play", "pause", "ended", "playing", "loadeddata", "loadedmetadata", "canplay",
        "canplaythrough", "timeupdate", "volumechange", "seeked", "seeking", "emptied",
        "durationchange", "ratechange", "stalled", "suspend", "waiting", "progress",
        "cancel", "close",
    }
)  # fmt: skip


DOM_EVENTS = NON_BUBBLING | frozenset(
    {
        "click", "dblclick", "auxclick", "contextmenu", "mousedown", "mouseup", "mousemove", "mouseover",
        "mouseout", "wheel", "pointerdown", "pointerup", "pointermove", "pointerover", "pointerout",
        "pointercancel", "gotpointercapture", "lostpointercapture", "touchstart", "touchend", "touchmove",
        "touchcancel", "keydown", "keyup", "keypress", "input", "beforeinput", "change", "submit", "reset",
        "focusin", "focusout", "select", "selectionchange", "copy", "cut", "paste", "drag", "dragstart",
        "dragend", "dragenter", "dragleave", "dragover", "drop", "compositionstart", "compositionupdate",
        "compositionend", "animationstart", "animationend", "animationiteration", "animationcancel",
        "transitionstart", "transitionend", "transitionrun", "transitioncancel", "beforetoggle",
        "formdata", "search", "slotchange", "fullscreenchange", "fullscreenerror", "securitypolicyviolation",
    }
)  # fmt: skip
"""Event types the browser fires on elements: an ``on_<name>`` outside this list (and
not declared with :func:`declare_event`) is most likely a typo (#12)."""

_declared: set[str] = set()


class UnknownEventWarning(UserWarning):
    """An ``on_<name>`` prop names no known DOM event (development mode)."""


class UndeclaredSubmitWarning(UserWarning):
    """An ``on_submit`` handler in worker mode without ``prevent_default`` for it: the page
    submits the form (a page load, the app's state lost) before the handler runs (#26)."""


def undeclared_submit(props: dict) -> bool:
    """Whether an element's ``props`` handle ``submit`` without declaring ``prevent_default``
    for it (the prop's stored value: ``True``, or the types, as :func:`prevents` reads them)."""
    declared = props.get(PREVENT_ATTRIBUTE)
    return not prevents("" if declared is True else declared if isinstance(declared, str) else None, "submit")


def declare_event(*names: str) -> None:
    """Declares custom event types, so ``on_<name>`` props for them do not warn.

    Names with a ``-`` or ``:`` (``my-widget:change``) count as custom without this.

    Example:
        ```python
        declare_event("swipe")
        html.div(on_swipe=self.next_page)
        ```
    """
    _declared.update(names)


def unknown_event_hint(event_type: str) -> str | None:
    """``None`` for a known, declared or custom-looking type; else what to do about it,
    naming the closest known type."""
    if event_type in DOM_EVENTS or event_type in _declared or "-" in event_type or ":" in event_type:
        return None
    import difflib

    close = difflib.get_close_matches(event_type.lower(), DOM_EVENTS, n=1)
    guess = f"did you mean 'on_{close[0]}'? " if close else ""
    return (
        f"'{event_type}' is not a DOM event, so this handler will never run; {guess}"
        f"(a custom event: wasmui.declare_event({event_type!r}))"
    )


PREVENT_ATTRIBUTE = "data-wasmui-prevent"
"""Where ``prevent_default`` lands on an element (the page reads it, #26)."""


def prevents(declared: str | None, event_type: str) -> bool:
    """Whether an element that handles ``event_type`` and carries ``prevent_default``
    (``declared``: its attribute's value, ``None`` if absent) has the page call
    ``preventDefault()`` for it: ``""`` (``prevent_default=True``) for every type it
    handles, else a space-separated list of types.

    The rule, in both modes: the decision is taken on the page, synchronously, before
    any handler runs; in worker mode it is the only way, since the handler runs later
    in the worker. The applier (``js/applier.js``) and the model DOM apply the same rule.
    """
    return declared is not None and (declared == "" or event_type in declared.split())


class EventTable:
    """A root's handlers: event type -> node id -> (handler, the component that rendered it).

    By type first: a table of rows with a click handler per link then holds one dict
    entry per link, not a dict per link.
    """

    def __init__(self, root_id: int) -> None:
        self.root_id = root_id
        self.delegated: set[str] = set()
        self._by_type: dict[str, dict[int, tuple[Callable, Component | None]]] = {}

    def set(self, ops: list, node_id: int, event_type: str, handler: Callable | None, owner: Component | None) -> None:
        """Records (or with ``None`` removes) a node's handler; emits ops only when presence changes."""
        table = self._by_type.get(event_type)
        if handler is None:
            if table is not None and table.pop(node_id, None) is not None:
                ops += (Op.REMOVE_EVENT, node_id, event_type)
            return
        if table is not None and node_id in table:  # another handler (a new closure each render)
            table[node_id] = (handler, owner)
            return
        ops += (Op.SET_EVENT, node_id, event_type)
        self.record(ops, node_id, event_type, handler, owner)

    def record(self, ops: list, node_id: int, event_type: str, handler: Callable, owner: Component | None) -> None:
        """As :meth:`set`, for a node the applier marks itself (a template clone's
        handler hole): records the handler and delegates its type, with no ``SET_EVENT``."""
        table = self._by_type.get(event_type)
        if table is None:
            table = self._by_type[event_type] = {}
        table[node_id] = (handler, owner)
        if event_type not in self.delegated:
            self.delegated.add(event_type)
            ops += (Op.DELEGATE, self.root_id, event_type, 0 if event_type in NON_BUBBLING else 1)

    def lookup(self, node_id: int, event_type: str) -> tuple[Callable, Component | None] | None:
        table = self._by_type.get(event_type)
        return table.get(node_id) if table is not None else None

    def drop(self, node_id: int, event_type: str) -> None:
        """Drops a node's handler of one type (a template's handler hole, whose type is known)."""
        table = self._by_type.get(event_type)
        if table is not None:
            table.pop(node_id, None)

    def forget(self, node_id: int) -> None:
        """Drops an unmounted element's handlers (its DOM node goes with it)."""
        for table in self._by_type.values():
            table.pop(node_id, None)

    def __len__(self) -> int:
        """How many (node, event type) handlers are held: 0 once every handler's element is gone."""
        return sum(map(len, self._by_type.values()))


def call_handler(handler: Callable, event: Any) -> Any:
    """Calls ``handler(event)`` when it has a required positional parameter (or ``*args``),
    else ``handler()``.

    A parameter with a default never receives the event (#24): ``lambda pid=pid:
    cart.remove(pid)`` is Python's usual way to bind a loop variable, and giving it the
    event would silently replace ``pid``. So ``lambda event: ...``, ``def on_click(self,
    event)`` and ``lambda *args: ...`` get the event; ``lambda: ...``, ``lambda pid=pid:
    ...`` and ``def save(self, event=None)`` do not. Bound methods, ``functools.partial``
    and callable objects follow the same rule for the parameters still unfilled.

    Every event goes through here, so the answer is cached per code object: a new
    closure made by each render shares its code (and its count of defaults) with the
    last one, and costs one dict lookup.
    """
    kind = handler.__class__
    if kind is FunctionType:
        takes = _function_takes.get(handler.__code__)
    elif kind is MethodType:
        try:
            takes = _method_takes.get(handler.__func__.__code__)
        except AttributeError:  # a method of something other than a function
            takes = None
    else:
        takes = None
    if takes is None:
        takes = _takes_event(handler)
    return handler(event) if takes else handler()


# code object -> whether a function (or a method, its first parameter bound) of that code
# takes the event; bounded, as hot reload makes new code objects for the same handlers
_function_takes: dict[CodeType, bool] = {}
_method_takes: dict[CodeType, bool] = {}
_CACHE_LIMIT = 4096


def _takes_event(handler: Callable) -> bool:
    """The uncached answer for any callable; caches it for functions, methods and callable
    objects whose class defines ``__call__`` in Python."""
    kind = handler.__class__
    if kind is FunctionType:
        return _remember(_function_takes, handler.__code__, _required_positional(handler.__code__, handler.__defaults__, 0))
    function = getattr(handler, "__func__", None) if kind is MethodType else getattr(kind, "__call__", None)
    if function.__class__ is FunctionType and (kind is MethodType or not isinstance(handler, type)):
        takes = _required_positional(function.__code__, function.__defaults__, 1)
        return _remember(_method_takes, function.__code__, takes) if kind is MethodType else takes
    try:
        parameters = inspect.signature(handler).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: it takes the event, as it always did
        return True
    return any(
        p.kind is inspect.Parameter.VAR_POSITIONAL
        or (p.kind in _POSITIONAL and p.default is inspect.Parameter.empty)
        for p in parameters
    )


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _required_positional(code: CodeType, defaults: tuple | None, bound: int) -> bool:
    """Whether a function of ``code`` with ``defaults``, its first ``bound`` parameters
    already given (``self``), has a required positional parameter left, or ``*args``."""
    if code.co_flags & inspect.CO_VARARGS:
        return True
    return code.co_argcount - len(defaults or ()) - bound >= 1


def _remember(cache: dict[CodeType, bool], code: CodeType, takes: bool) -> bool:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[code] = takes
    return takes
