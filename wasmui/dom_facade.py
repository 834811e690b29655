"""The browser DOM's names on the model DOM (#13), for tests under plain CPython.

``wasmui.testing`` queries elements and fires events through the DOM's own API
(``el.textContent``, ``el.getAttribute``, ``el.click()``, ``dispatchEvent``...). The
model DOM's nodes answer the same names, so the same helpers and the same assertions
run in a headless browser and under CPython; only the browser tests what the model
cannot (layout, focus order, the real event loop).

Events fired here go through the model host's delegation (target up to the root),
with the default actions tests rely on: a click toggles a checkbox or selects a radio
button before the handlers run, as the browser's does.
"""

from __future__ import annotations

from typing import Any

_LABELABLE = ("input", "select", "textarea", "button", "output", "meter", "progress")


class ModelEvent:
    """What a handler receives under CPython: the DOM event's common fields."""

    def __init__(self, event_type: str, target: Any, init: dict | None = None) -> None:
        init = init or {}
        self.type = event_type
        self.target = target
        self.bubbles = init.get("bubbles", True)
        self.cancelable = init.get("cancelable", True)
        self.defaultPrevented = False
        self.cancelBubble = False
        for name, value in init.items():
            setattr(self, name, value)  # key, data, inputType, clientX...

    def preventDefault(self) -> None:  # noqa: N802 - the DOM's name
        if self.cancelable:
            self.defaultPrevented = True

    def stopPropagation(self) -> None:  # noqa: N802
        self.cancelBubble = True


class DomFacade:
    """Mixed into ``ModelNode``: read-only DOM names over its ``kind``, ``tag``,
    ``attrs``, ``props``, ``text`` and ``children``, plus ``click``/``dispatchEvent``."""

    # --- reading -----------------------------------------------------------------------

    @property
    def tagName(self) -> str:  # noqa: N802
        return self.tag.upper() if self.kind == "element" else ""

    @property
    def nodeName(self) -> str:  # noqa: N802
        return {"text": "#text", "comment": "#comment"}.get(self.kind, self.tagName)

    @property
    def textContent(self) -> str:  # noqa: N802
        return self.text_content()

    @property
    def parentNode(self) -> Any:  # noqa: N802
        return self.parent

    @property
    def isConnected(self) -> bool:  # noqa: N802
        node = self
        while node.parent is not None:
            node = node.parent
        return node.tag == "body"

    def getAttribute(self, name: str) -> str | None:  # noqa: N802
        return self.attrs.get(name)

    def hasAttribute(self, name: str) -> bool:  # noqa: N802
        return name in self.attrs

    @property
    def id(self) -> str:
        return self.attrs.get("id", "")

    @property
    def className(self) -> str:  # noqa: N802
        return self.attrs.get("class", "")

    @property
    def type(self) -> str:
        return self.attrs.get("type", "text" if self.tag == "input" else "")

    @property
    def value(self) -> Any:
        return self.props.get("value", self.attrs.get("value", ""))

    @value.setter
    def value(self, value: Any) -> None:
        self.props["value"] = value

    @property
    def checked(self) -> bool:
        return bool(self.props.get("checked", "checked" in self.attrs))

    @checked.setter
    def checked(self, value: bool) -> None:
        self.props["checked"] = bool(value)

    def querySelectorAll(self, selector: str) -> list[Any]:  # noqa: N802
        """Descendant elements: ``*``, a tag, ``#id``, ``.class`` or ``[attr=value]`` (one simple selector)."""
        return [node for node in self.walk() if node is not self and node.kind == "element" and node._matches(selector)]

    def querySelector(self, selector: str) -> Any:  # noqa: N802
        found = self.querySelectorAll(selector)
        return found[0] if found else None

    def contains(self, other: Any) -> bool:
        node = other
        while node is not None:
            if node is self:
                return True
            node = node.parent
        return False

    @property
    def ownerDocument(self) -> Any:  # noqa: N802
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def getElementById(self, element_id: str) -> Any:  # noqa: N802
        return next((node for node in self.walk() if node.attrs.get("id") == element_id), None)

    @property
    def control(self) -> Any:
        """For a ``<label>``: the control it labels (``for=`` or the first one inside)."""
        if self.tag != "label":
            return None
        if "for" in self.attrs:
            return self.ownerDocument.getElementById(self.attrs["for"])
        return next((node for node in self.walk() if node.tag in _LABELABLE), None)

    @property
    def labels(self) -> list[Any]:
        """The ``<label>`` elements that label this control."""
        return [node for node in self.ownerDocument.walk() if node.tag == "label" and node.control is self]

    def _matches(self, selector: str) -> bool:
        if selector == "*":
            return True
        if selector.startswith("#"):
            return self.attrs.get("id") == selector[1:]
        if selector.startswith("."):
            return selector[1:] in self.attrs.get("class", "").split()
        if selector.startswith("[") and selector.endswith("]"):
            name, _, value = selector[1:-1].partition("=")
            return name in self.attrs and (not value or self.attrs[name] == value.strip("\"'"))
        return self.tag == selector.lower()

    # --- acting ------------------------------------------------------------------------

    def focus(self) -> None:
        """Nothing to do without a real focus model (the browser tests cover focus)."""

    def click(self) -> None:
        """A click, as the browser's: a checkbox or radio button changes first, then the click
        handlers run; unless one prevented it (which undoes the change), ``input`` and
        ``change`` follow."""
        toggles = self.tag == "input" and self.type in ("checkbox", "radio")
        before = self.checked
        if toggles:
            self.checked = not before if self.type == "checkbox" else True
        if not self.dispatchEvent(ModelEvent("click", self)):
            if toggles:
                self.checked = before
            return
        if toggles and self.checked != before:
            self.dispatchEvent(ModelEvent("input", self))
            self.dispatchEvent(ModelEvent("change", self))
        form = self._submitted_form()
        if form is not None:
            form.dispatchEvent(ModelEvent("submit", form))

    def _submitted_form(self) -> Any:
        """The form a click on this submits, as the browser's activation does: a
        ``<button>`` (of type ``submit``, its default) or an ``<input type=submit|image>``,
        in a form; ``None`` otherwise."""
        submits = (self.tag == "button" and self.attrs.get("type", "submit").lower() == "submit") or (
            self.tag == "input" and self.type.lower() in ("submit", "image")
        )
        node = self.parent if submits else None
        while node is not None and node.tag != "form":
            node = node.parent
        return node

    def dispatchEvent(self, event: ModelEvent) -> bool:  # noqa: N802
        """Delivers ``event`` through the model host's delegated handlers; returns
        ``False`` if a handler called ``preventDefault()``, as the DOM does."""
        from . import runtime

        current = runtime.current_runtime
        if current is not None and hasattr(current.host, "fire"):
            event.target = self
            current.host.fire(self, event.type, event)
        return not event.defaultPrevented
