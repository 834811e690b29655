"""The first-hour fixes of #24 on the model DOM: which handlers receive the event, a
prop a function component does not accept, the unkeyed-reorder warning, and warnings
that name the user's file and line. The browser proofs are in
tests/browser/test_first_hour.py."""

from __future__ import annotations

import functools

import pytest

from wasmui import Component, MountError, RenderError, component, errors, h, html, mount
from wasmui.hooks import accepted_props
from wasmui.events import call_handler
from wasmui.testing import click, render

# --- 1. only required positional parameters receive the event -------------------------


class Cart:
    def __init__(self):
        self.items = ["a", "b", "c"]
        self.removed = []

    def remove(self, pid):
        self.removed.append(pid)


def test_a_default_bound_loop_variable_is_not_replaced_by_the_event(host):
    cart = Cart()

    class List(Component):
        def render(self):
            return html.ul([html.li(html.button(f"remove {pid}", on_click=lambda pid=pid: cart.remove(pid))) for pid in cart.items])

    view = render(List)
    click(view.get_by_text("remove b"))
    click(view.get_by_text("remove c"))
    assert cart.removed == ["b", "c"]
    view.unmount()


class Handlers:
    """Every kind of callable, each recording what it was called with."""

    def __init__(self):
        self.calls = []

    def method(self, event):
        self.calls.append(("method", event))

    def method_no_event(self):
        self.calls.append(("method_no_event",))

    def method_default(self, event=None):
        self.calls.append(("method_default", event))

    @classmethod
    def class_method(cls, event):
        cls.last = event

    def __call__(self, event):
        self.calls.append(("object", event))


class NoEventObject:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1


def _record(log, name, *args, **kwargs):
    log.append((name, args, kwargs))


def test_an_async_handler_runs_as_a_task_of_its_component_and_its_error_is_reported(host):
    """``async def`` handlers (one awaiting ``dom.call(ref, "focus")``, as the worker-mode
    messages advise) used to be called and dropped: the coroutine never ran, with only a
    "never awaited" warning pointing into wasmui. Now each runs as a task of its component,
    cancelled if the component unmounts first; an error in it is reported as a handler's."""
    import asyncio

    ran = []

    class Saver(Component):
        async def save(self, event):
            await asyncio.sleep(0)
            ran.append(event.type)
            self.set_state(saved=True)

        async def fail(self):
            await asyncio.sleep(0)
            raise ValueError("the save failed")

        async def slow(self):
            await asyncio.sleep(60)
            ran.append("too late")

        def render(self):
            return html.div(html.button("save", on_click=self.save), html.button("fail", on_click=self.fail),
                            html.button("slow", on_click=self.slow), html.p("saved" if self.state.get("saved") else ""))

    async def main():
        view = render(Saver)
        click(view.get_by_text("save"))
        click(view.get_by_text("fail"))
        click(view.get_by_text("slow"))
        for _ in range(3):
            await asyncio.sleep(0)
        assert ran == ["click"]
        assert [r for r in errors.recent if "the save failed" in str(r)], list(errors.recent)
        assert [r.name for r in view.root.component.scope._resources if r.name.endswith("Saver.slow")]  # the waiting task, named for the inspector
        view.unmount()  # cancels the waiting one
        await asyncio.sleep(0)
        assert ran == ["click"]

    asyncio.run(main())



@pytest.mark.parametrize("round_", [1, 2], ids=["first-call", "cached"])
def test_each_kind_of_callable_gets_the_event_only_for_a_required_positional_parameter(round_):
    event = object()
    log = []
    handlers = Handlers()
    for _ in range(round_):  # the second round reads the per-code cache
        log.clear()
        handlers.calls.clear()
        call_handler(lambda e: log.append(("one", e)), event)
        call_handler(lambda: log.append(("none",)), event)
        call_handler(lambda pid=7: log.append(("default", pid)), event)
        call_handler(lambda e, pid=7: log.append(("both", e, pid)), event)
        call_handler(lambda *args: log.append(("args", args)), event)
        call_handler(lambda *, flag=True: log.append(("kwonly", flag)), event)
        call_handler(lambda **kwargs: log.append(("kwargs", kwargs)), event)
        call_handler(handlers.method, event)
        call_handler(handlers.method_no_event, event)
        call_handler(handlers.method_default, event)
        call_handler(Handlers.class_method, event)
        call_handler(handlers, event)
        call_handler(functools.partial(_record, log, "partial-takes"), event)
        call_handler(functools.partial(lambda pid: log.append(("partial-full", pid)), 3), event)
        call_handler(functools.partial(lambda pid, e: log.append(("partial-rest", pid, e)), 3), event)
    assert log == [
        ("one", event), ("none",), ("default", 7), ("both", event, 7), ("args", (event,)), ("kwonly", True),
        ("kwargs", {}), ("partial-takes", (event,), {}), ("partial-full", 3), ("partial-rest", 3, event),
    ]  # fmt: skip
    assert handlers.calls == [("method", event), ("method_no_event",), ("method_default", None), ("object", event)]
    assert Handlers.last is event
    no_event = NoEventObject()
    call_handler(no_event, event)
    assert no_event.calls == 1
    assert call_handler(len, [1, 2]) == 2  # a builtin (no signature to read) gets the event, as before


def test_the_same_code_with_a_bound_and_an_unbound_use_is_answered_for_each():
    event = object()
    seen = []

    class Box:
        def take(self, value=None):
            seen.append((self, value))

    box = Box()
    for _ in range(2):
        call_handler(box.take, event)  # bound: only `value` is left, and it has a default
        call_handler(Box.take, event)  # the plain function: `self` is required, so it gets the event
    assert seen == [(box, None), (event, None)] * 2


# --- 2. a prop a function component does not accept -------------------------------------


@component
def Price(amount, currency="EUR"):
    return html.span(f"{amount} {currency}")


@component
def Anything(**props):
    return html.span(",".join(sorted(props)))


@component
def Card(title, children):
    return html.section(html.h2(title), children)


def test_an_unaccepted_prop_is_a_render_error_naming_the_component_the_prop_and_its_definition(container):
    before = len(errors.recent)
    root = mount(h(Price, {"amount": 3, "colour": "red"}), container)
    assert len(errors.recent) == before + 1
    report = errors.recent[-1]
    assert report.error_type == "RenderError" and report.component == "Price" and report.phase == "render"
    assert "Price (" in report.message and "test_first_hour.py:" in report.message
    assert "does not accept the prop 'colour'; it takes: amount, currency" in report.message
    assert "During handling" not in report.traceback  # the TypeError behind it is not shown twice
    root.unmount()


def test_a_missing_required_prop_is_named_too(container):
    root = mount(h(Price, {}), container)
    assert "Price (" in errors.recent[-1].message and "needs the prop 'amount'" in errors.recent[-1].message
    root.unmount()


def test_a_type_error_inside_the_function_is_left_as_it_is(container):
    @component
    def Broken(n):
        return html.span(len(n))  # TypeError: object of type 'int' has no len()

    root = mount(h(Broken, {"n": 1}), container)
    assert errors.recent[-1].error_type == "TypeError" and "has no len()" in errors.recent[-1].message
    root.unmount()


def test_key_is_never_a_prop_children_go_only_where_taken_and_star_star_props_takes_anything(container):
    root = mount(
        html.div(
            h(Price, {"amount": 1, "key": "k"}),
            h(Price, {"amount": 2}, "children are dropped for a function without the parameter"),
            h(Anything, {"a": 1, "b": 2, "key": "x"}, "kids"),
            h(Card, {"title": "T"}, "inside"),
        ),
        container,
    )
    assert container.to_html() == (
        '<div id="app"><div><span>1 EUR</span><span>2 EUR</span><span>a,b,children</span>'
        "<section><h2>T</h2>inside</section></div></div>"
    )
    root.unmount()


def test_ref_on_a_function_component_is_a_plain_prop_and_must_be_accepted(container):
    root = mount(h(Price, {"amount": 1, "ref": lambda el: None}), container)
    assert "does not accept the prop 'ref'" in errors.recent[-1].message
    root.unmount()


def test_accepted_props_lists_a_function_components_parameters():
    assert accepted_props(Price) == {"amount", "currency"}
    assert accepted_props(Card) == {"title", "children"}
    assert accepted_props(Anything) is None

    class Plain(Component):
        pass

    assert accepted_props(Plain) is None
    assert issubclass(RenderError, TypeError)


# --- 4. every wasmui warning names the user's file and line ----------------------------

import warnings  # noqa: E402

from wasmui import MutatedPropWarning, UnknownEventWarning, flush  # noqa: E402

THIS_FILE = __file__


def _line_of(tag: str) -> int:
    """The line of this file marked with the comment ``# <tag>`` (once)."""
    lines = [n for n, line in enumerate(open(THIS_FILE).read().splitlines(), 1) if line.endswith(f"# {tag}")]
    assert len(lines) == 1, (text, lines)
    return lines[0]


def _caught(action):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    return caught


class Typo(Component):
    def render(self):
        return html.div(
            html.p("a long render"),
            html.button("save", on_clik=lambda: None),  # the typo's line
        )


def test_an_unknown_event_names_the_line_that_built_the_element(container):
    caught = _caught(lambda: mount(Typo, container).unmount())
    (warning,) = [w for w in caught if w.category is UnknownEventWarning]
    assert (warning.filename, warning.lineno) == (THIS_FILE, _line_of("the typo's line"))


@component
def TypoFunction():
    return html.button("save", on_dbclick=lambda: None)  # a function component's typo


def test_an_unknown_event_in_a_function_component_names_its_line(container):
    caught = _caught(lambda: mount(TypoFunction, container).unmount())
    (warning,) = [w for w in caught if w.category is UnknownEventWarning]
    assert (warning.filename, warning.lineno) == (THIS_FILE, _line_of("a function component's typo"))


class Items(Component):
    def render(self):
        return html.ul([html.li(item) for item in self.props["items"]])


class Board(Component):
    def on_init(self):
        self.state = {"items": ["a"]}

    def add(self):
        self.state["items"].append("b")  # mutated in place
        self.refresh()

    def render(self):
        return html.div(
            h(Items, {"items": self.state["items"]}),  # where Board passes the prop
        )


def test_a_mutated_prop_names_the_line_where_the_parent_passes_it(container):
    root = mount(Board, container)
    root.component.add()
    caught = _caught(flush)
    (warning,) = [w for w in caught if w.category is MutatedPropWarning]
    assert (warning.filename, warning.lineno) == (THIS_FILE, _line_of("where Board passes the prop"))
    root.unmount()


def test_set_state_after_unmount_and_a_second_unmount_name_the_callers_line(container):
    root = mount(Board, container)
    board = root.component
    root.unmount()
    caught = _caught(lambda: board.set_state(items=[]))  # set_state after unmount
    assert [(w.filename, w.lineno) for w in caught] == [(THIS_FILE, _line_of("set_state after unmount"))]
    caught = _caught(lambda: root.unmount())  # unmount twice
    assert [(w.filename, w.lineno) for w in caught] == [(THIS_FILE, _line_of("unmount twice"))]


def test_a_warning_for_a_class_component_without_its_own_render_names_its_class_line():
    class Bare(Component):  # a class line
        pass

    site = errors.definition_site(Bare)
    assert (site.filename, site.lineno) == (THIS_FILE, _line_of("a class line"))


def test_warnings_in_a_user_module_are_shown_once_per_place_under_the_default_filter(container):
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for _ in range(3):
            mount(TypoFunction, container).unmount()
    assert len([w for w in caught if w.category is UnknownEventWarning]) == 1


def test_no_warnings_warn_call_is_left_in_wasmui():
    """One helper for every warning (errors.warn), so none can point into wasmui again."""
    import pathlib

    import wasmui

    package = pathlib.Path(wasmui.__file__).parent
    left = [str(path.relative_to(package)) for path in package.rglob("*.py") if "warnings.warn(" in path.read_text()]
    assert left == []


# --- 3. stateful children without keys that change order warn once -----------------------

from wasmui import UnkeyedReorderWarning, unkeyed  # noqa: E402


class Row(Component):
    def render(self):
        return html.li(self.props["label"])


class Rows(Component):
    """Rows of one kind, in the order of state["labels"], keyed or not."""

    def on_init(self):
        self.state = {"labels": ["a", "b", "c"]}

    def render(self):
        make = self.props["make"]
        return html.ul([make(label) for label in self.state["labels"]])  # the rows' parent


def _reorders(container, make, *orders):
    """The reorder warnings of mounting Rows with ``make`` and going through ``orders``
    (each call starts afresh: the warning comes once per place and process)."""
    unkeyed._warned.clear()
    root = mount(h(Rows, {"make": make}), container)
    caught = []
    for labels in orders:
        root.component.set_state(labels=labels)
        caught += [w for w in _caught(flush) if w.category is UnkeyedReorderWarning]
    root.unmount()
    return caught


def test_components_without_keys_that_change_order_warn_once_naming_the_parent_and_the_line(container):
    caught = _reorders(container, lambda label: h(Row, {"label": label}), ["c", "a", "b"], ["b", "c", "a"])
    assert len(caught) == 1  # once per place, not at every reorder
    message = str(caught[0].message)
    assert message.startswith("Rows: 3 children of <ul> without keys changed order (Row)") and "key=" in message
    assert (caught[0].filename, caught[0].lineno) == (THIS_FILE, _line_of("the rows' parent"))


def test_elements_holding_inputs_warn_and_plain_elements_do_not(container):
    with_input = _reorders(container, lambda label: html.li(html.label(label), html.input()), ["b", "a", "c"])
    assert len(with_input) == 1 and "(<li>)" in str(with_input[0].message)
    assert _reorders(container, lambda label: html.li(label), ["c", "b", "a"]) == []
    assert _reorders(container, lambda label: html.textarea(placeholder=label), ["c", "b", "a"])


def test_keys_edits_insertions_and_removals_do_not_warn(container):
    keyed = lambda label: h(Row, {"label": label, "key": label})  # noqa: E731
    assert _reorders(container, keyed, ["c", "a", "b"]) == []
    unkeyed = lambda label: h(Row, {"label": label})  # noqa: E731
    assert _reorders(container, unkeyed, ["a", "B", "c"], ["a", "c"], ["x", "a", "c"], ["a", "c", "x", "y"]) == []
    # one stateful child among plain ones: nothing whose state could move to another's place
    one = lambda label: html.li(html.input()) if label == "a" else html.li(label)  # noqa: E731
    assert _reorders(container, one, ["b", "a", "c"]) == []


def test_the_state_of_an_unkeyed_row_stays_at_its_position_which_is_what_the_warning_is_about(container):
    class Counted(Component):
        def on_init(self):
            self.state = {"mine": self.props["label"]}

        def render(self):
            return html.li(f"{self.props['label']}:{self.state['mine']}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root = mount(h(Rows, {"make": lambda label: h(Counted, {"label": label})}), container)
        root.component.set_state(labels=["c", "b", "a"])
        flush()
    assert container.to_html() == '<div id="app"><ul><li>c:a</li><li>b:b</li><li>a:c</li></ul></div>'
    root.unmount()



# --- a missing await (worker mode's dom.read, any coroutine) ---------------------------


async def read_width():
    return 240


class Measured(Component):
    def on_init(self):
        self.state = {"width": 0}

    def measure(self):
        self.set_state(width=read_width())  # the mistake: not awaited

    def render(self):
        return html.p(f"width {self.state['width']}", html.button("Measure", on_click=self.measure))


def test_a_coroutine_stored_as_state_or_rendered_says_await_is_missing(recwarn):
    view = render(Measured)
    click(view.get_by_text("Measure"))
    message = next(str(w.message) for w in recwarn if "coroutine" in str(w.message) and "set_state" in str(w.message))
    assert message.startswith("Measured.set_state(width=...): a coroutine, not its result: a missing `await`?"), message
    view.component.state["width"].close()  # (not awaited: closed, so Python does not warn again)
    view.unmount()
    pending = read_width()
    with pytest.raises(RenderError, match=r"cannot render a child of type coroutine: .* \(a missing `await`\?\)"):
        html.p(pending)
    pending.close()


def test_a_misspelled_component_in_the_page_names_the_close_one():
    """``<wasmui-app component="shop.app:Ap">``: the error names ``App`` (the page's
    spelling is checked nowhere else before the page runs)."""
    from wasmui.embed import mount_element

    with pytest.raises(MountError, match=r'component="wasmui.testing:Renderd">: wasmui.testing has no Renderd \(did you mean wasmui.testing:Rendered\?\)$'):
        mount_element(None, "wasmui.testing:Renderd")
    with pytest.raises(MountError, match=r"wasmui.testing has no Zzz$"):
        mount_element(None, "wasmui.testing:Zzz")
