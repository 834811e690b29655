"""Virtual nodes: what ``render()`` returns, and ``h()``, which builds them.

A :class:`VNode` describes one element, text, fragment or component. ``h()`` checks
and normalises its input once, at creation, so the reconciler can trust every
node it diffs: children are flattened to a list of VNodes, prop names are turned
into DOM names (``class_`` -> ``class``, ``data_x`` -> ``data-x``), keys are checked
for type and uniqueness among siblings, and bad input fails here with a message
that names the element and the prop.

The reconciler also stores mount state on the nodes it commits (``dom``,
``component``, ``rendered``, ``parent_dom``); a node already mounted elsewhere is
copied before it is mounted again.

Must not import ``js``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Hashable
from dataclasses import dataclass
from types import FunctionType, MethodType
from typing import Any

from . import mode
from .errors import DuplicateKeyError, RenderError
from .sanitize import UnsafeURL, parse_style
from .values import PLAIN_TYPES, plain_scalar, plain_text

TEXT = "#text"
"""The type of a text node."""

# Shared by every text and comment node, which have neither, and by elements without
# props or children: never mutated (the reconciler only writes into non-empty child
# lists), and two fewer objects per node.
NO_PROPS: dict = {}
NO_CHILDREN: tuple = ()

COMMENT = "#comment"
"""The type of the placeholder a component or fragment renders when it renders nothing.
It keeps every rendered range non-empty, so the reconciler always has a DOM node
to place the range's later content against."""


UNSAFE_HTML = "#html"
"""The type of raw markup from ``wasmui.unsafe.html``: one ``<wasmui-html>`` element
(``display: contents``) whose content the browser parses from the markup."""


class Fragment:
    """Groups children without a wrapping element: ``h(Fragment, None, a, b)``."""


_TAG_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$")
_ATTR_NAME = re.compile(r"^[^\s\"'<>/=\x00-\x1f\x7f]+$")
# Tags whose content the browser would run or parse as markup (#8): never from h().
_REFUSED_TAGS = frozenset({"script"})
# Python spellings of DOM names; "class"/"for" are keywords, the rest are React's.
_PROP_ALIASES = {
    "class_": "class",
    "className": "class",
    "for_": "for",
    "htmlFor": "for",
    "http_equiv": "http-equiv",
    "accept_charset": "accept-charset",
    # what the page decides at once for the element's handled events, in either mode (#26):
    # True for all of them, or their types ("submit", "click keydown")
    "prevent_default": "data-wasmui-prevent",
}
# Props the reconciler interprets itself; everything else goes to the element.
RESERVED_PROPS = frozenset({"key", "ref", "children"})


@dataclass(slots=True, eq=False)
class VNode:
    """One node of the virtual tree.

    Attributes:
        type: a tag name, :data:`TEXT`, :data:`COMMENT`, :class:`Fragment` or a
            Component subclass.
        props: DOM props for elements (DOM names); for a component, the props it receives
            (as the caller passed them, with ``key`` if any: the component gets a copy
            without it).
        children: child nodes (elements, fragments); a component's are in
            ``props["children"]``.
        key: identity among siblings for the keyed reconciler, or ``None``.
        text: the text of a text node.
    """

    type: Any
    props: dict
    children: list[VNode]
    key: Hashable | None = None
    text: str = ""
    # Mount state, written by the reconciler only. There is no parent link: it would
    # make every mounted tree a reference cycle, and every removed tree garbage that
    # only the cyclic GC frees; what the reconciler needs from above it carries down.
    dom: int = 0
    component: Any = None
    rendered: list[VNode] = ()  # type: ignore[assignment] - a component's output once rendered
    # a component's or fragment's range: the id of the DOM element that holds it
    parent_dom: int = 0
    # an element: in the SVG namespace; a component or fragment: its children are
    svg: bool = False
    # an element: has had a handler or a ref, which its unmount must release
    releases: bool = False

    @property
    def mounted(self) -> bool:
        """True once the reconciler has committed this node."""
        return self.dom != 0 or self.component is not None or self.parent_dom != 0

    def fresh_copy(self) -> VNode:
        """A copy without mount state, for a node object rendered in a second place.

        The child list is copied too: mounting the copy replaces its already-mounted
        children with copies of their own, which must not show through the original.
        """
        children = self.children
        return VNode(self.type, self.props, list(children) if children else children, self.key, self.text)

    def __repr__(self) -> str:
        if self.type is TEXT:
            return f"VNode(text={self.text!r})"
        key = f", key={self.key!r}" if self.key is not None else ""
        return f"VNode({describe_type(self.type)}{key}, {len(self.children)} children)"


# --- reading the mounted tree -------------------------------------------------------


def dom_ids(node: VNode) -> list[int]:
    """The ids of the top-level DOM nodes a vnode occupies, in document order."""
    if node.dom:
        return [node.dom]
    children = node.rendered if node.component is not None else node.children
    if len(children) == 1 and children[0].dom:  # a component rendering one element (a row)
        return [children[0].dom]
    out: list[int] = []
    for child in children:
        out += dom_ids(child)
    return out


def first_dom(node: VNode) -> int:
    """The id of a vnode's first DOM node (every mounted range has one)."""
    while not node.dom:
        node = (node.rendered if node.component is not None else node.children)[0]
    return node.dom


def last_dom(node: VNode) -> int:
    """The id of a vnode's last DOM node."""
    while not node.dom:
        node = (node.rendered if node.component is not None else node.children)[-1]
    return node.dom


def dom_parent(node: VNode) -> int:
    """The id of the DOM element that holds ``node``'s children (itself, if an element)."""
    return node.dom or node.parent_dom


def describe_type(node_type: Any) -> str:
    """``<div>`` for a tag, the class name for a component, for messages."""
    if isinstance(node_type, str):
        return f"<{node_type}>"
    return getattr(node_type, "__name__", repr(node_type))


def comment_node() -> VNode:
    """The placeholder of an empty range (see :data:`COMMENT`)."""
    return VNode(COMMENT, NO_PROPS, NO_CHILDREN)


_CLASS = type  # h()'s parameter hides the builtin


def h(type: Any, props: dict | None = None, *children: Any) -> VNode:  # noqa: A002 - the public name
    """Builds a virtual node.

    Args:
        type: a tag name (``"div"``), a Component subclass or :class:`Fragment`.
        props: attributes, DOM properties, ``key``, ``ref`` and ``on_<event>``
            handlers; ``None`` for none.
        *children: nodes, strings and numbers (text), ``None``/``True``/``False``
            (nothing) and nested lists (flattened).

    Returns:
        The node.

    Raises:
        RenderError: for a bad type, prop, child or key; the message names the
            element and the offending prop or child.

    Example:
        ```python
        h("ul", {"class_": "todo"}, [h("li", {"key": t.id}, t.title) for t in todos])
        ```
    """
    if props is None:
        props = {}
    elif props.__class__ is not dict and not isinstance(props, dict):
        raise RenderError(
            f"h({describe_type(type)}): props must be a dict or None, got {type_name(props)}; "
            "pass children after the props"
        )
    # A class first: in Pyodide, ``cls.__class__`` and ``getattr(cls, name, default)`` each
    # cost a component's node (a row, 1,000 per render of its list) about 100 ns more than
    # ``isinstance(cls, type)`` and a plain attribute read, which the interpreter caches.
    if isinstance(type, _CLASS):
        if type is Fragment:
            return _composite(type, props, children)
        try:
            is_component = type._wasmui_component  # inlined _is_component_class()
        except AttributeError:
            is_component = False
        if is_component:
            if not children:  # inlined _composite() of a component's node without children (a row)
                key = props.get("key")
                if key is None or key.__class__ is int or key.__class__ is str:
                    return VNode(type, props, NO_CHILDREN, key)
            return _composite(type, props, children)
    elif type.__class__ is str:
        return element_node(type, props, children)
    raise RenderError(
        f"h(): type must be a tag name, a Component subclass or Fragment, got {type_name(type)} {type!r}"
    )


# Names already validated: h() runs for every node of every render, and a page uses
# few distinct tags and prop names, so each is checked once (the checks still
# run for every new name; values are checked on every call).
_valid_tags: set[str] = set()
_dom_names: dict[str, str] = {}
# prop name -> DOM name, for the names whose plain values go to the DOM unchanged
# (not key, ref, style or a handler): one lookup per prop on the common path
_plain_names: dict[str, str] = {}
_PLAIN_VALUES = PLAIN_TYPES
# the handler names met (``on_click``), whose functions and bound methods go to the node
# as they are (anything else callable, or None, takes the checked path)
_event_names: set[str] = set()
_HANDLER_TYPES = frozenset({FunctionType, MethodType})


def element_node(tag: str, props: dict, children: tuple) -> VNode:
    """``h(tag, props, *children)`` for a tag name (what ``html.<tag>`` calls).

    An element without props or children shares the empty ones, as text nodes do.
    """
    if tag not in _valid_tags:
        _check_tag(tag)
        _valid_tags.add(tag)
    key = None
    if props:
        dom_props: dict = {}
        for name, value in props.items():
            dom_name = _plain_names.get(name)
            if dom_name is not None and value.__class__ in _PLAIN_VALUES:
                dom_props[dom_name] = value
            elif value.__class__ in _HANDLER_TYPES and name in _event_names:  # a row's on_click=lambda
                dom_props[name] = value
            elif name == "key":
                key = check_key(f"<{tag}>", value)
            elif name == "children":
                # React's spelling: children as a prop, used when none are passed positionally
                if not children:
                    children = value if isinstance(value, (list, tuple)) and value.__class__ is not StoreNodes else (value,)
            else:
                if name.__class__ is not str:
                    raise RenderError(f"<{tag}>: prop names must be str, got {type_name(name)} {name!r:.60}")
                dom_name = _dom_names.get(name)
                if dom_name is None:
                    dom_name = _dom_names[name] = _dom_name(tag, name)
                    if name.startswith("on_"):
                        _event_names.add(name)
                    elif dom_name != "style" and name != "ref":
                        _plain_names[name] = dom_name
                dom_props[dom_name] = _normalize_value(tag, name, dom_name, value)
    else:
        dom_props = NO_PROPS
    if not children:
        node_children = NO_CHILDREN
    elif len(children) == 1 and children[0].__class__ is str:  # the common <td>text</td>
        node_children = [VNode(TEXT, NO_PROPS, NO_CHILDREN, None, children[0])] if children[0] else NO_CHILDREN
    elif len(children) == 1 and children[0].__class__ is int:  # a number cell (a row's id), as plain_text writes it
        node_children = [VNode(TEXT, NO_PROPS, NO_CHILDREN, None, int.__repr__(children[0]))]
    else:
        # the common case, unkeyed nodes, as they are; anything else is normalised
        for child in children:
            if child.__class__ is not VNode or child.key is not None:
                node_children = normalize_children(children, tag)
                break
        else:
            node_children = list(children)
    return VNode(tag, dom_props, node_children, key)


def _check_tag(tag: str) -> None:
    if not _TAG_NAME.match(tag):
        raise RenderError(f"h(): invalid tag name {tag!r}")
    if tag.lower() in _REFUSED_TAGS:
        raise RenderError(f"h(): <{tag}> elements are refused: wasmui never creates script content")


def _composite(node_type: Any, props: dict, children: tuple) -> VNode:
    key = props.get("key")
    if key is not None and key.__class__ is not int and key.__class__ is not str:  # named only when wrong
        key = check_key(describe_type(node_type), key)
    if node_type is Fragment:
        extra = sorted(str(name) for name in props if name != "key")
        if extra:
            raise RenderError(
                f"h(Fragment): a fragment takes only 'key', got {', '.join(map(repr, extra))}; "
                "wrap the children in an element to give them attributes"
            )
        return VNode(Fragment, {}, normalize_children(children, Fragment), key)
    if not children:
        # The caller's dict as it is, "key" included: a component's node is made on every
        # render of its parent and most are then skipped unchanged, so the copy without the
        # key is made only when the component receives the props (see reconcile.own_props).
        return VNode(node_type, props, NO_CHILDREN, key)
    comp_props = dict(props)
    comp_props.pop("key", None)
    comp_props["children"] = normalize_children(children, node_type)
    return VNode(node_type, comp_props, NO_CHILDREN, key)


def check_key(where: str, key: Any) -> Hashable | None:
    """A valid key as a plain str or int (a subclass could hash or compare by user code)."""
    if key is None or key.__class__ is str or key.__class__ is int:
        return key
    if isinstance(key, (str, int)) and not isinstance(key, bool):
        return plain_scalar(key)
    raise RenderError(f"{where}: prop 'key' must be a str or an int, got {type_name(key)} {key!r}")


def dom_prop_name(name: str) -> str:
    """The DOM name of a Python prop name: ``class_`` -> ``class``, ``data_x_y`` -> ``data-x-y``."""
    alias = _PROP_ALIASES.get(name)
    if alias is not None:
        return alias
    if name.startswith(("data_", "aria_")):
        return name.replace("_", "-")
    if name.endswith("_") and len(name) > 1:
        return name[:-1]
    return name


def _dom_name(tag: str, name: str) -> str:
    """The DOM name for prop ``name``, or a RenderError for a name wasmui refuses."""
    if name.startswith("on_") or name == "ref":
        return name
    if name.lower().startswith("on"):
        raise RenderError(
            f"<{tag}>: prop {name!r} looks like an inline event handler; "
            f"use on_{name[2:].lower()}=callable instead (strings are never run as code)"
        )
    dom_name = dom_prop_name(name)
    if not _ATTR_NAME.match(dom_name):
        raise RenderError(f"<{tag}>: invalid attribute name {name!r}")
    return dom_name


_SCALARS = (str, int, float, bool, type(None), UnsafeURL)


def _normalize_value(tag: str, name: str, dom_name: str, value: Any) -> Any:
    """Checks a prop's value type; turns style strings into dicts and class lists into strings."""
    if name.startswith("on_"):
        if not callable(value) and value is not None:
            raise RenderError(
                f"<{tag}>: event prop {name!r} must be a callable, got {type_name(value)}; "
                "strings are never run as code"
            )
        return value
    if name == "ref":
        if value is not None and not callable(value):
            raise RenderError(f"<{tag}>: prop 'ref' must be a callable, got {type_name(value)}")
        return value
    if isinstance(value, _SCALARS):
        if dom_name == "style" and isinstance(value, str):
            return parse_style(plain_text(value))
        if dom_name == "style" and value is not None and not isinstance(value, str):
            raise RenderError(f"<{tag}>: prop 'style' must be a dict or a str, got {type_name(value)}")
        return plain_scalar(value)
    if dom_name == "style" and isinstance(value, dict):
        # plain strings now, so the diff compares and writes them without user code
        return {plain_text(k): None if v is None else plain_text(v) for k, v in value.items()}
    if dom_name == "class" and isinstance(value, (list, tuple, dict)):
        names = value.items() if isinstance(value, dict) else ((item, True) for item in value)
        return " ".join(str(n) for n, on in names if n and on)
    if dom_name == "srcdoc" and isinstance(value, VNode) and value.type is UNSAFE_HTML:
        return value
    raise RenderError(
        f"<{tag}>: prop {name!r} must be a str, number, bool or None, got {type_name(value)} {value!r:.60}"
    )


def normalize_children(items: Any, where: Any) -> list[VNode]:
    """Flattens children to a list of VNodes and checks keys are unique.

    Args:
        items: what ``h()`` or ``render()`` received or returned.
        where: the tag, component class or description, for messages.

    Raises:
        RenderError: for a child that cannot be rendered.
        DuplicateKeyError: for two siblings with the same key.
    """
    # the common list of nodes (a keyed list from a comprehension), checked with C loops;
    # a NodeList (from MappedList) holds nodes only, checked as they were made
    first = items[0] if len(items) == 1 else None
    if first.__class__ is StoreNodes:
        if where.__class__ is not str:
            raise RenderError(_STORE_PLACE.format(where=_where(where)))
        return first  # the store's own list: it changes the element's children in place
    if first.__class__ is NodeList or (first.__class__ is list and set(map(type, first)) <= _ONLY_VNODES):
        out = list(first)
    else:
        out = []
        _flatten(items, out, where)
    # Keys are checked in development; production trusts them, as React and Preact do (a
    # pass over every list at every render; duplicate keys then leave which element is
    # kept undefined, never an inconsistent DOM). One C pass when every key differs (a
    # keyed list) or none is set (static children).
    if not mode.checks:
        return out
    distinct = set(map(_key_of, out))
    if len(distinct) == len(out) or distinct == _NO_KEYS:
        return out
    keys = list(map(_key_of, out))
    unkeyed = keys.count(None)
    if unkeyed < len(keys) and len(distinct) < len(keys) - unkeyed + (unkeyed > 0):
        seen: set = set()
        for key in keys:
            if key is not None:
                if key in seen:
                    raise DuplicateKeyError(f"{_where(where)}: duplicate key {key!r} among siblings")
                seen.add(key)
    return out


_ONLY_VNODES = frozenset({VNode})


class NodeList(list):
    """A list of nodes known to hold nothing else (what :class:`~wasmui.MappedList` returns,
    having checked each node as it was made): rendering it skips the per-child type check.
    Put other children beside it (``[*rows, footer]`` is a plain list), not into it."""


class StoreNodes(NodeList):
    """The nodes of a :class:`~wasmui.ListStore`: the one list object that is its element's
    children, which the store's operations change in place (see ``wasmui/store.py``)."""

    __slots__ = ("store",)


_STORE_PLACE = (
    "{where}: a ListStore's nodes() must be an element's only children, e.g. html.tbody(rows.nodes()): "
    "its operations change that element's children directly"
)

_NO_KEYS = {None}
_key_of = operator.attrgetter("key")


def _where(where: Any) -> str:
    """A tag name as ``<tag>``, a class by its name, any other description as it is."""
    if isinstance(where, str):
        return f"<{where}>" if _TAG_NAME.match(where) else where
    return describe_type(where)


def _flatten(items: Any, out: list[VNode], where: Any) -> None:
    for item in items:
        cls = item.__class__
        if cls is VNode:
            out.append(item)
        elif cls is str:
            if item:  # as React: "" makes no text node (HTML has none to pre-render or hydrate)
                out.append(VNode(TEXT, NO_PROPS, NO_CHILDREN, None, item))
        elif cls is list:
            _flatten(item, out, where)
        elif cls is StoreNodes:
            raise RenderError(_STORE_PLACE.format(where=_where(where)))
        elif isinstance(item, VNode):
            out.append(item)
        elif isinstance(item, str):
            text = plain_text(item)
            if text.__class__ is not str or text:  # a kept subclass (a template's hole) always renders
                out.append(VNode(TEXT, NO_PROPS, NO_CHILDREN, None, text))
        elif item is None or isinstance(item, bool):
            continue
        elif isinstance(item, (int, float)):
            out.append(VNode(TEXT, NO_PROPS, NO_CHILDREN, None, plain_text(item)))
        elif isinstance(item, (list, tuple)) or _is_generator(item):
            _flatten(item, out, where)
        else:
            hint = " (did you mean h(cls)?)" if _is_component_class(item) else ""
            if hasattr(item, "__await__"):
                hint = " (a missing `await`?)"
            raise RenderError(f"{_where(where)}: cannot render a child of type {type_name(item)}: {item!r}{hint}")


def _is_generator(item: Any) -> bool:
    return hasattr(item, "__next__") and hasattr(item, "__iter__")


def _is_component_class(value: Any) -> bool:
    """A class attribute read, no registry: a set of the classes met kept every class ever
    rendered alive, and with it its module's globals (a test's or a reloaded module's)."""
    return isinstance(value, type) and getattr(value, "_wasmui_component", False)


def type_name(value: Any) -> str:
    """The type name used in messages."""
    return type(value).__name__

