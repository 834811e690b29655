"""Context (#24) on the model DOM: a provider re-renders exactly its readers when its value
changes (also below a component the diff does not enter), nothing else; readers find the
nearest provider, leave it at unmount, and class and function components read alike."""

from __future__ import annotations

import pytest

from wasmui import Component, HookError, component, create_context, flush, h, html, use_context, use_state
from wasmui import mount as _mount
from wasmui.context import Provider

_roots = []
SETTERS: dict = {}  # module-level: a component class (kept by h()) must not close over a test's own dict


def mount(*args):
    root = _mount(*args)
    _roots.append(root)
    return root


@pytest.fixture(autouse=True)
def _unmount_everything():
    """Every root a test mounted is unmounted (other tests count live components)."""
    yield
    SETTERS.clear()
    while _roots:
        root = _roots.pop()
        if root.mounted:
            root.unmount()

renders: dict[str, int] = {}


def count(name: str) -> None:
    renders[name] = renders.get(name, 0) + 1


Theme = create_context("light", name="Theme")


@component
def Reader(index):
    count("reader")
    return html.span(f"{index}:{use_context(Theme)}")


class Static(Component):
    """Renders 1,000 readers and never re-renders (no props, no state)."""

    def render(self):
        count("static")
        return html.div([h(Reader, {"index": i, "key": i}) for i in range(1000)])


def _app():
    @component
    def App():
        theme, set_theme = use_state("dark")
        other, set_other = use_state(0)
        SETTERS.update(theme=set_theme, other=set_other)
        count("app")
        return html.main(html.p(str(other)), Theme.provide(theme, h(Static)))

    return App


def test_a_value_change_rerenders_exactly_the_1000_readers_below_a_component_that_never_rerenders(container):
    renders.clear()
    App, set_ = _app(), SETTERS
    root = mount(App, container)
    assert renders == {"app": 1, "static": 1, "reader": 1000}
    assert container.textContent.count(":dark") == 1000

    renders.clear()
    set_["theme"]("blue")
    flush()
    assert renders == {"app": 1, "reader": 1000}  # Static did not re-render; every reader did, once
    assert container.textContent.count(":blue") == 1000 and ":dark" not in container.textContent

    renders.clear()
    set_["other"](1)  # an unrelated state change
    flush()
    assert renders == {"app": 1}
    assert container.querySelector("p").textContent == "1"

    renders.clear()
    set_["theme"]("blue")  # the same value: nothing
    flush()
    assert renders == {}
    root.unmount()


def test_equal_values_count_as_the_same_as_props_do(container):
    renders.clear()
    @component
    def App():
        value, set_value = use_state((1, 2))
        SETTERS["value"] = set_value
        return Theme.provide(value, h(Static))

    mount(App, container)
    renders.clear()
    SETTERS["value"]((1, 2))  # a new tuple, equal: not a change
    flush()
    assert renders == {}
    SETTERS["value"]([1, 2])  # equal but of another type: a change
    flush()
    assert renders == {"reader": 1000}


def test_without_a_provider_a_reader_sees_the_default_and_the_nearest_provider_wins(container):
    @component
    def Show(label):
        return html.span(f"{label}={use_context(Theme)}")

    view = html.div(
        h(Show, {"label": "none"}),
        Theme.provide("outer", h(Show, {"label": "a"}), Theme.provide("inner", h(Show, {"label": "b"}))),
    )
    mount(view, container)
    assert [span.textContent for span in container.querySelectorAll("span")] == ["none=light", "a=outer", "b=inner"]


def test_class_components_read_with_self_context_and_rerender_on_change(container):
    seen = []

    class Badge(Component):
        def render(self):
            seen.append(self.context(Theme))
            return html.b(self.context(Theme))

    class Wall(Component):
        def render(self):
            return html.div(h(Badge))

    @component
    def App():
        theme, SETTERS["theme"] = use_state("dark")
        return Theme.provide(theme, h(Wall))

    mount(App, container)
    SETTERS["theme"]("light")
    flush()
    assert seen == ["dark", "light"]
    assert container.querySelector("b").textContent == "light"


def test_a_reader_the_diff_reaches_renders_once_per_change(container):
    renders.clear()
    @component
    def Direct(theme_prop):
        count("direct")
        return html.i(f"{theme_prop}/{use_context(Theme)}")

    @component
    def App():
        theme, SETTERS["theme"] = use_state("dark")
        return Theme.provide(theme, h(Direct, {"theme_prop": theme}))

    mount(App, container)
    renders.clear()
    SETTERS["theme"]("light")
    flush()
    assert renders == {"direct": 1}
    assert container.querySelector("i").textContent == "light/light"


def test_readers_unsubscribe_at_unmount(container):
    @component
    def App():
        shown, SETTERS["shown"] = use_state(10)
        return Theme.provide("x", html.div([h(Reader, {"index": i, "key": i}) for i in range(shown)]))

    root = mount(App, container)
    provider = root.component._vnode.rendered[0].component
    assert isinstance(provider, Provider) and len(provider._subscribers) == 10
    SETTERS["shown"](3)
    flush()
    assert len(provider._subscribers) == 3
    readers = list(provider._subscribers)
    root.unmount()
    assert provider._subscribers == {} and all(reader._contexts is None for reader in readers)


def test_a_reader_that_unmounts_before_the_change_is_not_rendered(container):
    renders.clear()
    @component
    def App():
        theme, SETTERS["theme"] = use_state("dark")
        shown, SETTERS["shown"] = use_state(True)
        return Theme.provide(theme, h(Reader, {"index": 0}) if shown else None)

    mount(App, container)
    renders.clear()
    SETTERS["theme"]("light")
    SETTERS["shown"](False)
    flush()
    assert renders == {} and container.textContent == ""


def test_use_context_outside_a_render_and_with_a_wrong_argument_are_clear_errors():
    with pytest.raises(HookError, match="use_context"):
        use_context(Theme)
    with pytest.raises(TypeError, match="create_context"):
        use_context("Theme")


def test_provide_takes_a_key_and_many_children(container):
    mount(html.div(Theme.provide("k", html.span("a"), html.span("b"), key="p")), container)
    assert container.textContent == "ab"
