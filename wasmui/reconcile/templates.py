"""Template instances (:mod:`wasmui.template`): cloned from a prototype, patched by their holes.

The first instance of a template in a runtime sends the template's static tree
once, as ordinary creation ops, and ``DEFINE_TEMPLATE`` makes it the prototype;
every instance is then one ``CLONE_TEMPLATE`` that carries its texts and handler
marks, plus an op per non-empty attribute hole. A
template is defined once per namespace (an SVG template inside ``<svg>`` is
built in the SVG namespace, like any element).

Must not import ``js``.
"""

from __future__ import annotations

from itertools import islice
from types import MethodType
from typing import TYPE_CHECKING, Any

from ..ops import Op
from ..vnode import VNode
from .props import write_attribute

if TYPE_CHECKING:
    from ..template import Hole, Template
    from . import DiffContext


def mount_instance(ctx: DiffContext, node: VNode, parent: VNode, into: int) -> None:
    """Clones the template's prototype for ``node`` and fills its holes."""
    template: Template = node.type
    svg = parent.svg and parent.type != "foreignObject"
    prototype = template.id * 2 + svg
    if prototype not in ctx.runtime.templates:
        _define(ctx, template, prototype, svg)
    # ids base .. base + n - 1 for the n hole nodes, in order, taken in one C call
    count = len(template.hole_nodes)
    node.dom = base = next(islice(ctx.runtime.node_ids, count - 1, None)) - count + 1
    node.svg, node.releases = svg, template.has_events
    values = node.props
    # texts and handler marks travel in the clone op, one list (a row: 6 entries, not 16)
    fills = []
    ops, events = ctx.ops, ctx.root.events
    for hole in template.fill_holes:
        value = values[hole.param]
        if hole.kind == "text":
            fills.append("" if value is None or value is True or value is False else str(value))
        elif value is None or value is False or value == "":
            fills.append(0)
        else:
            events.record(ops, base + hole.node, hole.name, value, ctx.owner)
            fills.append(1)
    ops += (Op.CLONE_TEMPLATE, prototype, base, into, fills)
    for hole in template.attr_holes:
        value = values[hole.param]
        if value is not None and value is not False and value != "":
            write_attribute(ctx, base + hole.node, hole.tag, hole.name, value)


def patch_instance(ctx: DiffContext, old: VNode, new: VNode) -> None:
    """Writes the holes whose values changed (same template, same key)."""
    new.dom, new.svg, new.releases = old.dom, old.svg, old.releases
    old_values, new_values = old.props, new.props
    base = new.dom
    for hole in new.type.holes:
        value = new_values[hole.param]
        previous = old_values[hole.param]
        if value is previous:
            continue
        kind = hole.kind
        if value.__class__ is previous.__class__:
            if kind == "event":
                if value.__class__ is not MethodType:  # another function: the table takes it
                    ctx.root.events.set(ctx.ops, base + hole.node, hole.name, value, ctx.owner)
                    continue
                # a bound method compares without user code (the same function of the same
                # object: ``self.select`` is a new object on every render)
            if value == previous:  # plain values too
                continue
            if kind == "text" and value.__class__ is str:  # a row's changed label
                ctx.ops += (Op.SET_TEXT, base + hole.node, value)
                continue
        _write(ctx, hole, base + hole.node, value)


def release_instance(ctx: DiffContext, node: VNode) -> None:
    """Drops the instance's handlers from the event table (its DOM goes with its root)."""
    events = ctx.root.events
    base = node.dom
    for hole in node.type.event_holes:
        events.drop(base + hole.node, hole.name)


def _write(ctx: DiffContext, hole: Hole, node_id: int, value: Any) -> None:
    kind = hole.kind
    if kind == "text":
        ctx.ops += (Op.SET_TEXT, node_id, "" if value is None or value is True or value is False else str(value))
    elif kind == "attr":
        write_attribute(ctx, node_id, hole.tag, hole.name, value)
    else:
        ctx.root.events.set(ctx.ops, node_id, hole.name, value, ctx.owner)


def _define(ctx: DiffContext, template: Template, prototype: int, svg: bool) -> None:
    """Builds the template's static tree with ordinary ops and makes it the prototype."""
    from . import mount

    static = template.static.fresh_copy() if template.static.mounted else template.static
    context = VNode("g" if svg else "template", {}, [], svg=svg)
    mount(ctx, static, context, 0)
    hole_ids = []
    for path in template.hole_nodes[1:]:
        target = static
        for index in path:
            target = target.children[index]
        hole_ids.append(target.dom)
    fills = [[hole.node, "" if hole.kind == "text" else hole.name] for hole in template.fill_holes]
    ctx.ops += (Op.DEFINE_TEMPLATE, prototype, static.dom, hole_ids, fills)
    ctx.runtime.templates.add(prototype)
