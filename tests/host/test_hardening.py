"""Hardening (#12) on the model DOM: no user value, warning or mistake can break a
commit, leak, or fail silently. The browser proofs are in tests/browser/test_hardening.py;
these pin the pure logic, including the hostile-value fuzz over the reconciler.
"""

from __future__ import annotations

import gc
import warnings
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wasmui import (
    Component,
    Fragment,
    MutatedPropWarning,
    RenderError,
    UnknownEventWarning,
    UnsafeContentWarning,
    WasmuiError,
    declare_event,
    errors,
    flush,
    h,
    html,
    mount,
    runtime,
    set_mode,
    tracker,
)
from wasmui.modeldom import ModelHost, element

from ..fuzz_strategies import again, fresh_render, hostile_leaves, plain_leaves, specs
from ..fuzz_trees import REF_VALUES, Box, build, nested, resolve_steps
from ..hostile import ArrayLike, RaisingEq


class Child(Component):
    renders = 0

    def render(self):
        Child.renders += 1
        return html.span(self.props["label"])


class Parent(Component):
    def on_init(self):
        self.state = {"label": "a", "value": None}

    def render(self):
        return html.div(h(Child, {"label": self.state["label"], "value": self.state["value"]}))


@pytest.mark.parametrize("make", [RaisingEq, lambda: ArrayLike([1, 2, 3])], ids=["eq-raises", "array-like"])
def test_a_prop_whose_eq_raises_or_is_ambiguous_rerenders_and_later_updates_commit(container, make):
    root = mount(Parent, container)
    parent = root.component
    parent.set_state(value=make())
    flush()
    rendered = Child.renders
    parent.set_state(value=make())  # a new object whose == cannot answer: counts as changed
    flush()
    assert Child.renders == rendered + 1
    parent.set_state(label="b", value=make())
    flush()
    assert container.to_html() == '<div id="app"><div><span>b</span></div></div>'
    assert not [r for r in errors.recent if r.component == "Parent" and r.phase == "update"]
    root.unmount()


def test_a_warning_raised_as_an_error_comes_after_a_complete_commit(container):
    class Link(Component):
        def on_init(self):
            self.state = {"href": "/ok", "text": "one"}

        def render(self):
            return html.a(self.state["text"], href=self.state["href"])

    root = mount(Link, container)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        root.component.set_state(href="javascript:alert(1)", text="two")
        with pytest.raises(UnsafeContentWarning, match="Link: refused <a href>"):
            flush()
    # the commit went through whole: the text changed and the unsafe URL was removed
    assert container.to_html() == '<div id="app"><a>two</a></div>'
    root.component.set_state(href="/again", text="three")
    flush()
    assert container.to_html() == '<div id="app"><a href="/again">three</a></div>'
    root.unmount()


def test_mount_that_raises_after_its_commit_leaves_no_root_behind(host, container):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UnsafeContentWarning):
            mount(html.a("x", href="javascript:void(0)"), container)
    assert runtime.get_runtime().roots == [] and container.children == []


def test_a_component_whose_render_raised_is_freed_after_unmount(container):
    class Broken(Component):
        def render(self):
            raise ValueError("broken render")

    root = mount(html.div(h(Broken)), container)
    broken = next(c for c in tracker.components.values() if type(c).__name__ == "Broken")
    alive = weakref.ref(broken)
    del broken
    report = errors.recent[-1]
    assert (report.component, report.phase, report.error_type) == ("Broken", "render", "ValueError")
    assert report.site.endswith(f"test_hardening.py:{Broken.render.__code__.co_firstlineno + 1}")  # the raise
    root.unmount()
    flush()
    gc.collect()
    assert alive() is None, "the error report kept the component alive"


def test_error_reports_name_the_component_path():
    class Leaf(Component):
        def render(self):
            raise KeyError("x")

    class Middle(Component):
        def render(self):
            return html.p(h(Leaf))

    class Top(Component):
        def render(self):
            return h(Middle)

    runtime.use_host(ModelHost())
    root = mount(Top, element("div"))
    assert errors.recent[-1].path == "Top > Middle > Leaf"
    root.unmount()


def test_a_typo_in_an_event_prop_warns_with_the_component_and_the_closest_name(container):
    class Form(Component):
        def render(self):
            return html.button("save", on_clik=lambda: None)

    with pytest.warns(UnknownEventWarning, match=r"Form: <button> prop 'on_clik'.*did you mean 'on_click'"):
        root = mount(Form, container)
    root.unmount()


def test_custom_events_do_not_warn(container):
    declare_event("swipe")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        root = mount(html.div(on_swipe=lambda: None, **{"on_my-widget": lambda: None}), container)
    root.unmount()


def test_a_fragment_with_props_is_an_error_naming_them():
    with pytest.raises(RenderError, match=r"h\(Fragment\): a fragment takes only 'key', got 'class_'"):
        h(Fragment, {"class_": "row"}, "a")


def test_children_given_as_a_prop_render_and_patch_like_positional_ones(container):
    root = mount(h("ul", {"children": [html.li("a"), html.li("b")]}), container)
    assert container.to_html() == '<div id="app"><ul><li>a</li><li>b</li></ul></div>'
    root.render(h("ul", {"children": [html.li("b")]}))
    assert container.to_html() == '<div id="app"><ul><li>b</li></ul></div>'
    root.unmount()


def test_select_value_is_written_after_its_options(host, container):
    applied = []
    apply = host.apply
    host.apply = lambda ops, then_idle=None: (applied.append(list(ops)), apply(ops, then_idle))
    options = lambda *names: [html.option(n, value=n) for n in names]  # noqa: E731
    root = mount(html.select(options("a", "b"), value="b"), container)
    ops = applied[-1]
    assert _position(ops, "value", "b") > _position(ops, "b", None), "value written before the option exists"
    root.render(html.select(options("a", "b", "c"), value="c"))
    ops = applied[-1]
    assert _position(ops, "value", "c") > _position(ops, "c", None)
    root.unmount()


def _position(ops: list, first: str, second: str | None) -> int:
    for index in range(len(ops) - 1):
        if ops[index] == first and (second is None or ops[index + 1] == second):
            return index
    raise AssertionError(f"{first!r} {second!r} not in the ops")


def test_the_mode_is_chosen_once_per_page(container):
    with pytest.raises(ValueError, match="'development' or 'production'"):
        set_mode("debug")
    set_mode("development")  # the mode in force: fine
    with pytest.raises(WasmuiError, match="already runs in development mode"):
        set_mode("production")


def test_components_nested_without_end_are_a_contained_error(container):
    class Forever(Component):
        def render(self):
            return html.div(h(Forever))

    root = mount(html.section(h(Forever), html.p("still here")), container)
    report = errors.recent[-1]
    assert report.component == "Forever" and "does a component render itself" in report.message
    assert "… " in report.path and container.to_html().endswith("<p>still here</p></section></div>")
    root.unmount()
    assert not [c for c in tracker.components.values() if c._alive]


# --- the hostile-value fuzz ------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(specs(st.one_of(plain_leaves, hostile_leaves), max_leaves=30), again), min_size=2, max_size=5))
def test_hostile_values_never_break_a_commit_or_leak(steps):
    steps = resolve_steps(steps)
    host = ModelHost()
    runtime.use_host(host)
    container = element("div")
    before = {id(c) for c in tracker.components.values()}
    resources_before = {id(r) for r in tracker.live_resources()}
    reports = len(errors.recent)
    root = mount(html.section(build(steps[0])), container)
    for spec in steps[1:]:
        root.render(html.section(build(spec)))
        assert container.to_html() == fresh_render(build(spec))
    root.unmount()
    flush()
    gc.collect()
    assert host.live_nodes == 0
    assert not [c for c in tracker.components.values() if id(c) not in before], "components left alive"
    assert not [r for r in tracker.live_resources() if not r.scope.internal and id(r) not in resources_before]
    assert len(errors.recent) == reports, [str(r) for r in list(errors.recent)[reports:]]
    assert all(value is None or value.kind == "element" for value in REF_VALUES)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=2400), min_size=2, max_size=3))
def test_deep_trees_match_a_fresh_render_and_leave_nothing(depths):
    """Nesting (elements, fragments, components) to about the reconciler's limit."""
    host = ModelHost()
    runtime.use_host(host)
    container = element("div")
    reports = len(errors.recent)
    root = mount(html.section(nested(depths[0])), container)
    for depth in depths[1:]:
        root.render(html.section(nested(depth, leaf=f"leaf {depth}")))
        assert container.to_html() == fresh_render(nested(depth, leaf=f"leaf {depth}"))
    root.unmount()
    flush()
    assert host.live_nodes == 0
    assert not [c for c in tracker.components.values() if isinstance(c, Box) and c._alive]
    assert len(errors.recent) == reports, [str(r) for r in list(errors.recent)[reports:]]


def test_a_list_prop_mutated_in_place_warns_that_the_child_did_not_rerender(container):
    class Items(Component):
        def render(self):
            return html.ul([html.li(item) for item in self.props["items"]])

    class Board(Component):
        def on_init(self):
            self.items = ["a"]
            self.state = {"title": "t"}

        def render(self):
            return html.div(html.h1(self.state["title"]), h(Items, {"items": self.items}))

    root = mount(Board, container)
    board = root.component
    board.items.append("b")  # mutated in place, then passed again
    board.set_state(title="t2")
    with pytest.warns(MutatedPropWarning, match=r"Board passed the same list as Items's prop 'items' again"):
        flush()
    assert container.to_html().count("<li>") == 1  # the documented behaviour: it did not re-render
    board.items = [*board.items, "c"]  # a new list: re-renders, no warning
    board.set_state(title="t3")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        flush()
    assert container.to_html().count("<li>") == 3
    root.unmount()


def test_a_commit_that_fails_part_way_leaves_the_rest_of_its_batch_schedulable(container):
    class Deep(Component):
        def on_init(self):
            self.state = {"depth": 1}

        def render(self):
            node = "x"
            for _ in range(self.state["depth"]):  # elements only: no component boundary to stop at
                node = html.div(node)
            return node

    class Label(Component):
        def on_init(self):
            self.state = {"text": "a"}

        def render(self):
            return html.b(self.state["text"])

    root = mount(html.div(h(Deep), h(Label)), container)
    deep, label = (c for c in tracker.components.values() if type(c) in (Deep, Label) and c._alive)
    deep.set_state(depth=20_000)  # far past what the stack allows: the commit fails part-way
    label.set_state(text="b")
    with pytest.raises(RecursionError):
        flush()
    deep.set_state(depth=2)
    label.set_state(text="c")  # still schedulable
    flush()
    assert container.to_html().endswith("<b>c</b></div></div>")
    root.unmount()


def test_an_empty_string_makes_no_text_node():
    """As React: "" renders nothing, so a pre-rendered page (whose HTML cannot hold an empty
    text node) hydrates without adding one; the text appears when it is not empty."""
    from wasmui import Component, html
    from wasmui.runtime import flush
    from wasmui.testing import render

    class Note(Component):
        def on_init(self):
            self.state = {"note": ""}

        def render(self):
            return html.p(html.span(self.state["note"]), "", html.b("x", ""))

    view = render(Note)
    assert view.container.to_html() == "<div><p><span></span><b>x</b></p></div>"
    view.component.set_state(note="saved")
    flush()
    assert "<span>saved</span>" in view.container.to_html()
    view.component.set_state(note="")
    flush()
    assert "<span></span>" in view.container.to_html()
    view.unmount()
