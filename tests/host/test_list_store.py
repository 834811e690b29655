"""ListStore: a list changed by operations, each applied to its own rows only, on the model DOM."""

from __future__ import annotations

import random

import pytest

from wasmui import Component, ListStore, RenderError, Selector, StateError, flush, h, html, mount, template


class Row(Component):
    renders = 0

    def render(self):
        Row.renders += 1
        item = self.props["item"]
        return html.li(item[1], key=item[0], on_click=lambda: self.props["store"].remove(item))


class Table(Component):
    renders = 0

    def on_init(self):
        self.rows = ListStore(lambda item: h(Row, {"key": item[0], "item": item, "store": self.rows}))

    def render(self):
        Table.renders += 1
        return html.ul(self.rows.nodes(), id="list")


@pytest.fixture
def table(container):
    Row.renders = Table.renders = 0
    root = mount(Table, container)
    return root, root.component.rows, container.children[0]


def texts(ul):
    return [li.text_content() for li in ul.children]


def test_each_operation_touches_its_rows_only_and_the_table_never_re_renders(table, host):
    root, rows, ul = table
    rows.extend((i, f"row {i}") for i in range(10))
    flush()
    assert texts(ul) == [f"row {i}" for i in range(10)] and Row.renders == 10
    kept = {li.text_content(): li for li in ul.children}

    del rows[3]  # one removal
    flush()
    assert texts(ul) == [f"row {i}" for i in (0, 1, 2, 4, 5, 6, 7, 8, 9)] and Row.renders == 10
    assert host.batches[-1][0] == 11 and len(host.batches[-1]) == 2  # a single REMOVE
    rows.swap(1, -1)  # two moves, no render
    flush()
    assert texts(ul) == [f"row {i}" for i in (0, 9, 2, 4, 5, 6, 7, 8, 1)] and Row.renders == 10
    assert [op for op in host.batches[-1][::4]] == [10, 10]
    rows[2] = (2, "row 2!")  # same key: the row is patched, one render, one text written
    flush()
    assert texts(ul)[2] == "row 2!" and Row.renders == 11 and host.batches[-1][0] == 9
    rows.insert(0, (20, "row 20"))
    rows.append((21, "row 21"))
    flush()
    assert texts(ul)[0] == "row 20" and texts(ul)[-1] == "row 21" and Row.renders == 13
    # every row that stayed kept its element
    assert all(kept[text] is li for li in ul.children if (text := li.text_content()) in kept)
    assert Table.renders == 1


def test_a_click_in_a_row_removes_it_through_the_store(table, host):
    root, rows, ul = table
    rows.extend([(1, "a"), (2, "b"), (3, "c")])
    flush()
    host.fire(ul.children[1], "click")
    assert texts(ul) == ["a", "c"] and list(rows) == [(1, "a"), (3, "c")]


def test_random_operations_keep_the_dom_equal_to_the_list(table):
    root, rows, ul = table
    model: list = []
    rng = random.Random(3)
    next_id = 0
    for step in range(400):
        choice = rng.randrange(9)
        if choice < 3 or not model:
            next_id += 1
            item = (next_id, f"item {next_id}")
            index = rng.randint(-len(model) - 1, len(model) + 1)
            model.insert(index, item)
            rows.insert(index, item)
        elif choice == 3:
            index = rng.randrange(len(model))
            del model[index]
            del rows[index]
        elif choice == 4:
            index = rng.randrange(len(model))
            item = (model[index][0] if rng.random() < 0.7 else -step, f"changed {step}")
            model[index] = rows[index] = item
        elif choice == 5:
            i, j = rng.randrange(len(model)), rng.randrange(len(model))
            model[i], model[j] = model[j], model[i]
            rows.swap(i, j)
        elif choice == 6:
            assert rows.pop() == model.pop()
        elif choice == 7:
            kept = model[::2] + [(-1000 - step, "new")]
            rng.shuffle(kept)
            model[:] = kept
            rows.replace(kept)
        elif choice == 8 and rng.random() < 0.1:
            model.clear()
            rows.clear()
        elif choice == 8:
            more = [(-2000 - step * 10 - k, f"more {k}") for k in range(rng.randrange(4))]
            if rng.random() < 0.2:
                model[:] = more  # nothing kept: emptied and filled
                rows.replace(more)
            else:
                model.extend(more)
                rows.extend(iter(more))
        assert list(rows) == model
        if rng.random() < 0.1:  # the owner re-renders in the same commit: its list is the same object
            root.component.set_state(step=step)
        if rng.random() < 0.3:  # several operations may wait for one commit
            flush()
            assert texts(ul) == [item[1] for item in model], f"step {step}"
    flush()
    assert texts(ul) == [item[1] for item in model]


def test_rows_are_released_when_removed_and_when_the_list_unmounts(table, host):
    root, rows, ul = table
    rows.extend((i, str(i)) for i in range(5))
    flush()
    first = ul.children[0]
    components = [node.component for node in rows.nodes()]
    rows.remove((0, "0"))
    flush()
    assert not components[0]._alive and all(c._alive for c in components[1:])
    assert first.node_id not in host._nodes
    root.unmount()
    assert not any(c._alive for c in components)
    rows.append((9, "9"))  # no element shows the store now: no commit, nothing to the DOM
    flush()
    assert "shown" not in repr(rows) and len(rows) == 5


def test_a_store_shown_conditionally_is_mounted_again_fresh(container):
    class Toggle(Component):
        def on_init(self):
            self.state = {"shown": True}
            self.rows = ListStore(lambda item: html.li(item, key=item), ["a", "b"])

        def render(self):
            return html.div(html.ul(self.rows.nodes()) if self.state["shown"] else html.p("hidden"))

    root = mount(Toggle, container)
    rows = root.component.rows
    rows.append("c")
    root.component.set_state(shown=False)  # pending "c" is applied, then the list goes
    flush()
    assert container.children[0].text_content() == "hidden" and "shown" not in repr(rows)
    rows.remove("a")  # only the items change while hidden
    root.component.set_state(shown=True)
    flush()
    assert [li.text_content() for li in container.children[0].children[0].children] == ["b", "c"]
    rows.append("d")
    flush()
    assert [li.text_content() for li in container.children[0].children[0].children] == ["b", "c", "d"]


def test_an_empty_store_lets_go_of_its_element_when_it_unmounts(container):
    class Empty(Component):
        def on_init(self):
            self.rows = ListStore(lambda item: html.li(item))

        def render(self):
            return html.ul(self.rows.nodes())

    root = mount(Empty, container)
    rows = root.component.rows
    assert "shown" in repr(rows)
    root.unmount()
    assert "shown" not in repr(rows)


def test_mistakes_are_named(container):
    rows = ListStore(lambda item: f"row {item}")
    with pytest.raises(RenderError, match=r"ListStore: make\(item\) must return a node.*'row 1'"):
        rows.append(1)
    assert len(rows) == 0  # nothing changed
    good = ListStore(lambda item: html.li(item))
    with pytest.raises(TypeError, match=r"use replace\(items\)"):
        good[0:1] = ["x"]
    with pytest.raises(IndexError):
        good[3] = "x"

    class Beside(Component):
        def render(self):
            return html.ul(html.li("head"), good.nodes())

    class Bare(Component):
        def render(self):
            return good.nodes()

    from wasmui import errors

    for component, where in ((Beside, "<ul>"), (Bare, "Bare")):
        mount(component, container).unmount()
        assert f"{where}: a ListStore's nodes() must be an element's only children" in str(errors.recent[-1])


def test_replacing_every_row_empties_the_element_at_once_and_keeping_some_moves_them(table, host):
    from wasmui.ops import Op, decode

    root, rows, ul = table
    rows.replace([(1, "a"), (2, "b"), (3, "c")])
    flush()
    first = {li.text_content(): li for li in ul.children}
    rows.replace([(4, "d"), (5, "e")])  # no row stays: one CLEAR, no removal one by one
    flush()
    kinds = [op[0] for op in decode(host.batches[-1])]
    assert kinds.count(Op.CLEAR) == 1 and Op.REMOVE not in kinds and texts(ul) == ["d", "e"]
    d, e = rows[0], rows[1]
    rows.replace([e, (6, "f"), d])  # kept items keep their rows, moved
    flush()
    assert texts(ul) == ["e", "f", "d"] and Op.CLEAR not in [op[0] for op in decode(host.batches[-1])]
    assert first.keys().isdisjoint(texts(ul))


@template
def item_view(label, item_class, on_select):
    return html.li(label, class_=item_class, on_click=on_select)


class Picker(Component):
    """Rows without a component: template instances made by the store, reading a Selector."""

    makes = 0

    def on_init(self):
        self.state = {"shown": True}
        self.selected = Selector(None)
        self.rows = ListStore(self.make_row)

    def make_row(self, item):
        Picker.makes += 1
        if item == "bad" and self.selected.value == "bad":
            raise ValueError("cannot show 'bad' selected")
        chosen = self.selected.is_selected(item)
        return item_view(item, "chosen" if chosen else None, lambda: self.selected.set(item), key=item)

    def render(self):
        return html.ul(self.rows.nodes()) if self.state["shown"] else html.p("hidden")


def classes(ul):
    return [li.attrs.get("class") for li in ul.children]


@pytest.fixture
def picker(container):
    Picker.makes = 0
    root = mount(Picker, container)
    picker = root.component
    picker.rows.extend(["a", "b", "c", "d"])
    flush()
    return root, picker, container.children[0]


def test_rows_without_components_read_a_selector_and_only_the_changed_rows_are_made_again(picker, host):
    root, app, ul = picker
    assert Picker.makes == 4 and classes(ul) == [None] * 4
    kept = list(ul.children)
    host.fire(ul.children[1], "click")  # selects "b": only row b is made again, patched in place
    assert Picker.makes == 5 and classes(ul) == [None, "chosen", None, None]
    host.fire(ul.children[3], "click")  # "b" -> "d": the two rows whose answer changed
    assert Picker.makes == 7 and classes(ul) == [None, None, None, "chosen"]
    assert list(ul.children) == kept  # patched, never replaced
    assert app.selected.reader_count == 4  # one reader a row, however often it was made

    app.rows[3] = "d"  # an assignment keeps the row's one reader
    app.rows.swap(0, 3)
    flush()
    assert app.selected.reader_count == 4 and texts(ul) == ["d", "b", "c", "a"]
    app.selected.set("a")
    flush()
    assert classes(ul) == [None, None, None, "chosen"]


def test_rows_that_leave_the_list_stop_reading_the_selector(picker):
    root, app, ul = picker
    app.rows.remove("b")
    assert app.selected.reader_count == 3
    app.rows.replace(["c", "e"])  # "c" kept (the same item), a, d gone, e new
    flush()
    assert app.selected.reader_count == 2 and texts(ul) == ["c", "e"]
    makes = Picker.makes
    app.selected.set("a")  # no row reads "a" any more: nothing is made
    flush()
    assert Picker.makes == makes
    app.rows.clear()
    assert app.selected.reader_count == 0
    app.rows.append("f")
    root.unmount()  # the owner unmounts: its rows let go of a selector that may outlive it
    assert app.selected.reader_count == 0


def test_a_store_shown_again_reads_the_selection_as_it_is_then(picker, container):
    root, app, ul = picker
    app.set_state(shown=False)
    flush()
    assert app.selected.reader_count == 0 and container.children[0].text_content() == "hidden"
    app.selected.set("c")  # while hidden, no row reads it
    app.set_state(shown=True)
    flush()
    ul = container.children[0]
    assert classes(ul) == [None, None, "chosen", None] and app.selected.reader_count == 4


def test_a_row_whose_make_raises_when_made_again_is_reported_and_kept(picker, host):
    from wasmui import errors

    root, app, ul = picker
    app.rows.append("bad")
    flush()
    app.selected.set("bad")  # making "bad" selected raises: reported, the row stays as it was
    flush()
    assert "cannot show 'bad' selected" in str(errors.recent[-1]) and "Picker" in str(errors.recent[-1])
    assert texts(ul) == ["a", "b", "c", "d", "bad"] and classes(ul)[-1] is None
    host.fire(ul.children[0], "click")  # the page keeps working
    assert classes(ul)[0] == "chosen"


def test_is_selected_without_a_reader_outside_a_store_is_named():
    with pytest.raises(StateError, match=r"Selector.is_selected\('x'\) needs a reader.*ListStore's make"):
        Selector().is_selected("x")


def test_random_operations_and_selections_keep_template_rows_equal_to_the_list(picker):
    root, app, ul = picker
    model = list(app.rows)
    rng = random.Random(5)
    for step in range(300):
        choice = rng.randrange(7)
        if choice == 0 or not model:
            item = f"n{step}"
            index = rng.randint(0, len(model))
            model.insert(index, item)
            app.rows.insert(index, item)
        elif choice == 1:
            index = rng.randrange(len(model))
            del model[index]
            del app.rows[index]
        elif choice == 2:
            i, j = rng.randrange(len(model)), rng.randrange(len(model))
            model[i], model[j] = model[j], model[i]
            app.rows.swap(i, j)
        elif choice == 3:
            index = rng.randrange(len(model))
            item = model[index] if rng.random() < 0.5 else f"s{step}"  # the same key again, or another
            model[index] = item
            app.rows[index] = item
        elif choice == 4:
            kept = model[::2] + [f"r{step}"]
            rng.shuffle(kept)
            model[:] = kept
            app.rows.replace(kept)
        else:  # select a row, one that left, or none
            app.selected.set(rng.choice([*model, "gone", None]))
        if rng.random() < 0.4:
            flush()
            chosen = app.selected.value
            assert texts(ul) == model, f"step {step}"
            assert classes(ul) == ["chosen" if item == chosen else None for item in model], f"step {step}"
            assert app.selected.reader_count == len(model)
    app.rows.clear()
    assert app.selected.reader_count == 0
