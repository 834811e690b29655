"""Worker mode's protocol, the Python end (#26): what crosses between the page and
the worker that runs Python, as plain data.

The page (``wasmui/js/wasmui.js``, its worker-mode part) and the worker exchange
one message per commit (the op list, as the applier takes it) and one per event.
An event crosses as a plain object of the fields handlers read, named as the DOM
event's (:data:`EVENT_FIELDS`, and :data:`TARGET_FIELDS` of its target), so handler
code written for the main thread (``event.key``, ``event.target.value``) runs
unchanged on the :class:`WorkerEvent` made here. ``wasmui.js`` copies the same two
lists; ``tests/host/test_worker_protocol.py`` checks they agree, as the ops table
test does for the applier.

What needs an answer at once (``preventDefault``) cannot wait for the worker: it is
declared on the element (``prevent_default=True``) and applied on the page; a
``preventDefault()`` call in a handler in the worker comes too late and says so.

Must not import ``js``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import errors

EVENT_FIELDS = (
    "type", "timeStamp", "bubbles", "cancelable", "defaultPrevented", "isTrusted", "detail",
    "key", "code", "repeat", "isComposing", "location",
    "altKey", "ctrlKey", "metaKey", "shiftKey",
    "button", "buttons", "clientX", "clientY", "pageX", "pageY", "screenX", "screenY",
    "offsetX", "offsetY", "movementX", "movementY",
    "deltaX", "deltaY", "deltaZ", "deltaMode",
    "pointerId", "pointerType", "pressure", "width", "height", "isPrimary",
    "data", "inputType",
)  # fmt: skip
"""The event's own fields copied by the page, those the event has (primitives only)."""

TARGET_FIELDS = (
    "value", "checked", "selectedIndex", "selectionStart", "selectionEnd",
    "id", "name", "type", "tagName", "className",
)  # fmt: skip
"""The fields of ``event.target`` (and ``currentTarget``) copied by the page."""


class WorkerTarget:
    """``event.target`` in the worker: the element's copied fields, and its wasmui node
    id (``wid``; 0 for an element wasmui did not create) so a handler can tell targets apart."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.wid = 0
        for name, value in fields.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"<WorkerTarget {getattr(self, 'tagName', '?')} #{self.wid}>"


class WorkerEvent:
    """What a handler receives in worker mode: the DOM event's fields, as copied on the page.

    ``stopPropagation()`` works as on the page (the worker runs the handlers of the
    nodes above the target itself). ``preventDefault()`` is too late here: the page
    already let the default action happen, unless the element declared
    ``prevent_default``; so it only records the wish and, in development, warns.
    """

    def __init__(self, payload: dict[str, Any]) -> None:
        self.type = ""
        self.cancelBubble = False
        self.defaultPrevented = False
        for name, value in payload.items():
            if name == "target" or name == "currentTarget":
                value = WorkerTarget(value) if value is not None else None
            setattr(self, name, value)
        self.target = getattr(self, "target", None)
        self.currentTarget = getattr(self, "currentTarget", None)

    def stopPropagation(self) -> None:  # noqa: N802 - the DOM's name
        self.cancelBubble = True

    def stopImmediatePropagation(self) -> None:  # noqa: N802
        self.cancelBubble = True

    def preventDefault(self) -> None:  # noqa: N802
        if self.defaultPrevented:
            return  # the page did it: the element declared prevent_default
        errors.warn(
            RuntimeWarning,
            f"event.preventDefault() on a '{self.type}' event in worker mode comes too late: the page has "
            f"handled the event already. Declare it on the element instead: prevent_default=True (or "
            f"prevent_default=\"{self.type}\")",
        )

    def __repr__(self) -> str:
        return f"<WorkerEvent {self.type}>"


@dataclass(frozen=True, slots=True)
class PageElement:
    """A container element on the page, named by the key the page gave it: what
    :func:`wasmui.mount` receives as its target in the worker."""

    key: int
    prerendered: bool = False


@dataclass(frozen=True, slots=True)
class RemoteNode:
    """``host.node(id)`` in the worker (refs, ``Component.el``): the node lives on the
    page, so only its id is here."""

    wid: int

    def __getattr__(self, name: str) -> Any:
        """A DOM property or method asked of the node itself (``ref.current.offsetWidth``,
        as main-thread code does): refused with the way to do it from a worker."""
        if name.startswith("__"):
            raise AttributeError(name)
        where = f"{name!r} of the page's node {self.wid}: in worker mode a ref holds the page's node by its id, not the node; "
        if name in NODE_METHODS:
            raise AttributeError(f"{where}call it with `await dom.call(ref, {name!r}, ...)` in an `async def` handler "
                                 f"(from wasmui import dom), which works in both modes")
        raise AttributeError(
            f"{where}read it with `await dom.read(ref, {name!r})` or call a method with "
            f"`await dom.call(ref, {name!r}, ...)` (from wasmui import dom), which work in both modes"
        )


NODE_METHODS = frozenset((
    "focus", "blur", "click", "select", "scrollIntoView", "scrollTo", "scrollBy", "setSelectionRange",
    "getBoundingClientRect", "showModal", "show", "close", "showPopover", "hidePopover", "togglePopover",
    "requestFullscreen", "play", "pause", "load", "reportValidity", "checkValidity", "submit", "requestSubmit",
    "reset", "animate", "setCustomValidity", "stepUp", "stepDown",
))  # fmt: skip
"""Element methods code often calls on a ref's node: :class:`RemoteNode` names ``dom.call`` alone for them."""


PAGE_TARGETS = ("window", "document")
"""What the page listens on for the worker (``scope.listen(dom.window, ...)``)."""

LISTEN_OPTIONS = ("capture", "passive", "once", "prevent_default")
"""The options such a listener takes: the DOM's three, and the ``preventDefault`` the
page applies before the event crosses (``True``, or the ``key`` values it stops)."""


def encode_listen(target: str, event_type: str, options: dict[str, Any]) -> str:
    """A ``"listen"`` message's payload: the page adds one real listener on ``target``
    (``"window"`` or ``"document"``) and forwards each of its events.

    Raises:
        ValueError: an unknown target or option (nothing else can cross: a
            ``signal`` is the page's, a callback is the worker's).
    """
    if target not in PAGE_TARGETS:
        raise ValueError(f"listen() from a worker: the page listens on {' or '.join(PAGE_TARGETS)}, not {target!r}")
    unknown = sorted(set(options) - set(LISTEN_OPTIONS))
    if unknown:
        raise ValueError(f"listen({event_type!r}) on the page's {target} from a worker: option(s) {', '.join(unknown)} "
                         f"cannot cross to the page (it takes {', '.join(LISTEN_OPTIONS)})")
    prevent = options.get("prevent_default", False)
    return _encode({
        "target": target, "type": event_type,
        "capture": bool(options.get("capture", False)), "passive": bool(options.get("passive", False)),
        "once": bool(options.get("once", False)),
        "prevent": prevent if isinstance(prevent, str) else bool(prevent),
    })  # fmt: skip


OBSERVERS = ("ResizeObserver", "IntersectionObserver", "MutationObserver")
"""The observers the page holds for the worker (``scope.observer(dom.ResizeObserver, ...)``)."""


def encode_observer(kind: str, options: dict[str, Any] | None, node_id: Callable[[Any], int]) -> str:
    """An ``"observer"`` message's payload: the page makes one ``kind`` observer with
    ``options`` (its constructor's: an IntersectionObserver's ``rootMargin``,
    ``threshold``, and ``root``, a ref or node whose id ``node_id`` gives).

    Raises:
        ValueError: an observer the page does not hold, or options that are no plain values.
    """
    if kind not in OBSERVERS:
        raise ValueError(f"observer() from a worker: the page holds {', '.join(OBSERVERS)}, not {kind!r}")
    options = dict(options or {})
    if options.get("root") is not None:
        options["root"] = node_id(options["root"])
    try:
        return _encode({"kind": kind, "options": options})
    except TypeError as exc:
        raise ValueError(f"{kind} options from a worker must be plain values (a ref for root): {exc}") from None


class Record:
    """A plain record the page copied (an observer's entry, its ``contentRect``...): the
    DOM's field names as attributes, so callback code reads ``entry.contentRect.width`` in
    both modes."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __repr__(self) -> str:
        return f"<Record {' '.join(sorted(self.__dict__))}>"


def decode_entries(message: str, node: Callable[[int], Any]) -> list[Record]:
    """An observer's entries as the page's applier copied them (``wasmuiApplier.observed``):
    a node, written ``{"$wid": id}``, becomes ``node(id)`` (what a ref holds where Python
    runs; ``None`` for a node wasmui did not make), an object a :class:`Record`."""

    def value(item: Any) -> Any:
        if isinstance(item, list):
            return [value(each) for each in item]
        if isinstance(item, dict):
            if "$wid" in item:
                return node(item["$wid"]) if item["$wid"] else None
            return Record({name: value(each) for name, each in item.items()})
        return item

    return value(json.loads(message))


def decode_page_event(message: str) -> WorkerEvent:
    """An event a page listener forwarded: the same fields as a delegated event's."""
    return WorkerEvent(json.loads(message))


def decode_event(message: str) -> tuple[int, str, WorkerEvent, list[int]]:
    """An event message from the page: ``(root id, type, event, handling node ids)``."""
    data = json.loads(message)
    return data["root"], data["type"], WorkerEvent(data["event"]), data["ids"]


_encode = json.JSONEncoder(separators=(",", ":")).encode


def encode_ops(ops: list) -> str:
    """A commit's ops as the applier takes them: compact JSON."""
    return _encode(ops)
