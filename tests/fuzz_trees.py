"""Random component trees for the reconciler's property tests.

Trees are plain data (specs) built into fresh vnodes for every render, mixing keyed
and unkeyed elements, text, template instances, fragments and a component whose
output varies in size (rendering nothing included). The host test draws specs with hypothesis; the browser
test writes this file into Pyodide and draws them with ``random``.

Spec forms: ``("text", s)``, ``("b", key, s)``, ``("t", key, s)`` (a template instance)
and ``(kind, key, flag, children)`` with kind ``"div"``, ``"frag"`` or ``"box"``.

Hostile leaves (#12, values from tests/hostile.py, made anew for every render):
``("hp", key, kind)``, a component given a hostile prop; ``("hs", key, s)``, text,
attribute and key as a str subclass whose every override raises; ``("hi", key, n)``,
the same with an int subclass; ``("huge", key, n)``, a text of ``n`` thousand characters; ``("ref", key, s)``, an element
whose ref records what it is given in :data:`REF_VALUES` (an element, then ``None``: never
JS ``null``).
"""

from __future__ import annotations

import random

try:
    from .hostile import PROP_KINDS, HostileInt, HostileStr, hostile_prop
except ImportError:  # written into Pyodide as top-level modules by the browser tests
    from hostile import PROP_KINDS, HostileInt, HostileStr, hostile_prop

from wasmui import Component, Fragment, h, html, template

KINDS = ("div", "frag", "box")


@template
def chip(label, chip_class):
    return html.span(html.u(label), "!", class_=chip_class)


class Box(Component):
    """Renders its children between two markers, or nothing at all."""

    def render(self):
        if self.props["empty"]:
            return None
        return [html.i("["), self.props.get("children"), html.i("]")]


REF_VALUES: list = []
"""Every value a ``("ref", ...)`` leaf's ref was called with."""


class Holder(Component):
    """Shows only its label: the hostile ``value`` prop is compared, never rendered."""

    def render(self):
        return html.span(self.props["label"], class_="holder")


def build(spec):
    """Fresh vnodes for ``spec`` (siblings with a repeated key are dropped, as a keyed
    list must not repeat keys)."""
    if spec[0] == "text":
        return spec[1]
    if spec[0] == "hp":
        return h(Holder, {"key": spec[1], "label": spec[2], "value": hostile_prop(spec[2], len(spec[2]))})
    if spec[0] == "hs":
        key = None if spec[1] is None else HostileStr(f"s{spec[1]}")
        return html.b(HostileStr(spec[2]), title=HostileStr(spec[2]), key=key)
    if spec[0] == "hi":
        return html.i(HostileInt(spec[2]), data_n=HostileInt(spec[2]), key=None if spec[1] is None else HostileInt(spec[1]))
    if spec[0] == "ref":
        return html.em(spec[2], ref=REF_VALUES.append, key=spec[1])
    if spec[0] == "huge":
        return html.p("x" * (spec[2] * 1000), key=spec[1])
    if spec[0] == "b":
        return html.b(spec[2], key=spec[1], title=spec[2] or None)
    if spec[0] == "t":
        return chip(spec[2], spec[2] or None, key=spec[1])
    kind, key, flag, child_specs = spec
    children, seen = [], set()
    for child in map(build, child_specs):
        child_key = getattr(child, "key", None)
        if child_key is None or child_key not in seen:
            seen.add(child_key)
            children.append(child)
    if kind == "div":
        return html.div(children, key=key, class_="on" if flag else None)
    if kind == "frag":
        return h(Fragment, {"key": key}, *children)
    return h(Box, {"key": key, "empty": flag}, *children)


def random_spec(rng, depth=0, hostile=False):
    """A random spec from a ``random.Random`` (with hostile leaves if asked)."""
    roll = rng.random()
    if hostile and roll < 0.2:
        kind = rng.choice(["hp", "hs", "hi", "huge", "ref"])
        key = rng.choice([None, *range(8)])
        value = {"hp": rng.choice(PROP_KINDS), "hs": rng.choice(["x", "y", ""]), "hi": rng.randint(-3, 3),
                 "huge": rng.choice([1, 100]), "ref": rng.choice(["r", "s"])}[kind]  # fmt: skip
        return (kind, key, value)
    if depth > 3 or roll < 0.3:
        return ("text", rng.choice(["a", "b", "", "ab"]))
    if roll < 0.5:
        return (rng.choice(["b", "t"]), rng.choice([None, *range(8)]), rng.choice(["x", "y", ""]))
    kids = [random_spec(rng, depth + 1, hostile) for _ in range(rng.randint(0, 6))]
    return (rng.choice(KINDS), rng.choice([None, *range(8)]), rng.random() < 0.5, kids)


def nested(depth, leaf="deep"):
    """``depth`` levels of alternating elements, fragments and components around a text."""
    node = leaf
    for level in range(depth):
        kind = level % 3
        if kind == 0:
            node = html.div(node)
        elif kind == 1:
            node = h(Fragment, None, node)
        else:
            node = h(Box, {"empty": False}, node)
    return node


def permute(rng, spec):
    """The same tree with children shuffled at random levels (keyed moves)."""
    if spec[0] in KINDS and rng.random() < 0.7:
        kids = list(spec[3])
        rng.shuffle(kids)
        return (spec[0], spec[1], spec[2], [permute(rng, kid) for kid in kids])
    return spec


def resolve_steps(steps):
    """A fuzz's steps with each ``("again", seed)`` replaced by the previous tree permuted with
    that seed: the same keys meet again, so hostile props are compared with their last values."""
    out = []
    for spec in steps:
        if spec[0] == "again":
            spec = permute(random.Random(spec[1]), out[-1]) if out and out[-1][0] != "deep" else ("text", "")
        out.append(spec)
    return out
