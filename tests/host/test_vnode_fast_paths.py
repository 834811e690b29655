"""The shortcuts ``h()`` and ``html.<tag>`` take for a row's common nodes (#27) build exactly
what the general path builds, and never skip a check: a lone number child, a handler
whose name was met before, a component class told apart from other classes and instances."""

from __future__ import annotations

import enum

import pytest

from wasmui import Component, Fragment, RenderError, component, h, html


class Level(enum.IntEnum):
    HIGH = 3


def texts(node):
    return [(child.type, child.text) for child in node.children]


@pytest.mark.parametrize("value", [0, 7, -12, 10**30, True, False, Level.HIGH, 2.5])
def test_a_lone_number_child_renders_as_the_general_path_renders_it(value):
    # a second child (None, which renders nothing) sends the same value down the general path
    assert texts(html.td(value, class_="col")) == texts(html.td(value, None, class_="col"))


def test_a_handler_name_met_before_still_checks_its_value():
    def on_click(event):
        return event

    class Handlers:
        def select(self, event):
            return event

        def __call__(self, event):
            return event

    handlers = Handlers()
    for value in (on_click, handlers.select, handlers, lambda event: None, None):
        assert html.a("x", on_click=value).props["on_click"] is value
    for bad in ("alert(1)", 42, b"js"):
        with pytest.raises(RenderError, match=r"<a>: event prop 'on_click' must be a callable"):
            html.a("x", on_click=bad)


def test_only_component_classes_and_fragment_are_node_types():
    @component
    def Row(item):
        return html.tr(item)

    class Plain:
        pass

    class Panel(Component):
        def render(self):
            return html.div()

    assert h(Row, {"key": 1, "item": "a"}).type is Row
    assert h(Panel, None).type is Panel
    assert h(Fragment, None, "a").type is Fragment
    for bad in (Plain, Panel(), int, Row.__call__):
        with pytest.raises(RenderError, match=r"h\(\): type must be a tag name, a Component subclass or Fragment"):
            h(bad, None)
