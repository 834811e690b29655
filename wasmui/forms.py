"""Forms (#15): bind a control to state in one expression, with validation messages.

``bind`` and ``bind_checked`` give the props that make a control show a value and
report its changes; spread them into the element::

    html.input(**bind(name, set_name))                         # text, textarea
    html.select(options, **bind(color, set_color, on="change"))
    html.input(type="checkbox", **bind_checked(agree, set_agree))

The value is written as a DOM property and only when it differs from what the control
holds, so re-rendering on every keystroke keeps focus and the caret where the user is.

``use_field`` adds validation in a function component: the field's error shows once the
user has left it (or after ``touch()``, e.g. on submit), with the ARIA attributes that
tie the message to the control::

    email = use_field("", validate=lambda v: None if "@" in v else "Enter an email address")
    html.input(type="email", **email.bind()), email.message()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .hooks import use_ref, use_state
from .html import p


def bind(value: Any, set_value: Callable[[str], Any], *, on: str = "input") -> dict:
    """Props for a text input, textarea or select (``on="change"``): its value is ``value``,
    and each change calls ``set_value`` with the control's new text."""
    return {"value": value, f"on_{on}": lambda event: set_value(str(event.target.value))}


def bind_checked(checked: bool, set_checked: Callable[[bool], Any]) -> dict:
    """Props for a checkbox or radio button: checked or not, and each change reported."""
    return {"checked": bool(checked), "on_change": lambda event: set_checked(bool(event.target.checked))}


class Field:
    """A form field's value, its error and whether to show it (see :func:`use_field`)."""

    def __init__(self, name: str, value: str, set_value: Callable, touched: bool, set_touched: Callable,
                 validate: Callable[[str], str | None] | None) -> None:  # fmt: skip
        self.name, self.value, self.set = name, value, set_value
        self.touched, self._set_touched = touched, set_touched
        self.error = validate(value) if validate is not None else None

    @property
    def shown_error(self) -> str | None:
        """The error once the user has left the field (or it was touched on submit)."""
        return self.error if self.touched else None

    def touch(self) -> None:
        self._set_touched(True)

    def bind(self, *, on: str = "input") -> dict:
        """Props for the control: value, change, leaving it shows the error, ARIA for the message."""
        props = {**bind(self.value, self.set, on=on), "on_blur": lambda: self._set_touched(True),
                 "aria_invalid": "true" if self.shown_error else None, "id": self.name}  # fmt: skip
        if self.shown_error:
            props["aria_describedby"] = f"{self.name}-error"
        return props

    def message(self) -> Any:
        """The error as ``<p role="alert">`` while it is shown, else nothing."""
        return p(self.shown_error, id=f"{self.name}-error", role="alert", class_="field-error") if self.shown_error else None


_names = iter(range(1, 1 << 62))


def use_field(initial: str = "", *, validate: Callable[[str], str | None] | None = None, name: str | None = None) -> Field:
    """A field in a function component: its value, its setter and its validation.

    Args:
        initial: the first value.
        validate: ``validate(value)`` returns the error message, or ``None`` when valid.
        name: the control's id (default: one made up, stable across renders).
    """
    value, set_value = use_state(initial)
    touched, set_touched = use_state(False)
    ident = use_ref(name or f"field{next(_names)}")
    return Field(ident.current, value, set_value, touched, set_touched, validate)


def all_valid(*fields: Field) -> bool:
    """Touches every field (their errors show) and says whether all are valid: for submit."""
    for field in fields:
        field.touch()
    return all(field.error is None for field in fields)
