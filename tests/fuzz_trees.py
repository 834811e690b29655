"""Random component trees for the reconciler's property tests.

Trees are plain data (specs) built into fresh vnodes for every render, mixing keyed
and unkeyed elements, text, template instances, fragments and a component whose
output varies in size (rendering nothing included). The host test draws specs with hypothesis; the browser
test writes this file into Pyodide and draws them with ``random``.

Spec forms: ``("text", s)``, ``("b", key, s)``, ``("t", key, s)`` (a template instance)
and ``(kind, key, flag, children)`` with kind ``"div"``, ``"frag"`` or ``"box"``.
"""

from __future__ import annotations

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


def build(spec):
    """Fresh vnodes for ``spec`` (siblings with a repeated key are dropped, as a keyed
    list must not repeat keys)."""
    if spec[0] == "text":
        return spec[1]
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


def random_spec(rng, depth=0):
    """A random spec from a ``random.Random``."""
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return ("text", rng.choice(["a", "b", "", "ab"]))
    if roll < 0.5:
        return (rng.choice(["b", "t"]), rng.choice([None, *range(8)]), rng.choice(["x", "y", ""]))
    kids = [random_spec(rng, depth + 1) for _ in range(rng.randint(0, 6))]
    return (rng.choice(KINDS), rng.choice([None, *range(8)]), rng.random() < 0.5, kids)


def permute(rng, spec):
    """The same tree with children shuffled at random levels (keyed moves)."""
    if spec[0] in KINDS and rng.random() < 0.7:
        kids = list(spec[3])
        rng.shuffle(kids)
        return (spec[0], spec[1], spec[2], [permute(rng, kid) for kid in kids])
    return spec
