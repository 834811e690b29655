"""Property test: after any sequence of updates the DOM equals a fresh render of the same tree.

Trees are drawn by hypothesis as specs (see tests/fuzz_trees.py) and built into new
vnodes for each render.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wasmui import html, mount, runtime
from wasmui.modeldom import ModelHost, element

from ..fuzz_trees import KINDS, build

keys = st.one_of(st.none(), st.integers(min_value=0, max_value=9))
text = st.text(alphabet="ab", max_size=2)
leaves = st.one_of(
    st.tuples(st.just("text"), text),
    st.tuples(st.just("b"), keys, text),
    st.tuples(st.just("t"), keys, text),
)
specs = st.recursive(
    leaves,
    lambda inner: st.tuples(st.sampled_from(KINDS), keys, st.booleans(), st.lists(inner, max_size=6)),
    max_leaves=40,
)


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
