"""User values, handled so that none of them can break a commit (#12).

A user's value may define ``__eq__``, ``__str__``, ``__hash__`` or ``__bool__`` in
ways that raise or return something that is not a bool (a numpy array, a
DataFrame). Such code runs only where an error is contained: in ``h()`` and
``render()``, whose errors are reported against the component. The diff itself
sees either plain builtins (``h()`` turns subclasses of str, int and float into
them with :func:`plain_scalar` and :func:`plain_text`) or compares through
:func:`same_value`, which cannot raise.

Must not import anything from wasmui.
"""

from __future__ import annotations

from typing import Any

PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
"""Types whose comparisons and conversions run no user code."""

KEPT_SUBCLASSES: set[type] = set()
"""wasmui's own subclasses of str, kept as they are (a template's placeholders)."""


def same_value(old: Any, new: Any) -> bool:
    """Whether a prop kept its value: the same object, or equal and of the same type.

    An ``==`` that raises or answers anything but a bool (an array-like compares
    element-wise) counts as "changed": re-rendering is always correct, skipping
    is only an optimisation.
    """
    if old is new:
        return True
    if old.__class__ is not new.__class__:
        return False
    try:
        result = old == new
    except Exception:
        return False
    return result is True


def plain_scalar(value: Any) -> Any:
    """``value`` as its plain builtin type if it is a subclass of str, int or float
    (``str.__str__`` and the like run no user override); anything else unchanged."""
    cls = value.__class__
    if cls in PLAIN_TYPES or cls in KEPT_SUBCLASSES:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):  # unreachable (bool cannot be subclassed), kept exact
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    return value


def plain_text(value: Any) -> str:
    """``value`` as text in a plain ``str``: a subclass of str, int or float by its base
    type's own conversion (no user override runs, as in :func:`plain_scalar`); anything
    else by ``str()`` (whose ``__str__`` may return a subclass)."""
    cls = value.__class__
    if cls is str or cls in KEPT_SUBCLASSES:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if cls is not bool and isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    text = str(value)
    return text if text.__class__ is str else str.__str__(text)
