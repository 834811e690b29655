"""Templates: markup whose structure is fixed, compiled once; only its holes change.

``@template`` turns a function of some parameters into a builder of *template
instances*. The function is called once, with a placeholder for each parameter,
and what it returns is compiled: the static elements, attributes and text are
built in the DOM once per page, and each instance is a deep clone of that
prototype plus the values of its holes (text, attributes, handlers). Diffing an
instance compares its hole values only; there is no element vnode per node.

It is the Python counterpart of lit-html's tagged templates and of the blocks of
Solid, Inferno or Million.js: for markup repeated many times (table rows, list
items, cards) it costs a fraction of the plain element tree. Everything ``h()``
checks still applies, to the static part at compile time and to hole values
when they are written (URL and markup attributes included).

Rules, checked at compile time with a message naming the template and the
parameter: the function returns one element; it contains elements and text only
(no components, fragments, keys, refs or raw markup); a parameter is used as a
child text, an attribute value or a handler, as it is, never inside an
expression, in a condition or as a ``style``.

Example:
    ```python
    @template
    def todo_item(title, done_class, on_toggle):
        return html.li(html.input(type="checkbox", on_change=on_toggle), html.span(title), class_=done_class)

    html.ul([todo_item(t.title, "done" if t.done else None, t.toggle, key=t.id) for t in todos])
    ```

Must not import ``js``.
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from types import FunctionType, MethodType
from typing import Any

from .errors import RenderError
from .sanitize import UnsafeURL
from .values import KEPT_SUBCLASSES, PLAIN_TYPES, plain_scalar
from .vnode import COMMENT, NO_CHILDREN, TEXT, UNSAFE_HTML, VNode, check_key, describe_type

_MARK = "\ue000wasmui-hole-"
_template_ids = itertools.count(1)
_PLAIN_VALUES = PLAIN_TYPES
# besides plain values: subclasses, wasmui.unsafe.url(...), and wasmui.unsafe.html(...) for
# markup attributes (the attribute write checks which is allowed where)
_ALSO_ACCEPTED = (str, int, float, UnsafeURL, VNode)


class _Hole(str):
    """The placeholder passed for a parameter while compiling.

    A ``str`` so that ``h()`` accepts it as a text child or an attribute value, and
    callable so that it accepts it as a handler; any other use fails or leaves
    its mark in a static string, which the compiler then refuses.
    """

    index: int
    name: str
    template: str

    def __new__(cls, index: int, name: str, template: str) -> _Hole:
        # the colon makes a style string keep the mark (parse_style drops text without one)
        hole = super().__new__(cls, f"{_MARK}{index}\ue000:{_MARK}{index}\ue000")
        hole.index, hole.name, hole.template = index, name, template
        return hole

    def __bool__(self) -> bool:
        raise RenderError(
            f"template {self.template}: parameter {self.name!r} is tested while compiling; a template's "
            "structure is fixed, so compute the value before the call (e.g. pass 'danger' or None)"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RenderError(f"template {self.template}: parameter {self.name!r} was called while compiling")


KEPT_SUBCLASSES.add(_Hole)  # h() must pass placeholders through unchanged


@dataclass(frozen=True, slots=True)
class Hole:
    """Where one parameter's value goes in every instance.

    Attributes:
        param: the parameter's position.
        node: the index of the node it writes to, among the template's hole nodes.
        kind: ``"text"``, ``"attr"`` or ``"event"``.
        name: the DOM attribute name, or the event type.
        tag: the element's tag (for attribute checks and messages).
    """

    param: int
    node: int
    kind: str
    name: str
    tag: str


class Template:
    """A compiled template; calling it builds an instance (a :class:`VNode`).

    Attributes:
        name: the function's name, for messages.
        params: the parameter names.
        static: the prototype's element tree, holes left empty (text holes as
            empty text nodes, attribute and handler holes left out).
        hole_nodes: the prototype's nodes that holes write to, root first, each
            as the path of child indexes from the root.
        holes: what each parameter fills, in parameter order.
        fill_holes: the text and handler holes, which ``CLONE_TEMPLATE`` fills in the
            applier; attr_holes: the others, written as ops; event_holes: the handlers.
        has_events: whether instances carry handlers (their unmount releases them).
    """

    def __init__(self, fn: Callable[..., VNode]) -> None:
        self.name = getattr(fn, "__qualname__", repr(fn))
        self.params = [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        self.id = next(_template_ids)
        placeholders = [_Hole(i, name, self.name) for i, name in enumerate(self.params)]
        try:
            tree = fn(*placeholders)
        except RenderError as exc:
            if str(exc).startswith(f"template {self.name}"):
                raise
            raise RenderError(f"template {self.name}: {exc}") from None
        if not isinstance(tree, VNode) or tree.type.__class__ is not str or tree.type in (TEXT, COMMENT, UNSAFE_HTML):
            raise RenderError(f"template {self.name} must return one element, got {tree!r}")
        self.hole_nodes: list[tuple[int, ...]] = [()]
        self.holes: list[Hole] = []
        self.static = self._compile(tree, ())
        self.holes.sort(key=lambda hole: hole.param)
        self.has_events = any(hole.kind == "event" for hole in self.holes)
        # what a clone fills itself (texts, handler marks), and what goes as SET_ATTR ops
        self.fill_holes = [hole for hole in self.holes if hole.kind != "attr"]
        self.attr_holes = [hole for hole in self.holes if hole.kind == "attr"]
        self.event_holes = [hole for hole in self.holes if hole.kind == "event"]
        self._handler_params = sorted({hole.param for hole in self.holes if hole.kind == "event"})
        self._value_params = sorted({hole.param for hole in self.holes if hole.kind != "event"})
        # the types of values that passed the checks unconverted (plain values, callables)
        self._passed_types: set[tuple[type, ...]] = set()
        functools.update_wrapper(self, fn)  # type: ignore[arg-type]

    def __call__(self, *values: Any, key: Hashable | None = None) -> VNode:
        """An instance with these parameter values, keyed like any node.

        Raises:
            RenderError: for a wrong number of values, or a value its holes cannot
                take; the message names the template and the parameter.
        """
        if len(values) != len(self.params):
            raise RenderError(
                f"template {self.name} takes {len(self.params)} values ({', '.join(self.params)}), got {len(values)}"
            )
        if tuple(map(type, values)) not in self._passed_types:  # a row's values: the same types each time
            values = self._checked(values)
        if key is not None:
            key = check_key(f"template {self.name}", key)
        return VNode(self, values, NO_CHILDREN, key)

    def _checked(self, values: tuple) -> tuple:
        """The values, checked (and converted where a subclass is accepted); plain ones
        remember their types, so that the next instance with the same types skips this."""
        plain = True
        for index in self._value_params:
            value = values[index]
            if value.__class__ not in _PLAIN_VALUES:
                if not isinstance(value, _ALSO_ACCEPTED):
                    raise RenderError(
                        f"template {self.name}: parameter {self.params[index]!r} must be a str, number, bool or "
                        f"None, got {type(value).__name__} {value!r:.60}"
                    )
                values = (*values[:index], plain_scalar(value), *values[index + 1 :])
                plain = False
        for index in self._handler_params:
            value = values[index]
            if value is not None and not callable(value):
                raise RenderError(
                    f"template {self.name}: parameter {self.params[index]!r} is a handler and must be callable, "
                    f"got {type(value).__name__}; strings are never run as code"
                )
        if plain:
            self._passed_types.add(tuple(map(type, values)))
        return values

    def __repr__(self) -> str:
        return f"<template {self.name}({', '.join(self.params)})>"

    # --- compiling ---------------------------------------------------------------

    def _compile(self, node: VNode, path: tuple[int, ...]) -> VNode:
        """A copy of ``node``'s tree without its holes, recording them as it goes."""
        kind = node.type
        if kind.__class__ is not str or kind in (COMMENT, UNSAFE_HTML):
            raise RenderError(
                f"template {self.name}: {describe_type(kind)} inside a template; templates hold elements and text only"
            )
        if node.key is not None:
            raise RenderError(f"template {self.name}: keys inside a template mean nothing (key={node.key!r})")
        if kind is TEXT:
            if isinstance(node.text, _Hole):
                self._add(node.text, path, "text", "", "#text")
                return VNode(TEXT, {}, NO_CHILDREN, None, "")
            self._refuse_mark(node.text, "a text")
            return node
        props = {}
        for name, value in node.props.items():
            if name == "style" and any(_MARK in str(part) for item in (value or {}).items() for part in item):
                raise RenderError(f"template {self.name}: <{kind}> prop 'style' cannot be a parameter (use a class)")
            if isinstance(value, _Hole):
                if name in ("style", "ref"):
                    raise RenderError(f"template {self.name}: <{kind}> prop {name!r} cannot be a parameter")
                self._add(value, path, "event" if name.startswith("on_") else "attr", name, kind)
            elif name.startswith("on_") or name == "ref":
                raise RenderError(
                    f"template {self.name}: <{kind}> prop {name!r} must be a parameter (a fixed handler or ref "
                    "would be shared by every instance)"
                )
            else:
                self._refuse_mark(value, f"<{kind}> prop {name!r}")
                props[name] = value
        children = [self._compile(child, (*path, index)) for index, child in enumerate(node.children)]
        return VNode(kind, props, children or NO_CHILDREN)

    def _add(self, hole: _Hole, path: tuple[int, ...], kind: str, name: str, tag: str) -> None:
        if hole.template != self.name:
            raise RenderError(f"template {self.name}: a placeholder of another template was used")
        if path not in self.hole_nodes:
            self.hole_nodes.append(path)
        event_or_name = name[3:] if kind == "event" else name
        self.holes.append(Hole(hole.index, self.hole_nodes.index(path), kind, event_or_name, tag))

    def _refuse_mark(self, value: Any, where: str) -> None:
        if isinstance(value, str) and _MARK in value:
            index = int(value.split(_MARK, 1)[1].split("\ue000", 1)[0])
            raise RenderError(
                f"template {self.name}: parameter {self.params[index]!r} is used inside an expression in {where}; "
                "a parameter must be the whole text or attribute value (compute the string before the call)"
            )


def template(fn: Callable[..., VNode]) -> Callable[..., VNode]:
    """Compiles ``fn`` into a :class:`Template` and returns its builder (see the module
    docstring): ``builder(*values, key=None)`` makes an instance; ``builder.template`` is
    the compiled template."""
    return _builder(Template(fn))


# what a builder passes at once: plain values for value parameters, plain functions,
# bound methods and None for handler parameters (anything else takes the checked path)
_HANDLER_TYPES = frozenset({FunctionType, MethodType, type(None)})


def _builder(compiled: Template) -> Callable[..., VNode]:
    """A function made for this template, as ``dataclasses`` makes ``__init__``: it
    compares each value's class with what its parameter accepts, inline, and builds the
    instance; any other call (another count, another type, a key of another type) goes through
    :meth:`Template.__call__`, which checks, converts or raises. A row built 1,000 times
    skips the call of a callable object and the tuple of types (update of 100 rows,
    hot: -11%). The generated source holds positions only, never a user's name."""
    checks = [f"len(values) == {len(compiled.params)}", "(key is None or key.__class__ is int or key.__class__ is str)"]
    for index in range(len(compiled.params)):
        is_value, is_handler = index in compiled._value_params, index in compiled._handler_params
        if is_value and is_handler:  # a text and a handler at once: always refused, by the checks
            checks.append("False")
        elif is_value:
            checks.append(f"values[{index}].__class__ in _PLAIN_VALUES")
        elif is_handler:
            checks.append(f"values[{index}].__class__ in _HANDLER_TYPES")
    source = (
        "def build(*values, key=None):\n"
        f"    if {' and '.join(checks)}:\n"
        "        return VNode(compiled, values, NO_CHILDREN, key)\n"
        "    return compiled(*values, key=key)\n"
    )
    namespace = {
        "compiled": compiled, "VNode": VNode, "NO_CHILDREN": NO_CHILDREN,
        "_PLAIN_VALUES": _PLAIN_VALUES, "_HANDLER_TYPES": _HANDLER_TYPES,
    }  # fmt: skip
    exec(source, namespace)  # noqa: S102 - source made above from integers only
    build = functools.update_wrapper(namespace["build"], compiled.__wrapped__)
    build.template = compiled  # type: ignore[attr-defined]
    return build
