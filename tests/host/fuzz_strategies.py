"""Hypothesis strategies for the tree specs of tests/fuzz_trees.py, and the fresh render
every patched tree is compared with (host fuzz tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from wasmui import html, mount, runtime
from wasmui.modeldom import ModelHost, element

from ..fuzz_trees import KINDS
from ..hostile import PROP_KINDS

keys = st.one_of(st.none(), st.integers(min_value=0, max_value=9))
text = st.text(alphabet="ab", max_size=2)
plain_leaves = st.one_of(
    st.tuples(st.just("text"), text),
    st.tuples(st.just("b"), keys, text),
    st.tuples(st.just("t"), keys, text),
)
hostile_leaves = st.one_of(
    st.tuples(st.just("hp"), keys, st.sampled_from(PROP_KINDS)),
    st.tuples(st.just("hs"), keys, text),
    st.tuples(st.just("hi"), keys, st.integers(-3, 3)),
    st.tuples(st.just("huge"), keys, st.sampled_from([1, 300])),
    st.tuples(st.just("ref"), keys, text),
)


def specs(leaves, max_leaves: int = 40):
    """Trees of ``leaves`` inside elements, fragments and components."""
    return st.recursive(
        leaves,
        lambda inner: st.tuples(st.sampled_from(KINDS), keys, st.booleans(), st.lists(inner, max_size=6)),
        max_leaves=max_leaves,
    )


def fresh_render(node) -> str:
    """``<section>node</section>`` mounted on a new model DOM, as HTML; the current runtime stays."""
    previous = runtime.current_runtime
    runtime.use_host(ModelHost())
    container = element("div")
    root = mount(html.section(node), container)
    out = container.to_html()
    root.unmount()
    runtime._set_current(previous)
    return out
