"""Hypothesis strategies for the tree specs of tests/fuzz_trees.py, and the model-DOM
fresh render every patched tree is compared with on the host. The browser fuzz draws
the same specs on the host and renders them in the page."""

from __future__ import annotations

from hypothesis import strategies as st

from wasmui import html, mount, runtime
from wasmui.modeldom import ModelHost, element

from .fuzz_trees import KINDS
from .hostile import PROP_KINDS

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


again = st.tuples(st.just("again"), st.integers(min_value=0, max_value=2**16))
"""A step that is the previous tree again, permuted with this seed (fuzz_trees.permute): the
same keys meet again, so hostile props are compared with their last values."""

deep_trees = st.tuples(st.just("deep"), st.integers(min_value=1000, max_value=2000))
"""A step that is a tree nested about as deep as the reconciler goes (fuzz_trees.nested)."""


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
