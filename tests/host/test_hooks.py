"""Function components and hooks (#15) on the model DOM: React's semantics, including the
order of effects and cleanups across nested components, and the rules-of-hooks errors."""

from __future__ import annotations

import pytest

from wasmui import (
    Component,
    HookError,
    component,
    errors,
    flush,
    h,
    html,
    mount,
    use_effect,
    use_memo,
    use_ref,
    use_scope,
    use_state,
)
from wasmui.testing import click, render

log: list[str] = []


@component
def Child(label, tick=0):
    def effect():
        log.append(f"{label} effect {tick}")
        return lambda: log.append(f"{label} cleanup {tick}")

    use_effect(effect, [tick])
    return html.span(label)


@component
def Parent(tick=0):
    def effect():
        log.append(f"parent effect {tick}")
        return lambda: log.append(f"parent cleanup {tick}")

    use_effect(effect, [tick])
    return html.div(h(Child, {"label": "a", "tick": tick}), h(Child, {"label": "b", "tick": tick}))


def test_effects_and_cleanups_run_in_reacts_order_for_nested_components(container):
    log.clear()
    root = mount(Parent, container, {"tick": 0})
    assert log == ["a effect 0", "b effect 0", "parent effect 0"]  # children first
    log.clear()
    root.render(h(Parent, {"tick": 1}))
    # every cleanup due, then every effect, children before parents (React's passive phase)
    assert log == ["a cleanup 0", "b cleanup 0", "parent cleanup 0", "a effect 1", "b effect 1", "parent effect 1"]
    log.clear()
    root.render(h(Parent, {"tick": 1}))
    assert log == []  # unchanged deps: nothing runs
    log.clear()
    root.unmount()
    assert log == ["parent cleanup 1", "a cleanup 1", "b cleanup 1"]  # parents first at unmount


def test_use_state_batches_takes_updaters_and_shows_per_hook_in_state(container):
    renders = []

    @component
    def Counter(start=0):
        count, set_count = use_state(start)
        label, set_label = use_state(lambda: "count")
        renders.append(count)

        def bump():
            set_count(lambda n: n + 1)
            set_count(lambda n: n + 1)
            set_label("total")

        return html.button(f"{label} {count}", on_click=bump)

    view = render(Counter, {"start": 5})
    click(view.get_by_role("button"))
    assert view.get_by_role("button").textContent == "total 7"
    assert renders == [5, 7]  # two updates, one re-render
    assert view.component.state == {"use_state#0": 7, "use_state#1": "total"}
    view.unmount()


def test_use_ref_and_use_memo_keep_values_across_renders(container):
    computed = []

    @component
    def Search(query=""):
        field = use_ref()
        renders = use_ref(0)
        renders.current += 1
        upper = use_memo(lambda: computed.append(query) or query.upper(), [query])
        return html.label(f"{upper} ({renders.current})", html.input(ref=field))

    root = mount(Search, container, {"query": "a"})
    root.render(h(Search, {"query": "a"}))
    root.render(h(Search, {"query": "b"}))
    assert computed == ["a", "b"] and container.to_html().startswith('<div id="app"><label>B (2)')
    assert root.component._slots[0].current.tag == "input"  # ref= filled the Ref
    root.unmount()


def test_use_scope_owns_what_the_component_makes(container):
    closed = []

    @component
    def Owner():
        scope = use_scope()
        use_effect(lambda: scope.on_cleanup(lambda: closed.append("released")), [])
        return html.p("owner")

    root = mount(Owner, container)
    root.unmount()
    assert closed == ["released"]


def test_children_are_passed_only_to_a_function_that_takes_them(container):
    @component
    def Card(title, children):
        return html.section(html.h2(title), children)

    @component
    def Plain(title):
        return html.p(title)

    root = mount(h(Card, {"title": "T"}, h(Plain, {"title": "p"}, "ignored"), "text"), container)
    assert container.to_html() == '<div id="app"><section><h2>T</h2><p>p</p>text</section></div>'
    root.unmount()


def test_class_and_function_components_mix(container):
    @component
    def Leaf(n):
        return html.i(str(n))

    class Middle(Component):
        def render(self):
            return html.b(h(Leaf, {"n": self.props["n"]}))

    @component
    def Top():
        n, set_n = use_state(1)
        return html.div(h(Middle, {"n": n}), html.button("+", on_click=lambda: set_n(n + 1)))

    view = render(Top)
    click(view.get_by_role("button"))
    assert view.get_by_text("2").tagName == "I"
    view.unmount()


def test_a_hook_outside_a_component_is_an_error_that_says_where_hooks_work():
    with pytest.raises(HookError, match=r"use_state\(\) was called outside a component's render"):
        use_state(0)


def test_a_changed_hook_order_is_an_error_naming_the_component(container):
    @component
    def Flaky(extra=False):
        if extra:
            use_ref()
        use_state(0)
        return html.p("x")

    root = mount(Flaky, container)
    root.render(h(Flaky, {"extra": True}))
    report = errors.recent[-1]
    assert report.component == "Flaky" and report.error_type == "HookError"
    assert "hook #0 was use_state on the last render and is use_ref now" in report.message
    assert container.to_html() == '<div id="app"><p>x</p></div>'  # the last good output stays
    root.unmount()


def test_an_effect_that_sets_state_commits_after_the_mount(container):
    @component
    def Loader():
        data, set_data = use_state("loading")
        use_effect(lambda: set_data("loaded"), [])
        return html.p(data)

    root = mount(Loader, container)
    flush()
    assert container.to_html() == '<div id="app"><p>loaded</p></div>'
    root.unmount()


def test_strict_mode_runs_effects_cleans_them_up_and_runs_them_again(container):
    log.clear()
    root = mount(Child, container, {"label": "s"}, strict=True)
    assert log == ["s effect 0", "s cleanup 0", "s effect 0"]  # React's StrictMode
    log.clear()
    root.render(h(Child, {"label": "s", "tick": 1}))
    assert log == ["s cleanup 0", "s effect 1"]  # afterwards, as usual
    log.clear()
    root.unmount()
    assert log == ["s cleanup 1"]


def test_an_unmounted_function_component_is_freed_by_reference_counting_alone(container):
    import gc
    import weakref

    from wasmui import tracker

    @component
    def Busy():
        count, set_count = use_state(0)
        box = use_ref(None)
        use_effect(lambda: (lambda: set_count(0)), [])  # a cleanup that holds the setter
        return html.button(str(count), ref=box, on_click=lambda: set_count(count + 1))

    root = mount(html.div(h(Busy)), container)
    busy = weakref.ref(next(c for c in tracker.components.values() if type(c).__name__ == "Busy"))
    gc.disable()
    try:
        root.render(html.div())
        flush()  # frees the removed tree
        assert busy() is None, "a reference cycle keeps the unmounted function component"
    finally:
        gc.enable()
    root.unmount()
