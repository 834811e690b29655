"""Worker mode's protocol (#26) under plain CPython: the event fields both ends copy,
the event handlers receive in the worker, the worker host's messages for a mount, an
event and an unmount, and the ``prevent_default`` rule (the model DOM applies it as the
applier does). Listeners on the page's window and document (``scope.listen(dom.window,
...)``): the "listen" message and what it may carry, the events that come back, the
"unlisten" at unmount, and the same call on the page (main-thread mode). The router's
history from a worker: a Link's click and back as "history" messages and popstates.
Observers the page holds for the worker: "observer", "observe", "unobserve" and
"disconnect", the entries that come back, and ``dom.ResizeObserver`` on the page
(main-thread mode)."""

from __future__ import annotations

import json
import logging
import re
import warnings
from importlib import resources

import pytest

from wasmui import Component, _ffi, component, dom, errors, html, mount, runtime, worker_host
from wasmui.dom_facade import ModelEvent
from wasmui.events import prevents
from wasmui.testing import render
from wasmui.hooks import Ref
from wasmui.worker_protocol import (
    EVENT_FIELDS, TARGET_FIELDS, PageElement, RemoteNode, WorkerEvent, decode_entries, decode_event, encode_listen,
)  # fmt: skip


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
    # the worker host sends wasmui's log to the console and stops its propagation: put back after
    log = logging.getLogger("wasmui")
    monkeypatch.setattr(log, "handlers", list(log.handlers))
    monkeypatch.setattr(log, "propagate", log.propagate)
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


def test_on_submit_without_prevent_default_warns_in_worker_mode_naming_the_line(page):
    """In a worker the page has submitted the form (a page load) before the handler runs: a new
    user's state was lost with only a console warning that the navigation cleared."""
    worker_host.start()
    from wasmui.events import UndeclaredSubmitWarning

    def form(**declared):
        return html.form(html.input(name="q"), on_submit=lambda: None, **declared)

    with pytest.warns(UndeclaredSubmitWarning, match=r"<form> has on_submit without prevent_default: in worker mode") as caught:
        undeclared = mount(form(), PageElement(1))
    assert caught[0].filename == __file__  # the line that built the element
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        declared = [mount(form(prevent_default=value), PageElement(2 + i)) for i, value in enumerate(["submit", True, "click submit"])]
    for root in [undeclared, *declared]:
        root.unmount()


def test_a_selector_mount_in_the_worker_asks_the_page_to_adopt_the_element_it_names(page):
    """``mount(Counter, "#app")`` in code run by ``app.run``: the page looks the element up."""
    worker_host.start()
    from wasmui import errors, mount

    mounted = mount(Counter, "#app")
    assert page.kinds() == ["adopt-at", "commit"] and page.posted[0][1:] == (mounted.id, "#app")
    assert mounted.container == "#app"
    page.posted.clear()
    mounted.unmount()
    assert page.kinds()[-1] == "release"
    with pytest.raises(errors.MountError, match="the target selector is empty"):
        mount(Counter, " ")


@component
def Stage(into):
    return html.div(ref=into)


def test_a_root_mounts_into_an_element_another_root_rendered(page):
    """A widget inside an app (the gallery's stage): the page adopts the node by its id."""
    worker_host.start()
    stage = Ref()
    outer = mount(Stage, PageElement(1), {"into": stage})
    page.posted.clear()
    inner = mount(Counter, stage.current)
    assert page.posted[0] == ("adopt-node", inner.id, str(stage.current.wid)) and page.kinds()[1] == "commit"
    inner.unmount()
    outer.unmount()
    with pytest.raises(errors.MountError, match="or an element a mounted root rendered"):
        mount(Counter, 42)


# --- listeners the page holds for the worker -------------------------------------------


def test_a_listen_message_carries_the_target_type_and_options():
    assert json.loads(encode_listen("window", "keydown", {"capture": True, "prevent_default": "Escape ArrowUp"})) == {
        "target": "window", "type": "keydown", "capture": True, "passive": False, "once": False,
        "prevent": "Escape ArrowUp",
    }  # fmt: skip
    assert json.loads(encode_listen("document", "click", {"prevent_default": 1}))["prevent"] is True
    with pytest.raises(ValueError, match="on window or document, not 'body'"):
        encode_listen("body", "click", {})
    with pytest.raises(ValueError, match="option.s. signal cannot cross to the page"):
        encode_listen("window", "keydown", {"signal": object()})


class Shortcuts(Component):
    """Listens on the page's window and document: keys and clicks anywhere."""

    def on_init(self):
        self.state = {"keys": "", "clicks": 0}

    def on_mount(self):
        self.scope.listen(dom.window, "keydown", lambda event: self.set_state(keys=self.state["keys"] + event.key),
                          prevent_default="Escape")
        self.scope.listen(dom.document, "click", self.clicked, capture=True)

    def clicked(self):
        self.set_state(clicks=self.state["clicks"] + 1)

    def render(self):
        return html.p(f"{self.state['keys']} {self.state['clicks']}")


def _messages(page, kind):
    return [(number, payload) for posted_kind, number, payload in page.posted if posted_kind == kind]


def test_the_page_listens_for_the_worker_and_its_events_reach_the_handler(page):
    worker_host.start()
    root = mount(Shortcuts, PageElement(1))
    (key_listener, key_payload), (click_listener, click_payload) = _messages(page, "listen")
    assert json.loads(key_payload) == {"target": "window", "type": "keydown", "capture": False, "passive": False,
                                       "once": False, "prevent": "Escape"}  # fmt: skip
    assert json.loads(click_payload)["target"] == "document" and json.loads(click_payload)["capture"] is True
    # each is a resource of the component's scope, as on the page
    listeners = [r for scope in _scopes(root.scope) for r in scope.resources if r.kind == "listener"]
    assert sorted(r.name.split(" ", 1)[1] for r in listeners) == ["click Shortcuts.clicked",
                                                                   "keydown Shortcuts.on_mount.<locals>.<lambda>"]
    assert json.loads(worker_host.stats())["page_listeners"] == 2
    page.posted.clear()
    # an event of each comes back as one message: the DOM's names, and a commit follows
    worker_host.page_event(key_listener, json.dumps({"type": "keydown", "key": "x", "target": None}))
    worker_host.page_event(click_listener, json.dumps({"type": "click", "clientX": 5, "target": {"id": "out", "wid": 0}}))
    page.run_timers()
    (_, _, ops), = [message for message in page.posted if message[0] == "commit"]
    assert '"x 1"' in ops
    # unmount: each listener released on the page, and a late event does nothing
    page.posted.clear()
    root.unmount()
    page.run_timers()
    assert sorted(number for number, _ in _messages(page, "unlisten")) == sorted([key_listener, click_listener])
    assert json.loads(worker_host.stats())["page_listeners"] == 0
    page.posted.clear()
    worker_host.page_event(key_listener, json.dumps({"type": "keydown", "key": "y", "target": None}))
    page.run_timers()
    assert page.posted == []


def _scopes(scope):
    for child in scope._children.values():
        yield child
        yield from _scopes(child)


def test_a_listener_the_page_cannot_hold_is_refused_before_anything_is_sent(page):
    worker_host.start()
    from wasmui import Scope

    with Scope("test") as scope:
        with pytest.raises(ValueError, match="signal cannot cross"):
            scope.listen(dom.window, "keydown", lambda: None, signal=object())
        with pytest.raises(ValueError, match="a passive listener cannot prevent the default"):
            scope.listen(dom.window, "wheel", lambda: None, passive=True, prevent_default=True)
        assert scope.resources == [] and _messages(page, "listen") == []
        handler = lambda: None  # noqa: E731
        scope.listen(dom.window, "resize", handler)
        with pytest.warns(RuntimeWarning, match="the same 'resize' listener was registered twice on <the page's window>"):
            scope.listen(dom.window, "resize", handler)
    assert len(_messages(page, "unlisten")) == 2


class _JsTarget:
    """Stands in for js.window on the page: records listeners added and removed."""

    def __init__(self):
        self.listeners = []

    def addEventListener(self, event_type, listener, options):  # noqa: N802 - the DOM's names
        self.listeners.append((event_type, listener))

    def removeEventListener(self, event_type, listener, capture):  # noqa: N802
        self.listeners.remove((event_type, listener))


class _KeyEvent:
    def __init__(self, key):
        self.key, self.prevented = key, False

    def preventDefault(self):  # noqa: N802
        self.prevented = True


def test_on_the_page_dom_window_is_the_real_one_and_prevent_default_is_applied(monkeypatch):
    window = _JsTarget()
    monkeypatch.setattr(_ffi, "js_global", lambda name: {"window": window}[name])
    monkeypatch.setattr(_ffi, "create_proxy", lambda fn: type("Proxy", (), {"__call__": lambda _, e: fn(e), "destroy": lambda _: None})())
    monkeypatch.setattr(_ffi, "to_js_object", lambda options: options)
    from wasmui import Scope

    seen = []
    with Scope("page") as scope:
        scope.listen(dom.window, "keydown", lambda event: seen.append(event.key), prevent_default="Escape Enter")
        ((_, listener),) = window.listeners
        escape, other = _KeyEvent("Escape"), _KeyEvent("a")
        listener(escape)
        listener(other)
        assert seen == ["Escape", "a"] and escape.prevented and not other.prevented
        assert [r.kind for r in scope.resources] == ["listener"]
    assert window.listeners == []


# --- the router's history from the worker ------------------------------------------------


def test_the_router_in_a_worker_changes_the_pages_history_by_message(page):
    from wasmui.router import Link, Route, Router

    worker_host.start(json.dumps({"path": "/start?x=1", "hash": "", "key": None}))
    first = component(lambda: html.div(html.h1("First"), Link("/second", "Next")))
    second = component(lambda: html.h1("Second"))
    root = mount(Router([Route("/start", first, title="One"), Route("/second", second, title="Two")]), PageElement(1))
    history = lambda: [json.loads(payload) for kind, _, payload in page.posted if kind == "history"]  # noqa: E731
    (start, tag, title), = [history()]
    assert start == {"op": "start"} and (tag["op"], tag["url"]) == ("replace", None) and title == {"op": "title", "title": "One"}
    first_key = tag["key"]
    (popstate,) = _messages(page, "listen")
    assert json.loads(popstate[1])["type"] == "popstate"
    ops = json.loads(_messages(page, "commit")[0][1])
    assert "click" in ops and "data-wasmui-prevent" in ops  # the Link's click is declared: the page stops the load
    link = ops[ops.index("a") - 1]  # CREATE_ELEMENT id "a"
    page.posted.clear()
    # a Link's click: one push, then the view's title, focus, scroll and announcement
    event = {"type": "click", "button": 0, "defaultPrevented": True, "target": {"tagName": "A", "wid": link}}
    worker_host.receive_event(json.dumps({"root": root.id, "type": "click", "event": event, "ids": [link]}))
    page.run_timers()
    push, *after = history()
    assert push["op"] == "push" and push["url"] == "/second" and push["key"] != first_key
    assert [message["op"] for message in after] == ["title", "focus", "scroll", "announce"]
    assert after[2] == {"op": "scroll", "kind": "push", "key": push["key"]} and after[3]["text"] == "Two"
    # the browser's back: a popstate with the page's address and entry key
    page.posted.clear()
    worker_host.page_event(popstate[0], json.dumps({"type": "popstate", "target": None,
                                                    "page": {"path": "/start?x=1", "hash": "", "key": first_key}}))  # fmt: skip
    page.run_timers()
    assert [message["op"] for message in history()] == ["title", "focus", "scroll", "announce"]
    assert history()[2] == {"op": "scroll", "kind": "pop", "key": first_key}
    assert '"First"' in _messages(page, "commit")[0][1]
    page.posted.clear()
    root.unmount()
    page.run_timers()
    assert {"op": "unannounce"} in history() and _messages(page, "unlisten")


# --- observers and frames the page holds for the worker -------------------------------


class Watched(Component):
    """Observes its box's size and attributes (the page's observers)."""

    def on_init(self):
        self.box = Ref()
        self.state = {"width": 0}

    def on_mount(self):
        sizes = self.scope.observer(dom.ResizeObserver, lambda entries: self.set_state(width=entries[-1].contentRect.width))
        sizes.observe(self.box)
        self.scope.observer(dom.MutationObserver, lambda: None).observe(self.box, {"attributes": True})

    def render(self):
        return html.div(html.p(f"width {self.state['width']}"), ref=self.box)


def test_the_page_holds_observers_for_the_worker_and_drops_them_at_unmount(page):
    worker_host.start()
    root = mount(Watched, PageElement(1))
    box = json.loads(_messages(page, "commit")[0][1])[1]  # the first CREATE_ELEMENT: the component's div
    (sizes, sizes_payload), (changes, changes_payload) = _messages(page, "observer")
    assert json.loads(sizes_payload) == {"kind": "ResizeObserver", "options": {}}
    assert json.loads(changes_payload)["kind"] == "MutationObserver"
    assert [(number, json.loads(payload)) for number, payload in _messages(page, "observe")] == [
        (sizes, {"node": box, "options": None}), (changes, {"node": box, "options": {"attributes": True}})]  # fmt: skip
    kinds = [r.kind for scope in _scopes(root.scope) for r in scope.resources]
    assert kinds == ["observer", "observer"] and json.loads(worker_host.stats())["page_observers"] == 2
    page.posted.clear()
    # an observer's entries come back: the callback runs and commits
    entries = [{"target": {"$wid": box}, "contentRect": {"x": 0, "width": 321.5}}]
    worker_host.observed(sizes, json.dumps(entries))
    page.run_timers()
    assert '"width 321.5"' in _messages(page, "commit")[0][1]
    # unmount: the page drops both observers; late entries do nothing
    page.posted.clear()
    root.unmount()
    page.run_timers()
    assert sorted(number for number, _ in _messages(page, "disconnect")) == sorted([sizes, changes])
    assert json.loads(worker_host.stats())["page_observers"] == 0
    page.posted.clear()
    worker_host.observed(sizes, json.dumps(entries))
    page.run_timers()
    assert page.posted == []


def test_an_observer_the_page_cannot_hold_is_refused_and_entries_are_plain_records(page):
    worker_host.start()
    from wasmui import Scope

    with Scope("test") as scope:
        with pytest.raises(ValueError, match="holds ResizeObserver, IntersectionObserver, MutationObserver, not 'PerformanceObserver'"):
            worker_host.current_host().page_observer("PerformanceObserver", lambda entries: None, None)
        with pytest.raises(ValueError, match="IntersectionObserver options from a worker must be plain values"):
            scope.observer(dom.IntersectionObserver, lambda: None, {"threshold": object()})
        assert scope.resources == [] and _messages(page, "observer") == []
        scope.observer(dom.IntersectionObserver, lambda: None, {"root": Ref(RemoteNode(4)), "rootMargin": "8px"})
        ((_, payload),) = _messages(page, "observer")  # the root crosses as its node's id
        assert json.loads(payload) == {"kind": "IntersectionObserver", "options": {"root": 4, "rootMargin": "8px"}}
        with pytest.raises(ValueError, match="MutationObserver.observe.. on node 4: the options must ask for childList"):
            scope.observer(dom.MutationObserver, lambda: None).observe(RemoteNode(4), {"subtree": True})
        observer = scope.observer(dom.ResizeObserver, lambda: None)
        with pytest.raises(dom.NodeGoneError, match=r"ResizeObserver.observe\(\) on the ref: it holds no element"):
            observer.observe(Ref())
        observer.observe(RemoteNode(7))
        observer.disconnect()  # stops observing, the observer kept (as the DOM's)
        assert [json.loads(payload) for _, payload in _messages(page, "unobserve")] == [{"node": None}]
        assert _messages(page, "disconnect") == []
    assert len(_messages(page, "disconnect")) == 3
    message = json.dumps([{"target": {"$wid": 7}, "addedNodes": [{"$wid": 0}, {"$wid": 9}], "contentRect": {"width": 2},
                           "isIntersecting": True}])  # fmt: skip
    (entry,) = decode_entries(message, RemoteNode)
    assert entry.target == RemoteNode(7) and entry.addedNodes == [None, RemoteNode(9)]
    assert entry.contentRect.width == 2 and entry.isIntersecting is True


class _Proxy:
    """Stands in for a Pyodide proxy of ``fn``."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, *args):
        return self.fn(*args)

    def destroy(self):
        pass


class _JsObserver:
    """Stands in for js.ResizeObserver on the page."""

    made: list = []

    def __init__(self, callback, init):
        self.callback, self.init, self.observed, self.connected = callback, init, [], True
        _JsObserver.made.append(self)

    @classmethod
    def new(cls, callback, init):
        return cls(callback, init)

    def observe(self, node, options=None):
        self.observed.append((node, options))

    def disconnect(self):
        self.connected = False


def test_on_the_page_dom_resize_observer_is_the_real_one_with_plain_entries(monkeypatch):
    _JsObserver.made = []
    applier = type("Applier", (), {"observed": staticmethod(lambda entries: json.dumps(entries))})()
    monkeypatch.setattr(_ffi, "js_global", lambda name: {"ResizeObserver": _JsObserver}[name])
    monkeypatch.setattr(_ffi, "applier_module", lambda: applier)
    monkeypatch.setattr(_ffi, "create_proxy", _Proxy)
    monkeypatch.setattr(_ffi, "to_js_object", lambda options: options)
    from wasmui import Scope

    seen = []
    node = object()
    with Scope("page") as scope:
        observer = scope.observer(dom.ResizeObserver, lambda entries: seen.append(entries[0].contentRect.width), {})
        observer.observe(node, {"box": "border-box"})
        (made,) = _JsObserver.made
        assert made.observed == [(node, {"box": "border-box"})]
        made.callback([{"target": {"$wid": 0}, "contentRect": {"width": 240}}], made)
        assert seen == [240] and [r.kind for r in scope.resources] == ["observer"]
    assert not made.connected


def test_a_dom_property_asked_of_a_remote_node_says_how_to_read_it():
    node = RemoteNode(12)
    with pytest.raises(AttributeError, match=r"'offsetWidth' of the page's node 12: .*`await dom\.read\(ref, 'offsetWidth'\)`"):
        node.offsetWidth  # noqa: B018 - the read main-thread code makes
    # a method: dom.call alone, in an async handler (a new user first tried `await dom.read(ref, 'focus')`)
    with pytest.raises(AttributeError, match=r"call it with `await dom\.call\(ref, 'focus', \.\.\.\)` in an `async def` handler") as caught:
        node.focus()
    assert "dom.read" not in str(caught.value)
    assert getattr(node, "wasmui_event_target", None) is None and node == RemoteNode(12)  # probes still answer


def test_js_window_or_an_observer_in_a_worker_is_reported_with_the_dom_name_to_use():
    # Pyodide's js module in a worker is the worker's scope: `js.window` says only this
    assert "scope.listen(dom.window, ...)" in errors.worker_hint(AttributeError("window"), in_worker=True)
    assert "`await dom.write(dom.document, 'title', ...)`" in errors.worker_hint(AttributeError("document"), in_worker=True)
    assert "scope.observer(dom.ResizeObserver, callback)" in errors.worker_hint(AttributeError("ResizeObserver"), True)
    assert errors.worker_hint(AttributeError("window"), in_worker=False) == ""  # on the page it is something else
    assert errors.worker_hint(AttributeError("'Foo' object has no attribute 'window'"), True) == ""
    assert errors.worker_hint(KeyError("window"), True) == ""
