"""The first-hour fixes of #24 on the model DOM: which handlers receive the event, a
prop a function component does not accept, the unkeyed-reorder warning, and warnings
that name the user's file and line. The browser proofs are in
tests/browser/test_first_hour.py."""

from __future__ import annotations

import functools

import pytest

from wasmui import Component, html
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
