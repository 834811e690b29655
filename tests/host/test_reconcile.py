"""The reconciler on the model DOM: minimal ops, node identity, fewest moves."""

from __future__ import annotations

import random

import pytest

from wasmui import Component, Fragment, flush, h, html, mount, tracker
from wasmui.ops import Op, decode


def moves(batch, parent):
    """INSERT_BEFORE ops into ``parent`` (a move, or the placement of a new child)."""
    return [op for op in decode(batch) if op[0] is Op.INSERT_BEFORE and op[1] == parent.node_id]


def rows(keys):
    return html.ul([html.li(str(k), key=k) for k in keys])


def test_mount_builds_the_tree(container):
    mount(
        html.div(
            html.h1("Title", class_="big", data_role="heading"),
            html.p("a", 1, None, False, ["b", ["c"]]),
            html.input(value="x", checked=True, aria_label="box", style={"font_size": "2px"}),
            id="top",
        ),
        container,
    )
    assert container.children[0].to_html() == (
        '<div id="top"><h1 class="big" data-role="heading">Title</h1><p>a1bc</p>'
        "<input aria-label=\"box\" .checked=True .value='x' style{font-size:2px}></input></div>"
    )


def test_only_the_changed_text_is_touched(host, container):
    class Label(Component):
        def on_init(self):
            self.state = {"text": "one"}

        def render(self):
            return html.div(html.span("static", title="t"), html.b(self.state["text"]))

    root = mount(Label, container)
    root.component.set_state(text="two")
    flush()
    assert decode(host.batches[-1]) == [(Op.SET_TEXT, container.children[0].children[1].children[0].node_id, "two")]


def test_attribute_style_and_handler_changes_are_minimal(host, container):
    root = mount(html.div(title="a", style={"color": "red", "margin": "1px"}, on_click=lambda e: None), container)
    root.render(html.div(title="a", style={"color": "blue"}, on_click=lambda e: None))
    ops = decode(host.batches[-1])
    node_id = container.children[0].node_id
    assert ops == [(Op.SET_STYLE, node_id, "color", "blue"), (Op.SET_STYLE, node_id, "margin", "")]


@pytest.mark.parametrize(
    "new_order, expected_moves",
    [
        (list(reversed(range(1000))), 999),
        ([0] + [998] + list(range(2, 998)) + [1, 999], 2),  # swap rows 2 and 999
        (list(range(500)) + [-1, -2] + list(range(500, 1000)), 2),  # insert in the middle
    ],
)
def test_keyed_reorder_keeps_identity_with_fewest_moves(host, container, new_order, expected_moves):
    root = mount(rows(range(1000)), container)
    ul = container.children[0]
    before = {li.text_content(): li for li in ul.children}
    root.render(rows(new_order))
    assert [li.text_content() for li in ul.children] == [str(k) for k in new_order]
    for li in ul.children:
        if li.text_content() in before:
            assert li is before[li.text_content()]
    assert len(moves(host.batches[-1], ul)) == expected_moves


def test_shuffle_moves_only_what_is_off_the_longest_increasing_run(host, container):
    keys = list(range(1000))
    random.Random(7).shuffle(keys)
    root = mount(rows(range(1000)), container)
    root.render(rows(keys))
    ul = container.children[0]
    assert [li.text_content() for li in ul.children] == [str(k) for k in keys]
    lis = _lis_length(keys)
    assert len(moves(host.batches[-1], ul)) == 1000 - lis


EDITS = ("insert", "remove", "move", "relabel", "swap")


def edit_rows(rng: random.Random, action: str, items: list, next_key: int) -> int:
    """Applies one random ``action`` to ``items`` (``(key, label)`` rows; an empty list
    gets an insert) and returns the next unused key."""
    if action == "insert" or not items:
        items.insert(rng.randint(0, len(items)), (next_key, f"row {next_key}"))
        return next_key + 1
    if action == "remove":
        items.pop(rng.randrange(len(items)))
    elif action == "move":
        items.insert(rng.randint(0, len(items) - 1), items.pop(rng.randrange(len(items))))
    elif action == "relabel":
        i = rng.randrange(len(items))
        items[i] = (items[i][0], items[i][1] + "!")
    else:
        i, j = rng.randrange(len(items)), rng.randrange(len(items))
        items[i], items[j] = items[j], items[i]
    return next_key


@pytest.mark.parametrize("size", [40, 300])
@pytest.mark.parametrize("seed", range(6))
def test_random_edits_with_remembered_nodes_match_a_fresh_render(container, seed, size):
    """Random inserts, removals, moves and relabels, where unchanged items reuse their node
    objects (as a list that remembers its rows does) and a component range holds part of
    the list: the DOM always reads as the list, and a kept key keeps its element."""
    rng = random.Random(seed)
    remembered = {}

    def node(item):
        if item not in remembered:
            remembered[item] = html.li(item[1], key=item[0])
        return remembered[item]

    class Part(Component):
        def render(self):
            return [node(item) for item in self.props["items"]]

    def view(items):
        middle = len(items) // 2
        return html.ul([node(item) for item in items[:middle]], h(Part, {"items": items[middle:], "key": "part"}))

    items = [(k, f"row {k}") for k in range(size)]
    root = mount(view(items), container)
    next_key = size
    for _ in range(25):
        ul = container.children[0]
        half = len(items) // 2  # keys are unique among siblings: a row crossing into Part is new
        before = {li.text_content(): (li, index < half) for index, li in enumerate(ul.children)}
        for _ in range(rng.randint(1, 4)):
            next_key = edit_rows(rng, rng.choice(EDITS), items, next_key)
        root.render(view(list(items)))
        assert [li.text_content() for li in ul.children] == [label for _, label in items]
        half = len(items) // 2
        for index, li in enumerate(ul.children):
            kept, first_half = before.get(li.text_content(), (None, None))
            if kept is not None and first_half == (index < half):
                assert li is kept


@pytest.mark.parametrize("size", [40, 300])
@pytest.mark.parametrize("seed", range(4))
def test_random_edits_of_component_rows_made_anew_match_and_render_only_what_changed(container, seed, size):
    """The ordinary way (#27): every render makes new nodes for keyed component rows, with
    a bound method as a handler. Random inserts, removals, moves, swaps, relabels and
    selections: the DOM reads as the list, a kept key keeps its element, and only the
    rows whose props changed render again (the others are kept by the keyed diff)."""
    rng = random.Random(seed)
    renders = []

    class Row(Component):
        def render(self):
            renders.append(self.props["item"][0])
            row_id, label = self.props["item"]
            return html.li(label + (" *" if self.props["selected"] else ""), on_click=lambda event: self.props["pick"](row_id))

    class Table(Component):
        def pick(self, row_id):
            pass

        def render(self):
            items, selected = self.props["items"], self.props["selected"]
            return html.ul([h(Row, {"key": item[0], "item": item, "selected": item[0] == selected, "pick": self.pick})
                            for item in items])  # fmt: skip

    items = [(k, f"row {k}") for k in range(size)]
    selected = None
    root = mount(h(Table, {"items": list(items), "selected": selected}), container)
    next_key = size
    for _ in range(25):
        ul = container.children[0]
        before = {li.text_content().removesuffix(" *"): li for li in ul.children}
        shown = {item[0]: (item, item[0] == selected) for item in items}
        for _ in range(rng.randint(1, 3)):
            action = rng.choice([*EDITS, "select"])
            if action == "select" and items:
                selected = rng.choice(items)[0]
            else:
                next_key = edit_rows(rng, action, items, next_key)
        del renders[:]
        root.render(h(Table, {"items": list(items), "selected": selected}))
        assert [li.text_content() for li in ul.children] == [label + (" *" if k == selected else "") for k, label in items]
        for li in ul.children:
            kept = before.get(li.text_content().removesuffix(" *"))
            if kept is not None:
                assert li is kept
        changed = [item[0] for item in items if shown.get(item[0]) != (item, item[0] == selected)]
        assert sorted(renders) == sorted(changed)


def _lis_length(seq):
    import bisect

    tails = []
    for x in seq:
        i = bisect.bisect_left(tails, x)
        tails[i : i + 1] = [x]
    return len(tails)


def test_unkeyed_children_patch_by_index_and_types_replace(host, container):
    root = mount(html.div(html.p("a"), html.span("b")), container)
    div = container.children[0]
    p = div.children[0]
    root.render(html.div(html.p("A"), html.em("b")))
    assert div.children[0] is p and p.text_content() == "A"
    assert div.children[1].tag == "em"


def test_component_ranges_and_fragments_reorder(container):
    class Pair(Component):
        def render(self):
            return [html.i(self.props["k"]), html.b(self.props["k"])]

    root = mount(html.div([h(Pair, {"key": k, "k": k}) for k in "abc"]), container)
    root.render(html.div([h(Pair, {"key": k, "k": k}) for k in "cab"]))
    assert container.children[0].text_content() == "ccaabb"
    root.render(html.div(h(Fragment, None, "x", "y"), [h(Pair, {"key": k, "k": k}) for k in "ba"]))
    assert container.children[0].text_content() == "xybbaa"


def test_component_growing_inside_a_list_keeps_its_place(container):
    class Grow(Component):
        def on_init(self):
            self.state = {"n": 1}

        def render(self):
            return [html.span(f"{self.props['k']}{i}") for i in range(self.state["n"])]

    root = mount(html.div(html.b("<"), h(Grow, {"k": "g"}), html.b(">")), container)
    grow = root._vnode.children[0].children[1].component
    grow.set_state(n=3)
    flush()
    assert container.children[0].text_content() == "<g0g1g2>"
    grow.set_state(n=0)
    flush()
    assert container.children[0].to_html() == "<div><b><</b><!----><b>></b></div>"
    grow.set_state(n=2)
    flush()
    assert container.children[0].text_content() == "<g0g1>"


def test_a_vnode_reused_in_two_places_is_copied(container):
    shared = html.br()
    mount(html.div(shared, html.hr(), shared), container)
    assert [c.tag for c in container.children[0].children] == ["br", "hr", "br"]


def test_a_constant_subtree_shared_by_many_rows_keeps_each_rows_handlers(host, container):
    clicks = []
    icon = html.td(html.span("x", on_click=lambda e: clicks.append(1)), class_="icon")  # hoisted, as Babel does

    class Row(Component):
        def render(self):
            return html.tr(html.td(self.props["label"]), icon)

    class Table(Component):
        def on_init(self):
            self.state = {"rows": ["a", "b", "c"]}

        def render(self):
            return html.table([h(Row, {"key": label, "label": label}) for label in self.state["rows"]])

    root = mount(Table, container)
    root.component.set_state(rows=["b", "c"])
    flush()
    spans = [node for node in container.walk() if node.tag == "span"]
    for span in spans:
        host.fire(span, "click")
    assert len(spans) == 2 and len(clicks) == 2


def test_clear_and_replace_all_use_one_op(host, container):
    root = mount(rows(range(100)), container)
    root.render(rows(range(100, 200)))
    ops = decode(host.batches[-1])
    assert sum(op[0] is Op.CLEAR for op in ops) == 1 and not any(op[0] is Op.REMOVE for op in ops)
    root.render(rows([]))
    assert decode(host.batches[-1]) == [(Op.CLEAR, container.children[0].node_id)]
    assert host.live_nodes == 2  # the container and the <ul>


def test_components_and_fragments_inside_svg_render_svg_elements(host, container):
    class Dot(Component):
        def render(self):
            return h(Fragment, None, h("circle", {"r": 1}), h("foreignObject", None, html.b("x")))

    mount(html.div(h("svg", None, h(Dot), h("g", None, h(Dot))), html.p("after")), container)
    created = {op[2]: op[0] for op in decode(host.batches[-1]) if op[0] in (Op.CREATE_ELEMENT, Op.CREATE_SVG_ELEMENT)}
    assert created == {
        "div": Op.CREATE_ELEMENT, "svg": Op.CREATE_SVG_ELEMENT, "g": Op.CREATE_SVG_ELEMENT,
        "circle": Op.CREATE_SVG_ELEMENT, "foreignObject": Op.CREATE_SVG_ELEMENT,
        "b": Op.CREATE_ELEMENT, "p": Op.CREATE_ELEMENT,
    }  # fmt: skip


def test_a_large_removal_is_freed_in_pieces_while_the_idle_period_lasts(host, container):
    """Freeing 1,000 rows takes milliseconds: it stops when the idle period is nearly over
    and goes on in the next one, a piece of rows at a time, instead of running into the
    next frame."""
    import gc
    import weakref

    from wasmui import runtime

    class Row(Component):
        def render(self):
            return html.li(self.props["n"])

    class List(Component):
        def on_init(self):
            self.state = {"rows": list(range(300))}

        def render(self):
            return html.ul([h(Row, {"key": n, "n": str(n)}) for n in self.state["rows"]])

    root = mount(List, container)
    rows = [weakref.ref(c) for c in list(tracker.components.values()) if isinstance(c, Row)]
    gc.disable()
    try:
        root.component.set_state(rows=[])  # a clear: the 300 rows wait for an idle period
        host.run_frame()
        alive = lambda: sum(ref() is not None for ref in rows)  # noqa: E731
        assert alive() == 300
        checks = iter([5.0, 5.0, 0.5])  # two pieces fit in this idle period, then it ends
        runtime.current_runtime.free_removed(lambda: next(checks))
        assert 300 - 2 * runtime.PIECE <= alive() < 300 - runtime.PIECE  # (a piece also holds the old <ul>)
        assert host.run_idle()  # the rest was asked for the next idle period (endless in tests)
        assert alive() == 0
    finally:
        gc.enable()
    root.unmount()


def test_removed_trees_are_freed_by_reference_counting_once_idle(host, container):
    """No cycles in a mounted tree (no parent links): a removed tree is freed by
    reference counting alone, and only after the paint (host's idle callback)."""
    import gc
    import weakref

    refs = []

    class Row(Component):
        def render(self):
            return html.tr(html.td(self.props["n"]), html.td(html.a("x", on_click=lambda e: None)), ref=refs.append)

    class Table(Component):
        def on_init(self):
            self.state = {"rows": list(range(50))}

        def render(self):
            return html.table(html.tbody([h(Row, {"key": n, "n": str(n)}) for n in self.state["rows"]]))

    root = mount(Table, container)
    host.run_frame()
    table = root.component
    rows_before = [weakref.ref(c) for c in list(tracker.components.values()) if isinstance(c, Row)]
    assert len(rows_before) == 50
    gc.disable()
    try:
        table.set_state(rows=list(range(10, 50)))  # remove ten
        assert host.run_frame()
        assert sum(ref() is not None for ref in rows_before) == 50  # kept until idle...
        assert all(ref()._unmounted for ref in rows_before[:10])  # ...but unmounted at once
        assert host.run_idle()
        assert sum(ref() is not None for ref in rows_before) == 40
        table.set_state(rows=[])  # clear
        host.run_frame()
        host.run_idle()
        assert sum(ref() is not None for ref in rows_before) == 0
        # ...and their handlers and refs were released at unmount
        assert len(root.events) == 0
        assert len(refs) == 100 and refs.count(None) == 50
    finally:
        gc.enable()
    root.unmount()


def test_an_event_leaves_the_collection_it_owes_for_the_idle_period(host, container):
    """The cyclic GC waits while an event runs; if the event allocated a collection's worth,
    it comes back only after that collection, in the idle period (not at the next
    allocation, inside the interaction)."""
    import gc

    class Maker(Component):
        def on_init(self):
            self.state = {"n": 0}

        def render(self):
            return html.button(str(self.state["n"]), on_click=self.make)

        def make(self):
            self.kept = [[i] for i in range(gc.get_threshold()[0] * 2)]
            self.set_state(n=self.state["n"] + 1)

    mount(Maker, container)
    button = container.children[0]
    gc.collect()
    assert gc.isenabled()
    host.fire(button, "click")
    assert button.text_content() == "1" and not gc.isenabled()  # owed, not collected in the click
    assert host.run_idle()
    assert gc.isenabled() and gc.get_count()[0] < gc.get_threshold()[0]
    host.fire(button, "click")
    host.run_idle()
    assert gc.isenabled()
