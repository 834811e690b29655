"""Worker mode's protocol (#26) under plain CPython: the event fields both ends copy,
the event handlers receive in the worker, the worker host's messages for a mount, an
event and an unmount, and the ``prevent_default`` rule (the model DOM applies it as the
applier does)."""

from __future__ import annotations

import json
import re
import warnings
from importlib import resources

import pytest

from wasmui import Component, _ffi, html, runtime, worker_host
from wasmui.dom_facade import ModelEvent
from wasmui.events import prevents
from wasmui.testing import render
from wasmui.worker_protocol import EVENT_FIELDS, TARGET_FIELDS, PageElement, WorkerEvent, decode_event


def _js_list(source: str, name: str) -> tuple[str, ...]:
    body = re.search(rf"const {name} = \[(.*?)\];", source, re.S).group(1)
    return tuple(re.findall(r'"(\w+)"', body))


def test_wasmui_js_copies_the_same_event_fields():
    source = resources.files("wasmui").joinpath("js/wasmui.js").read_text()
    assert _js_list(source, "EVENT_FIELDS") == EVENT_FIELDS
    assert _js_list(source, "TARGET_FIELDS") == TARGET_FIELDS


def test_an_event_message_becomes_what_handlers_read():
    message = json.dumps({
        "root": 3, "type": "keydown", "ids": [7, 5],
        "event": {"type": "keydown", "key": "Enter", "ctrlKey": True, "target": {"value": "hi", "tagName": "INPUT", "wid": 7}},
    })  # fmt: skip
    root_id, event_type, event, ids = decode_event(message)
    assert (root_id, event_type, ids) == (3, "keydown", [7, 5])
    assert (event.key, event.ctrlKey, event.target.value, event.target.wid) == ("Enter", True, "hi", 7)
    assert event.currentTarget is None and not event.cancelBubble
    event.stopPropagation()
    assert event.cancelBubble


def test_prevent_default_in_the_worker_warns_unless_the_page_did_it():
    with pytest.warns(RuntimeWarning, match='prevent_default="submit"'):
        WorkerEvent({"type": "submit", "target": None}).preventDefault()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        WorkerEvent({"type": "submit", "defaultPrevented": True, "target": None}).preventDefault()


def test_the_prevent_default_rule():
    assert prevents("", "click") and prevents("submit click", "click")
    assert not prevents(None, "click") and not prevents("submit", "click") and not prevents("clicked", "click")


def test_the_model_dom_prevents_the_default_as_the_page_does(host):
    seen = []
    view = render(html.form(html.button("Save", on_click=lambda e: seen.append(e.defaultPrevented)), data_testid="form",
                            on_submit=lambda e: seen.append(e.defaultPrevented), prevent_default="submit"))  # fmt: skip
    form, save = view.get_by_test_id("form"), view.get_by_role("button", "Save")
    assert form.getAttribute("data-wasmui-prevent") == "submit"
    assert form.dispatchEvent(ModelEvent("submit", form)) is False
    assert save.dispatchEvent(ModelEvent("click", save)) is True
    assert seen == [True, False]


class _Page:
    """Stands in for the worker's globals: the page's port records what is posted;
    timers run when the test says."""

    def __init__(self):
        self.posted: list[tuple[str, int, str]] = []
        self.timers: dict[int, object] = {}
        self._next = 0
        self.wasmuiWorker = type("Port", (), {"post": lambda _, *message: self.posted.append(message)})()

    def setTimeout(self, fn, delay):  # noqa: N802 - the JS name
        self._next += 1
        self.timers[self._next] = fn
        return self._next

    def clearTimeout(self, handle):  # noqa: N802
        self.timers.pop(handle, None)

    def run_timers(self):
        while self.timers:
            self.timers.pop(next(iter(self.timers)))()

    def kinds(self):
        return [kind for kind, _, _ in self.posted]


class Counter(Component):
    def on_init(self):
        self.state = {"count": 0}

    def render(self):
        return html.button(str(self.state["count"]), on_click=lambda: self.set_state(count=self.state["count"] + 1))


@pytest.fixture
def page(monkeypatch):
    fake = _Page()
    monkeypatch.setattr(_ffi, "js_global", lambda name: getattr(fake, name))
    monkeypatch.setattr(_ffi, "create_proxy", lambda fn: fn)
    monkeypatch.setattr(_ffi, "_create_proxy", lambda fn: fn)
    yield fake
    runtime._set_current(None)


def test_the_worker_host_posts_one_message_per_commit_and_takes_events_back(page):
    worker_host.start()
    root = runtime.current_runtime.roots
    from wasmui import mount

    mounted = mount(Counter, PageElement(1))
    assert page.kinds() == ["adopt", "commit"] and page.posted[0][2] == "1"
    ops = json.loads(page.posted[1][2])
    button_id = ops[1]  # CREATE_ELEMENT id "button" parent
    assert ops[:3] == [1, button_id, "button"] and "click" in ops
    page.posted.clear()
    event = {"type": "click", "target": {"tagName": "BUTTON", "wid": button_id}}
    worker_host.receive_event(json.dumps({"root": mounted.id, "type": "click", "event": event, "ids": [button_id]}))
    (kind, _, payload), = page.posted
    assert kind == "commit" and '"1"' in payload  # SET_TEXT to "1": the event committed itself
    page.posted.clear()
    mounted.unmount()
    page.run_timers()
    assert "release" in page.kinds() and not root and not page.timers
