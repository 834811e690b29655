"""Property test: after any sequence of updates the DOM equals a fresh render of the same tree.

Trees are drawn by hypothesis as specs (see tests/fuzz_trees.py) and built into new
vnodes for each render.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wasmui import html, mount, runtime
from wasmui.modeldom import ModelHost, element

from ..fuzz_strategies import fresh_render, plain_leaves, specs
from ..fuzz_trees import build


@settings(max_examples=400, deadline=None)
@given(st.lists(specs(plain_leaves), min_size=2, max_size=6))
def test_updates_match_a_fresh_render(steps):
    host = ModelHost()
    runtime.use_host(host)
    container = element("div")
    root = mount(html.section(build(steps[0])), container)
    for spec in steps[1:]:
        root.render(html.section(build(spec)))  # the root keeps its own runtime
        assert container.to_html() == fresh_render(build(spec))
    root.unmount()
    assert host.live_nodes == 0
