"""MappedList (nodes remembered per item) and Selector (only the readers whose answer
changed re-render), on the model DOM."""

from __future__ import annotations

import pytest

from wasmui import Component, MappedList, Selector, StateError, flush, h, html, mount


def test_mapped_list_makes_a_node_once_per_item_and_forgets_the_items_that_left():
    made = []

    def make(item):
        made.append(item)
        return html.li(item[1], key=item[0])

    rows = MappedList(make)
    a, b, c = (1, "a"), (2, "b"), (3, "c")
    first = rows([a, b, c])
    assert made == [a, b, c]
    again = rows([c, a, b])  # a move: every node remembered, none made
    assert made == [a, b, c] and again == [first[2], first[0], first[1]]
    assert rows([a, (2, "b!"), c])[1] is not first[1]  # a changed item (a new tuple) gets a new node
    assert made[-1] == (2, "b!")
    rows([a])
    assert len(rows) == 1  # b and c are forgotten, with their nodes


def test_mapped_list_matches_unhashable_items_by_identity():
    rows = MappedList(lambda item: html.li(item["name"], key=item["name"]))
    x, y = {"name": "x"}, {"name": "y"}
    first = rows([x, y])
    assert rows([y, x]) == [first[1], first[0]]
    assert rows([{"name": "x"}, y])[0] is not first[0]  # an equal but new dict is a new item


def test_selector_re_renders_only_the_readers_whose_answer_changed(container):
    renders = []

    class Item(Component):
        def render(self):
            renders.append(self.props["id"])
            chosen = self.props["selected"].is_selected(self.props["id"], self)
            return html.li(str(self.props["id"]), class_="on" if chosen else None)

    class List(Component):
        def on_init(self):
            self.selected = Selector()
            self.state = {"ids": list(range(50))}

        def render(self):
            return html.ul([h(Item, {"key": i, "id": i, "selected": self.selected}) for i in self.state["ids"]])

    root = mount(List, container)
    selected = root.component.selected
    renders.clear()
    selected.set(7)
    flush()
    assert renders == [7]
    selected.set(9)
    flush()
    assert sorted(renders) == [7, 7, 9]
    assert [li.getAttribute("class") for li in container.children[0].children].count("on") == 1
    selected.set(9)  # already selected: nothing
    flush()
    assert len(renders) == 3
    root.component.set_state(ids=list(range(10)))
    flush()
    assert selected.reader_count == 10  # the 40 removed items are forgotten
    root.unmount()
    assert selected.reader_count == 0


def test_selector_needs_the_rendering_component_as_its_reader(container):
    class Plain(Component):
        def render(self):
            return html.p("x")

    root = mount(Plain, container)
    with pytest.raises(StateError, match=r"is_selected\(3\) needs the component whose render\(\) is running"):
        Selector().is_selected(3, root.component)


def test_mapped_list_refuses_a_make_that_returns_no_node(container):
    class Broken(Component):
        def on_init(self):
            self.rows = MappedList(lambda item: f"row {item}")

        def render(self):
            return html.ul(self.rows([1, 2]))

    from wasmui import errors

    before = len(errors.recent)
    mount(Broken, container)
    report = errors.recent[-1]
    assert len(errors.recent) == before + 1
    assert "MappedList: make(item) must return a node" in str(report) and "'row 1'" in str(report)


def test_selector_keeps_several_readers_of_one_key(container):
    renders = []

    class Badge(Component):
        def render(self):
            renders.append(self.props["name"])
            on = self.props["selected"].is_selected(1, self)
            return html.span(self.props["name"], class_="on" if on else None)

    class Pair(Component):
        def on_init(self):
            self.selected = Selector()
            self.state = {"names": ["a", "b"]}

        def render(self):
            return html.div([h(Badge, {"key": n, "name": n, "selected": self.selected}) for n in self.state["names"]])

    root = mount(Pair, container)
    selected = root.component.selected
    assert selected.reader_count == 2
    renders.clear()
    selected.set(1)
    flush()
    assert sorted(renders) == ["a", "b"]
    assert [s.getAttribute("class") for s in container.children[0].children] == ["on", "on"]
    root.component.set_state(names=["b"])  # one reader of the key leaves; the other stays
    flush()
    assert selected.reader_count == 1
    renders.clear()
    selected.set(2)
    flush()
    assert renders == ["b"]
    root.unmount()
    assert selected.reader_count == 0


def test_a_component_reads_only_what_its_latest_render_read(container):
    """A detail view asking about the item it shows now: every other key it asked about
    before is let go, so its subscriptions do not grow with the items it has shown."""
    renders = []

    class Detail(Component):
        def on_init(self):
            self.state = {"shown": 0}

        def render(self):
            renders.append(self.state["shown"])
            selected = self.props["selected"]
            if self.state["shown"] == "boom":
                selected.is_selected("boom", self)
                raise ValueError("cannot show boom")
            chosen = self.state["shown"] is not None and selected.is_selected(self.state["shown"], self)
            return html.p(f"{self.state['shown']}{' (selected)' if chosen else ''}")

    selected = Selector()
    root = mount(Detail, container, {"selected": selected})
    for shown in range(1, 50):
        root.component.set_state(shown=shown)
        flush()
    assert selected.reader_count == 1
    renders.clear()
    selected.set(3)  # a key it read long ago: no render
    flush()
    assert renders == []
    selected.set(49)
    flush()
    assert renders == [49] and container.children[0].text_content() == "49 (selected)"
    root.component.set_state(shown=None)  # reads nothing now
    flush()
    assert selected.reader_count == 0
    root.component.set_state(shown=7)
    flush()
    root.component.set_state(shown="boom")  # a failed render keeps its old output: and what it read
    flush()
    assert container.children[0].text_content() == "7" and selected.reader_count == 2
    selected.set(7)
    flush()
    assert renders[-1] == "boom"  # it re-rendered for key 7 (and failed again, reported)
    root.unmount()
    assert selected.reader_count == 0
