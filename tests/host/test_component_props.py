"""A component's props (#27): ``h()`` keeps the caller's dict in the node, unchanged; the
component receives its own copy without the key when it renders, and a keyed row whose
props are unchanged (the same objects, a bound method made again) is not rendered again."""

from __future__ import annotations

from wasmui import Component, component, h, html
from wasmui.testing import click, flush, render


def test_the_node_keeps_the_callers_dict_and_the_component_gets_a_copy_without_the_key():
    seen = []

    class Show(Component):
        def render(self):
            seen.append(self.props)
            return html.span(self.props["label"])

    given = {"key": 7, "label": "a"}
    node = h(Show, given)
    assert node.props is given and node.key == 7
    rendered = render(node)
    assert seen == [{"label": "a"}] and seen[0] is not given and given == {"key": 7, "label": "a"}
    rendered.unmount()


def test_a_dict_changed_in_place_and_passed_again_still_re_renders():
    renders = []

    @component
    def Label(text):
        renders.append(text)
        return html.span(text)

    class Parent(Component):
        def on_init(self):
            self.props_of_child = {"key": 1, "text": "one"}

        def render(self):
            return html.div(h(Label, self.props_of_child), html.button("go", on_click=self.go))

        def go(self, event):
            self.props_of_child["text"] = "two"  # the same dict, changed
            self.refresh()

    rendered = render(Parent)
    click(rendered.get_by_text("go"))
    assert renders == ["one", "two"] and rendered.get_by_text("two")
    rendered.unmount()


def test_keyed_rows_with_unchanged_props_and_bound_method_handlers_are_skipped():
    renders = []

    @component
    def Row(item, selected, on_select):
        renders.append(item)
        return html.li(item, class_="on" if selected else None, on_click=lambda event: on_select(item))

    class List(Component):
        def on_init(self):
            self.state = {"items": ["a", "b", "c"], "selected": None}

        def select(self, item):
            self.set_state(selected=item)

        def render(self):
            selected = self.state["selected"]
            return html.ul([h(Row, {"key": item, "item": item, "selected": item == selected, "on_select": self.select})
                            for item in self.state["items"]])  # fmt: skip

    rendered = render(List)
    assert renders == ["a", "b", "c"]
    click(rendered.get_by_text("b"))
    assert renders == ["a", "b", "c", "b"] and rendered.get_by_text("b").className == "on"
    click(rendered.get_by_text("c"))
    assert renders == ["a", "b", "c", "b", "b", "c"]
    rendered.unmount()


def test_a_dict_the_caller_changes_after_passing_it_is_not_what_the_row_is_compared_with():
    renders = []

    @component
    def Label(text):
        renders.append(text)
        return html.span(text)

    class Parent(Component):
        def on_init(self):
            self.given = [{"key": n, "text": "one"} for n in range(20)]

        def render(self):
            return html.div([h(Label, props) for props in self.given], html.button("go", on_click=self.go))

        def go(self, event):
            for props in self.given:
                props["text"] = "two"  # the dicts the rows were given, changed afterwards...
            self.given = [dict(props) for props in self.given]  # ...and passed again as new dicts
            self.refresh()

    rendered = render(Parent)
    click(rendered.get_by_text("go"))
    assert renders == ["one"] * 20 + ["two"] * 20
    rendered.unmount()


def test_an_equal_value_of_another_type_or_a_pending_update_re_renders_the_row():
    renders = []

    @component
    def Cell(value):
        renders.append(value)
        return html.span(str(value))

    class Grid(Component):
        def on_init(self):
            self.state = {"values": [1] * 20}

        def render(self):
            return html.div([h(Cell, {"key": n, "value": value}) for n, value in enumerate(self.state["values"])])

    rendered = render(Grid)
    grid = rendered.component
    grid.set_state(values=[1] * 10 + [True] + [1] * 9)  # True == 1, but renders "True"
    flush()
    assert renders[20:] == [True] and rendered.get_by_text("True")
    row = grid._vnode.rendered[0].children[4].component
    row.refresh()  # an update pending on row 4 when its parent renders again
    grid.set_state(values=list(grid.state["values"]))
    flush()
    assert renders[21:] == [1]
    rendered.unmount()
