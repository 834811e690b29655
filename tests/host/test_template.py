"""Templates on the model DOM: same DOM as the element tree, ops only for changed holes."""

from __future__ import annotations

import pytest

from wasmui import Component, RenderError, UnsafeContentWarning, flush, h, html, mount, template
from wasmui.ops import Op, decode


def row_markup(row_id, label, row_class, on_select, on_remove):
    return html.tr(
        html.td(row_id, class_="col-md-1"),
        html.td(html.a(label, on_click=on_select), class_="col-md-4"),
        html.td(html.a(html.span(class_="icon", aria_hidden="true"), on_click=on_remove), class_="col-md-1"),
        html.td(class_="col-md-6"),
        class_=row_class,
    )


row = template(row_markup)


class Table(Component):
    def on_init(self):
        self.state = {"rows": [(1, "one"), (2, "two"), (3, "three")], "selected": 0}
        self.log = []

    def render(self):
        selected = self.state["selected"]
        return html.table(
            html.tbody(
                [
                    row(
                        row_id, label, "danger" if row_id == selected else None,
                        lambda e, r=row_id: self.set_state(selected=r),
                        lambda e, r=row_id: self.set_state(rows=[x for x in self.state["rows"] if x[0] != r]),
                        key=row_id,
                    )
                    for row_id, label in self.state["rows"]
                ]
            )
        )  # fmt: skip


def plain_table(rows, selected=0):
    noop = lambda e: None  # noqa: E731
    return html.table(html.tbody([
        row_markup(r, label, "danger" if r == selected else None, noop, noop) for r, label in rows
    ]))  # fmt: skip


def test_instances_build_the_same_dom_as_the_element_tree(host, container):
    root = mount(Table, container)
    other = host.document.__class__("element", "div")
    host.document.insert_before(other, None)
    mount(plain_table([(1, "one"), (2, "two"), (3, "three")]), other)
    assert container.children[0].to_html() == other.children[0].to_html()
    # the prototype is sent once; each instance is one clone and its non-empty holes
    ops = decode(host.batches[0])
    assert sum(op[0] is Op.DEFINE_TEMPLATE for op in ops) == 1
    assert sum(op[0] is Op.CLONE_TEMPLATE for op in ops) == 3
    root.component.set_state(rows=[(4, "four")])
    flush()
    assert not any(op[0] is Op.DEFINE_TEMPLATE for op in decode(host.batches[-1]))


def test_only_changed_holes_are_written_and_handlers_swap_silently(host, container):
    root = mount(Table, container)
    table = root.component
    links = [node for node in container.walk() if node.tag == "a"]
    host.fire(links[2], "click")  # the second row's first link selects it
    ops = decode(host.batches[-1])
    tr = container.children[0].children[0].children[1]
    assert ops == [(Op.SET_ATTR, tr.node_id, "class", "danger")]  # new lambdas for every row: no ops
    table.set_state(rows=[(1, "one"), (2, "TWO"), (3, "three")])
    flush()
    label = tr.children[1].children[0].children[0]
    assert decode(host.batches[-1]) == [(Op.SET_TEXT, label.node_id, "TWO")]
    assert tr.attrs["class"] == "danger"
    table.set_state(selected=0)
    flush()
    assert decode(host.batches[-1]) == [(Op.REMOVE_ATTR, tr.node_id, "class")]


def test_handlers_fire_and_are_released_with_their_instance(host, container):
    root = mount(Table, container)
    remove_links = [node for node in container.walk() if node.tag == "a"][1::2]
    host.fire(remove_links[0].children[0], "click")  # a click on the icon bubbles to the link
    assert [tr.children[0].text_content() for tr in container.children[0].children[0].children] == ["2", "3"]
    flush()
    assert len(root.events) == 4  # two rows, two links each
    root.component.set_state(rows=[])
    flush()
    assert len(root.events) == 0 and host.live_nodes == 3  # container, table, tbody


def test_keyed_instances_move_without_being_rebuilt(host, container):
    root = mount(Table, container)
    tbody = container.children[0].children[0]
    before = list(tbody.children)
    root.component.set_state(rows=[(3, "three"), (2, "two"), (1, "one")])
    flush()
    assert tbody.children == before[::-1]
    ops = decode(host.batches[-1])
    assert {op[0] for op in ops} == {Op.INSERT_BEFORE} and len(ops) == 2


def test_svg_templates_inherit_the_namespace_and_each_namespace_has_its_own_prototype(host, container):
    dot = template(lambda r: h("circle", {"r": r}))
    mount(html.div(h("svg", None, dot(1), dot(2)), html.p(dot(3))), container)
    ops = decode(host.batches[-1])
    defined = [op for op in ops if op[0] is Op.DEFINE_TEMPLATE]
    assert len(defined) == 2 and defined[0][1] != defined[1][1]
    created = [op for op in ops if op[0] in (Op.CREATE_ELEMENT, Op.CREATE_SVG_ELEMENT) and op[2] == "circle"]
    assert [op[0] for op in created] == [Op.CREATE_SVG_ELEMENT, Op.CREATE_ELEMENT]


def test_hole_values_go_through_the_attribute_checks(host, container):
    link = template(lambda href, text: html.a(text, href=href))
    with pytest.warns(UnsafeContentWarning, match="refused <a href>"):
        mount(html.div(link("javascript:alert(1)", "x"), link("/ok", "y")), container)
    anchors = [node for node in container.walk() if node.tag == "a"]
    assert "href" not in anchors[0].attrs and anchors[1].attrs["href"] == "/ok"


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        (lambda x: html.p("yes" if x else "no"), "parameter 'x' is tested while compiling"),
        (lambda x: html.p(f"{x}!"), "parameter 'x' is used inside an expression in a text"),
        (lambda x: html.p(class_="a " + x), "parameter 'x' is used inside an expression in <p> prop 'class'"),
        (lambda x: html.p(style=x), "prop 'style' cannot be a parameter"),
        (lambda x: html.p(x, on_click=print), "prop 'on_click' must be a parameter"),
        (lambda x: h(Table), "must return one element"),
        (lambda x: html.div(h(Table)), "Table inside a template"),
        (lambda x: html.ul(html.li(x, key=1)), "keys inside a template"),
    ],
)
def test_compile_errors_name_the_template_and_the_parameter(markup, message):
    markup.__qualname__ = "sample"
    with pytest.raises(RenderError, match=message) as caught:
        template(markup)
    assert "template sample" in str(caught.value)


def test_bad_values_are_refused_when_the_instance_is_built():
    item = template(lambda label, on_pick: html.li(label, on_click=on_pick))
    with pytest.raises(RenderError, match="template .* parameter 'label' must be a str, number, bool or None, got dict"):
        item({"a": 1}, None)
    with pytest.raises(RenderError, match="parameter 'on_pick' is a handler and must be callable, got str"):
        item("x", "alert(1)")
    with pytest.raises(RenderError, match="takes 2 values"):
        item("x")
    # values that passed once are remembered by type; other types are still checked
    item("x", print)
    item("y", lambda: None)
    with pytest.raises(RenderError, match="parameter 'label' must be a str"):
        item(["x"], print)
    with pytest.raises(RenderError, match="parameter 'on_pick' is a handler and must be callable, got str"):
        item("x", "alert(1)")


def test_the_builder_takes_plain_values_at_once_and_checks_everything_else():
    """What ``@template`` returns is a function made for the template: plain values,
    functions and None pass straight to the instance; a subclass is converted, a callable
    object or a key of another type goes through the template's checks, as before."""
    import functools

    from wasmui.template import Template

    item = template(lambda label, count, on_pick: html.li(label, html.b(count), on_click=on_pick))
    assert isinstance(item.template, Template) and item.__name__ == "<lambda>"
    node = item("a", 1, None, key=5)
    assert node.type is item.template and node.props == ("a", 1, None) and node.key == 5

    class Label(str):
        def __str__(self):
            raise AssertionError("a subclass's own __str__ never runs")

    converted = item(Label("b"), 2.5, functools.partial(print, "picked"), key="k")
    assert converted.props[0].__class__ is str and converted.props[0] == "b" and converted.key == "k"
    with pytest.raises(RenderError, match="key"):
        item("c", 3, None, key=[1])
    with pytest.raises(RenderError, match="parameter 'count' must be a str, number, bool or None, got list"):
        item("c", [3], None)
