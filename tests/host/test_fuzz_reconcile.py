"""Property test: after any sequence of updates the DOM equals a fresh render of the same tree.

Trees are drawn as plain data (specs) and built into new vnodes for each render,
mixing keyed and unkeyed elements, text, fragments and components whose output
varies in size (including rendering nothing).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wasmui import Component, Fragment, h, html, mount, runtime
from wasmui.modeldom import ModelHost, element


class Box(Component):
    """Renders its children between two markers, or nothing at all."""

    def render(self):
        if self.props["empty"]:
            return None
        return [html.i("["), self.props.get("children"), html.i("]")]


keys = st.one_of(st.none(), st.integers(min_value=0, max_value=9))
text = st.text(alphabet="ab", max_size=2)
leaves = st.one_of(
    st.tuples(st.just("text"), text),
    st.tuples(st.just("b"), keys, text),
)
specs = st.recursive(
    leaves,
    lambda inner: st.tuples(st.sampled_from(["div", "frag", "box"]), keys, st.booleans(), st.lists(inner, max_size=6)),
    max_leaves=40,
)


def build(spec):
    if spec[0] == "text":
        return spec[1]
    if spec[0] == "b":
        return html.b(spec[2], key=spec[1], title=spec[2] or None)
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


def fresh_render(spec) -> str:
    runtime.use_host(ModelHost())
    container = element("div")
    root = mount(html.section(build(spec)), container)
    out = container.to_html()
    root.unmount()
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(specs, min_size=2, max_size=6))
def test_updates_match_a_fresh_render(steps):
    host = ModelHost()
    runtime.use_host(host)
    container = element("div")
    root = mount(html.section(build(steps[0])), container)
    for spec in steps[1:]:
        root.render(html.section(build(spec)))  # the root keeps its own runtime
        assert container.to_html() == fresh_render(spec)
    root.unmount()
    assert host.live_nodes == 0
