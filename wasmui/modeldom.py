"""A model DOM in pure Python that applies the same ops as ``js/applier.js``.

``ModelHost`` implements the :class:`~wasmui._types.Host` protocol, so the whole
framework (reconciler, scheduler, events, lifecycle) runs and is tested under
plain CPython. Browser tests then prove the real DOM behaves the same; the fuzz
tests compare the two.

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import errors
from .dom_facade import DomFacade
from .events import NON_BUBBLING
from .ops import ARITY, Op
from .scope import RemoteEventTarget, _prevents


class ModelNode(DomFacade):
    """An element, text or comment node of the model DOM (with the browser DOM's names
    for what tests read and do: see :mod:`wasmui.dom_facade`)."""

    def __init__(self, kind: str, tag: str = "", text: str = "") -> None:
        self.kind = kind  # "element" | "text" | "comment"
        self.tag = tag
        self.text = text
        self.attrs: dict[str, str] = {}
        self.props: dict[str, Any] = {}
        self.style: dict[str, str] = {}
        self.events: set[str] = set()
        self.children: list[ModelNode] = []
        self.parent: ModelNode | None = None
        self.node_id = 0
        self.raw_html = ""  # set by SET_HTML (unsafe.html)
        self.portal_place = 0  # a portal's container: the id of the portal's comment (PORTAL)

    def insert_before(self, child: ModelNode, ref: ModelNode | None) -> None:
        if child.parent is not None:
            child.parent.children.remove(child)
        index = len(self.children) if ref is None else self.children.index(ref)
        self.children.insert(index, child)
        child.parent = self

    def remove(self) -> None:
        if self.parent is not None:
            self.parent.children.remove(self)
            self.parent = None

    def clone(self) -> ModelNode:
        """A deep copy without ids or handlers, as ``cloneNode(true)`` makes."""
        copy = ModelNode(self.kind, self.tag, self.text)
        copy.attrs, copy.props, copy.style = dict(self.attrs), dict(self.props), dict(self.style)
        copy.raw_html = self.raw_html
        for child in self.children:
            copy.insert_before(child.clone(), None)
        return copy

    def walk(self):
        """This node and its descendants, in document order (no recursion: trees may be
        deeper than Python's recursion limit)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def text_content(self) -> str:
        return "".join(node.text for node in self.walk() if node.kind == "text")

    def to_html(self) -> str:
        """Serialises attributes, properties (as ``.name``) and style, for comparisons."""
        out: list[str] = []
        # ("open", node) writes a node and schedules its children and end tag; ("text", s) writes s
        stack: list[tuple[str, Any]] = [("open", self)]
        while stack:
            action, item = stack.pop()
            if action == "text":
                out.append(item)
            elif item.kind == "text":
                out.append(item.text)
            elif item.kind == "comment":
                out.append("<!---->")
            else:
                out.append(f"<{item._start_tag()}>{item.raw_html}")
                stack.append(("text", f"</{item.tag}>"))
                stack.extend(("open", child) for child in reversed(item.children))
        return "".join(out)

    def _start_tag(self) -> str:
        parts = [self.tag]
        parts += [f'{name}="{value}"' for name, value in sorted(self.attrs.items())]
        parts += [f".{name}={value!r}" for name, value in sorted(self.props.items())]
        if self.style:
            parts.append("style{" + ";".join(f"{k}:{v}" for k, v in sorted(self.style.items())) + "}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<ModelNode {self.to_html()[:60]}>"


def element(tag: str) -> ModelNode:
    return ModelNode("element", tag)


class ModelPageTarget(RemoteEventTarget):
    """The page's ``window`` or ``document`` on the model DOM: what :data:`wasmui.dom.window`
    and :data:`wasmui.dom.document` resolve to under CPython, so a component that listens
    on them is tested as it runs in a browser. It keeps the listeners (no proxy, as in a
    worker); an event reaches them from ``testing.fire(dom.window, "keydown", key="/")``,
    or bubbling out of the model tree (document first, then window), the declared
    ``prevent_default`` applied before the handler."""

    def __init__(self, name: str) -> None:
        self._page_name = name
        self._listeners: dict[int, tuple[str, Callable[[Any], Any], dict[str, Any]]] = {}
        self._next = 0
        if name == "document":
            self.title = ""  # what dom.read / dom.write reach as document.title

    def add(self, event_type: str, callback: Callable[[Any], Any], options: dict[str, Any]) -> int:
        self._next += 1
        self._listeners[self._next] = (event_type, callback, options)
        return self._next

    def remove(self, handle: int) -> None:
        self._listeners.pop(handle, None)

    @property
    def listener_count(self) -> int:
        """How many listeners it holds (a leak check: none once their scopes closed)."""
        return len(self._listeners)

    def dispatchEvent(self, event: Any) -> bool:  # noqa: N802 - the DOM's name
        for handle, (event_type, callback, options) in list(self._listeners.items()):
            if event_type != event.type or handle not in self._listeners:
                continue
            if options.get("once"):
                self.remove(handle)
            if _prevents(options.get("prevent_default"), event):
                event.preventDefault()
            callback(event)
        return not event.defaultPrevented

    def __repr__(self) -> str:
        return f"<the model page's {self._page_name}>"


class ModelObserver:
    """What ``scope.observer(dom.ResizeObserver, ...)`` (or another ``dom`` observer) is on
    the model DOM: it takes the calls a browser's takes and never reports, since the
    model DOM has no layout and no observer machinery (test what observers see in a
    browser). Released with its scope like the others."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.observed: list[Any] = []

    def observe(self, target: Any, options: dict[str, Any] | None = None) -> None:
        self.observed.append(target)

    def unobserve(self, target: Any) -> None:
        self.observed = [held for held in self.observed if held is not target]

    def disconnect(self) -> None:
        self.observed = []

    release = disconnect


class ModelHost:
    """A :class:`~wasmui._types.Host` over :class:`ModelNode` trees.

    Attributes:
        document: the body that ``attach`` looks selectors up in (``#id`` only).
        location: the address and history routers use here (:mod:`wasmui.location`),
            at ``/`` until a test or the pre-render gives another.
        batches: every applied op list, for tests that count crossings.
        closes: how often the runtime released the host (its last root unmounted).
    """

    def __init__(self, url: str = "/") -> None:
        from .location import MemoryLocation

        self.document = element("body")
        self.location = MemoryLocation(url)
        self.batches: list[list] = []
        self.closes = 0
        self._nodes: dict[int, ModelNode] = {}
        self._roots: dict[int, tuple[ModelNode, Callable]] = {}
        self._frame: Callable[[], None] | None = None
        self._idle: Callable[[], None] | None = None
        self._anchors: dict[int, ModelNode | None] = {}
        self._templates: dict[int, tuple[ModelNode, list[list[int]]]] = {}
        self._targets: dict[int, ModelNode] = {}  # portal targets, by the id a portal holds them under
        self._portal_targets: dict[int, int] = {}  # a portal's container id -> its target's id
        self.page_targets = {"document": ModelPageTarget("document"), "window": ModelPageTarget("window")}

    # --- Host protocol -------------------------------------------------------------

    def attach(self, root_id: int, target: Any, dispatch: Callable, scope: Any) -> ModelNode:
        if isinstance(target, str):
            found = [n for n in self.document.walk() if target.startswith("#") and n.attrs.get("id") == target[1:]]
            if not found:
                raise errors.MountError(f"mount(): no element matches selector {target!r}")
            target = found[0]
        if any(container is target for container, _ in self._roots.values()):
            raise errors.MountError("mount(): this element already holds a wasmui root; unmount that root first")
        for child in list(target.children):
            child.remove()
        self._nodes[root_id] = target
        self._roots[root_id] = (target, dispatch)
        scope.track("delegation", "model container", lambda: self._release_root(root_id))
        return target

    def hold_target(self, node_id: int, target: Any) -> None:
        """A portal's target (``None``: the document's body, a selector, or a node), held as ``node_id``."""
        if target is None:
            target = self.document
        elif isinstance(target, str):
            found = self.document if self.document._matches(target) else self.document.querySelector(target)
            if found is None:
                raise ValueError(f"no element matches selector {target!r}")
            target = found
        elif not isinstance(target, ModelNode) or target.kind != "element":
            raise ValueError(f"must be None, a CSS selector or an element, got {type(target).__name__}")
        self._targets[node_id] = target

    def page_target(self, name: str) -> ModelPageTarget:
        """What ``dom.window``/``dom.document`` (``name``) are on the model DOM."""
        return self.page_targets[name]

    def page_observer(self, kind: str, callback: Callable[[Any], Any], options: dict[str, Any] | None) -> ModelObserver:
        """A ``dom`` observer on the model DOM: it never reports (see :class:`ModelObserver`)."""
        return ModelObserver(kind)

    prerendering = False
    handlers_run_late = False
    """Set by ``wasmui build``'s pre-render (:mod:`wasmui.cli.prerender`)."""

    def hydrating(self, root_id: int) -> bool:
        return False  # a model container is always built afresh

    def apply(self, ops: list, then_idle: Callable[[Callable[[], float]], None] | None = None) -> None:
        if then_idle is not None:
            self.when_idle(then_idle)
        self.batches.append(list(ops))
        i = 0
        while i < len(ops):
            op = ops[i]
            args = ops[i + 1 : i + 1 + ARITY[op]]
            self._apply_one(Op(op), args)
            i += 1 + ARITY[op]
        self._anchors.clear()

    def node(self, node_id: int) -> ModelNode | None:
        return self._nodes.get(node_id)

    def request_frame(self, callback: Callable[[], None]) -> None:
        self._frame = callback

    def when_idle(self, callback: Callable[[Callable[[], float]], None]) -> None:
        self._idle = lambda: callback(lambda: float("inf"))  # a test's idle period never ends

    def close(self) -> None:
        self.closes += 1
        self._frame = None
        self._idle = None

    # --- test helpers ----------------------------------------------------------------

    def run_frame(self) -> bool:
        """Runs the pending frame callback, as the browser would before a paint."""
        return self._run_pending("_frame")

    def run_idle(self) -> bool:
        """Runs the pending idle callback, as the browser would after a paint."""
        return self._run_pending("_idle")

    def _run_pending(self, slot: str) -> bool:
        callback = getattr(self, slot)
        setattr(self, slot, None)
        if callback is None:
            return False
        callback()
        return True

    def fire(self, target: ModelNode, event_type: str, event: Any = None) -> None:
        """Dispatches like the applier's delegated listener: target up to the container."""
        from .events import PREVENT_ATTRIBUTE, prevents

        for container, dispatch in list(self._roots.values()):
            path = []
            node: ModelNode | None = target
            while node is not None and node is not container:
                path.append(node)
                # from a portal's container on through the portal's place in the tree (#24)
                node = self._nodes.get(node.portal_place) if node.portal_place else node.parent
            if node is None:
                continue  # not inside this root
            candidates = path[:1] if event_type in NON_BUBBLING else path
            handling = [n for n in candidates if event_type in n.events]
            if event is not None and any(prevents(n.attrs.get(PREVENT_ATTRIBUTE), event_type) for n in handling):
                event.preventDefault()  # on the page, before any handler (#26)
            ids = [n.node_id for n in handling]
            if ids:
                dispatch(event_type, event, *ids)
            break
        if getattr(event, "bubbles", False) and event_type not in NON_BUBBLING and not event.cancelBubble:
            for page in self.page_targets.values():  # on out of the tree: the document, then the window
                page.dispatchEvent(event)

    @property
    def live_nodes(self) -> int:
        """Ids the host still maps (a leak check: containers only after unmount)."""
        return len(self._nodes)

    # --- ops -------------------------------------------------------------------------

    def _release_root(self, root_id: int) -> None:
        self._roots.pop(root_id, None)
        self._nodes.pop(root_id, None)

    def _forget(self, node: ModelNode) -> None:
        for descendant in node.walk():
            if descendant.node_id:
                self._nodes.pop(descendant.node_id, None)

    def _create(self, node_id: int, node: ModelNode, parent_id: int) -> None:
        node.node_id = node_id
        self._nodes[node_id] = node
        if parent_id:
            self._nodes[parent_id].insert_before(node, None)  # appended, as the applier does

    def _apply_one(self, op: Op, args: list) -> None:
        nodes = self._nodes
        if op is Op.CREATE_ELEMENT or op is Op.CREATE_SVG_ELEMENT:
            self._create(args[0], element(args[1]), args[2])
        elif op is Op.CREATE_TEXT:
            self._create(args[0], ModelNode("text", text=args[1]), args[2])
        elif op is Op.CREATE_COMMENT:
            self._create(args[0], ModelNode("comment"), args[1])
        elif op is Op.SET_ATTR:
            nodes[args[0]].attrs[args[1]] = args[2]
        elif op is Op.REMOVE_ATTR:
            nodes[args[0]].attrs.pop(args[1], None)
        elif op is Op.SET_PROP:
            nodes[args[0]].props[args[1]] = args[2]
        elif op is Op.SET_STYLE:
            style = nodes[args[0]].style
            if args[2] == "":
                style.pop(args[1], None)
            else:
                style[args[1]] = args[2]
        elif op is Op.SET_TEXT:
            nodes[args[0]].text = args[1]
        elif op is Op.INSERT_BEFORE:
            parent, child, ref = args
            reference = self._anchors[-ref] if ref < 0 else (nodes[ref] if ref else None)
            nodes[parent].insert_before(nodes[child], reference)
        elif op is Op.REMOVE:
            node = nodes[args[0]]
            node.remove()
            self._forget(node)
        elif op is Op.CLEAR:
            parent = nodes[args[0]]
            for child in list(parent.children):
                child.remove()
                self._forget(child)
        elif op is Op.MARK_ANCHOR:
            node = nodes[args[1]]
            siblings = node.parent.children
            index = siblings.index(node) + 1
            self._anchors[args[0]] = siblings[index] if index < len(siblings) else None
        elif op is Op.SET_EVENT:
            nodes[args[0]].events.add(args[1])
        elif op is Op.REMOVE_EVENT:
            nodes[args[0]].events.discard(args[1])
        elif op is Op.DELEGATE:
            pass  # fire() walks like the applier's one listener per type
        elif op is Op.SET_HTML:
            nodes[args[0]].raw_html = args[1]
        elif op is Op.PORTAL:
            wrapper, target_id = nodes[args[0]], args[2]
            if wrapper.portal_place:  # moved to another target
                self._targets.pop(self._portal_targets.pop(args[0]), None)
            wrapper.portal_place = args[3]
            self._portal_targets[args[0]] = target_id
            self._targets[target_id].insert_before(wrapper, None)
        elif op is Op.CLOSE_PORTAL:
            wrapper = nodes[args[0]]
            self._targets.pop(self._portal_targets.pop(args[0]), None)
            wrapper.remove()
            self._forget(wrapper)
        elif op is Op.DEFINE_TEMPLATE:
            root = nodes[args[1]]
            assert root.parent is None, "a template prototype must be detached"
            paths = [[]] + [_path_to(root, nodes[node_id]) for node_id in args[2]]
            self._forget(root)
            self._templates[args[0]] = (root, paths, args[3])
        elif op is Op.CLONE_TEMPLATE:
            prototype, paths, fills = self._templates[args[0]]
            root = prototype.clone()
            holes = []
            for offset, path in enumerate(paths):
                node = root
                for index in path:
                    node = node.children[index]
                holes.append(node)
                if offset:
                    self._create(args[1] + offset, node, 0)
            for (j, event_type), value in zip(fills, args[3], strict=True):
                if value and event_type:
                    holes[j].events.add(event_type)
                elif value:
                    holes[j].text = value
            self._create(args[1], root, args[2])  # filled, then placed, as the applier does


def _path_to(root: ModelNode, node: ModelNode) -> list[int]:
    path = []
    while node is not root:
        path.insert(0, node.parent.children.index(node))
        node = node.parent
    return path
