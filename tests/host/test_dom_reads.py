"""wasmui.dom (#26) under plain CPython: in worker mode each read is one "dom" message
answered by one "dom-reply", a reply resolves the awaiting read, a refused one raises
naming the component's element and the property, an unmounted node fails at once with
no message, and an unmount releases the reads still waiting. On the model DOM the same
calls read the model's nodes. The page's side (the applier's query) runs in
tests/browser/test_worker.py, in worker and main-thread mode."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path

import pytest

from wasmui import Component, _ffi, dom, html, mount, worker_host
from wasmui.hooks import Ref
from wasmui.testing import render
from wasmui.worker_protocol import PageElement

from .test_worker_protocol import page  # noqa: F401 - the fake page's fixture


@pytest.fixture(autouse=True)
def _log_kept(monkeypatch):
    """The worker host sends wasmui's log to the console and stops its propagation: put
    back after each test, so later tests' log captures still see it."""
    log = logging.getLogger("wasmui")
    monkeypatch.setattr(log, "handlers", list(log.handlers))
    monkeypatch.setattr(log, "propagate", log.propagate)


class Field(Component):
    def on_init(self):
        self.field = Ref()

    def render(self):
        return html.div(html.input(value="hello", ref=self.field))


def answer(value=None, message=None, gone=False):
    if message is None:
        return json.dumps({"ok": True, "value": value})
    return json.dumps({"ok": False, "gone": gone, "message": message})


def requests(page):
    return [(number, json.loads(payload)) for kind, number, payload in page.posted if kind == "dom"]


def test_a_read_is_one_message_and_its_reply(page):  # noqa: F811
    worker_host.start()
    root = mount(Field, PageElement(1))
    component = root.component
    page.posted.clear()

    async def reads():
        width = asyncio.ensure_future(dom.read(component.field, "offsetWidth"))
        await asyncio.sleep(0)
        ((number, request),) = requests(page)
        assert request == {"node": component.field.current.wid, "op": "read", "path": "offsetWidth", "args": "[]"}
        worker_host.dom_reply(number, answer(240))
        assert await width == 240
        page.posted.clear()
        scrolled = asyncio.ensure_future(dom.call(component, "scrollTo", 0, 120))  # a component: its el
        await asyncio.sleep(0)
        ((number, request),) = requests(page)
        assert request["op"] == "call" and json.loads(request["args"]) == [0, 120]
        worker_host.dom_reply(number, answer(message="\"scrollTo\" threw TypeError"))
        with pytest.raises(dom.DomError, match=r"^dom.call\('scrollTo'\) on <div> of Field: \"scrollTo\" threw"):
            await scrolled
        # the page removed it: the error names the component's element
        gone = asyncio.ensure_future(dom.read(component.field, "value"))
        await asyncio.sleep(0)
        worker_host.dom_reply(requests(page)[-1][0], answer(message="the element is gone", gone=True))
        with pytest.raises(dom.NodeGoneError, match=r"dom.read\('value'\) on <input> of Field: the element is gone"):
            await gone
        # waiting when the root unmounts: failed and released, the late reply ignored
        waiting = asyncio.ensure_future(dom.read(component.field, "scrollTop"))
        await asyncio.sleep(0)
        node = component.field.current
        root.unmount()
        with pytest.raises(dom.NodeGoneError, match=r"'scrollTop'\) on <input> of Field: its root unmounted"):
            await waiting
        assert json.loads(worker_host.stats())["reads"] == 0
        worker_host.dom_reply(requests(page)[-1][0], answer(1))
        # an unmounted node: at once, without asking the page
        page.posted.clear()
        with pytest.raises(dom.NodeGoneError, match=r"dom.read\('offsetWidth'\) on node \d+: the element is gone"):
            await dom.read(node, "offsetWidth")
        with pytest.raises(dom.NodeGoneError, match=r"on the ref: it holds no element"):
            await dom.read(component.field, "offsetWidth")
        assert not requests(page)

    asyncio.run(reads())


def test_the_pages_window_and_document_are_named_not_numbered_and_owned_by_no_root(page):  # noqa: F811
    worker_host.start()
    page.posted.clear()

    async def reads():
        title = asyncio.ensure_future(dom.read(dom.document, "title"))
        written = asyncio.ensure_future(dom.write(dom.document, "title", "Inbox (3)"))
        await asyncio.sleep(0)
        (read_number, read), (write_number, write) = requests(page)
        assert read == {"node": "document", "op": "read", "path": "title", "args": "[]"}
        assert write == {"node": "document", "op": "write", "path": "title", "args": '["Inbox (3)"]'}
        worker_host.dom_reply(read_number, answer("Shop"))
        worker_host.dom_reply(write_number, answer(message='no property "title" on a HTMLDocument'))
        assert await title == "Shop"
        with pytest.raises(dom.DomError, match=r"^dom.write\('title'\) on dom.document: no property"):
            await written
        scroll = asyncio.ensure_future(dom.call(dom.window, "scrollTo", 0, 0))
        await asyncio.sleep(0)
        assert requests(page)[-1][1]["node"] == "window"
        worker_host.dom_reply(requests(page)[-1][0], answer(None))
        assert await scroll is None
        assert json.loads(worker_host.stats())["reads"] == 0

    asyncio.run(reads())


def test_the_model_dom_answers_the_same_calls(host):
    field = Ref()
    render(html.input(value="hello", ref=field))
    assert asyncio.run(dom.read(field, "value")) == "hello"
    with pytest.raises(dom.DomError, match="no property 'valeu'"):
        asyncio.run(dom.read(field, "valeu"))
    # synchronous: the same answers, at once
    assert dom.can_read_now() and dom.read_now(field, "value") == "hello"
    with pytest.raises(dom.DomError, match=r"^dom.read_now\('valeu'\) on the ref: no property 'valeu'"):
        dom.read_now(field, "valeu")
    # a write, and the model document's title (what a component that sets it is tested with)
    asyncio.run(dom.write(field, "value", "bye"))
    assert dom.read_now(field, "value") == "bye"
    asyncio.run(dom.write(dom.document, "title", "Inbox (3)"))
    assert dom.read_now(dom.document, "title") == "Inbox (3)"
    with pytest.raises(dom.DomError, match=r"^dom.write\('titel'\) on dom.document: no property 'titel'"):
        asyncio.run(dom.write(dom.document, "titel", "x"))
    # the model's own Python is no property, and a write the model refuses is a DomError as on the page
    with pytest.raises(dom.DomError, match=r"no property '_listeners'"):
        asyncio.run(dom.write(dom.document, "_listeners", {}))
    with pytest.raises(dom.DomError, match=r"writing 'textContent' threw"):
        asyncio.run(dom.write(field, "textContent", "x"))
    with pytest.raises(dom.DomError, match=r"'dispatchEvent' threw TypeError"):
        asyncio.run(dom.call(dom.document, "dispatchEvent"))


class WaitingPort:
    """The worker's port to the page where the worker can wait (``wasmuiWorker.waitable``):
    ``ask`` answers each request at once with the next of ``answers`` (JS ``null``: too late)."""

    def __init__(self, posted, answers):
        self.post = lambda *message: posted.append(message)
        self.waitable = True
        self.asked, self.answers = [], list(answers)

    def ask(self, request, timeout_ms):
        self.asked.append((json.loads(request), timeout_ms))
        return self.answers.pop(0)


def test_a_synchronous_read_waits_for_the_pages_answer(page):  # noqa: F811
    page.wasmuiWorker = port = WaitingPort(page.posted, [answer(240), answer(message="the element is gone", gone=True),
                                                         answer(message='"focus" threw TypeError'), _ffi.jsnull])  # fmt: skip
    page.crossOriginIsolated = True
    worker_host.start()
    root = mount(Field, PageElement(1))
    component = root.component
    assert dom.can_read_now()
    assert dom.read_now(component.field, "offsetWidth") == 240
    node = component.field.current.wid
    assert port.asked[0] == ({"node": node, "op": "read", "path": "offsetWidth", "args": "[]"}, dom.SYNC_TIMEOUT_MS)
    with pytest.raises(dom.NodeGoneError, match=r"^dom.read_now\('value'\) on <input> of Field: the element is gone"):
        dom.read_now(component.field, "value")
    with pytest.raises(dom.DomError, match=r"^dom.call_now\('focus'\) on <input> of Field: \"focus\" threw"):
        dom.call_now(component.field, "focus")
    assert port.asked[-1][0]["op"] == "call"
    with pytest.raises(dom.DomError, match=r"^dom.read_now\('scrollTop'\) on <input> of Field: the page did not answer within 5 s"):
        dom.read_now(component.field, "scrollTop")
    assert not port.answers and not requests(page)  # no awaited request was made
    root.unmount()


@pytest.mark.parametrize("isolated", [False, True])
def test_where_the_worker_cannot_wait_a_synchronous_read_says_why(page, isolated):  # noqa: F811
    """Not cross-origin isolated: the headers to send, or the awaited read; isolated in a
    browser whose workers have no SharedArrayBuffer (WebKitGTK): the awaited read."""
    page.wasmuiWorker.waitable = False
    page.crossOriginIsolated = isolated
    worker_host.start()
    root = mount(Field, PageElement(1))
    assert not dom.can_read_now()
    with pytest.raises(dom.DomError) as raised:
        dom.call_now(root.component.field, "focus")
    root.unmount()
    message = str(raised.value)
    assert message.startswith("dom.call_now('focus') on <input> of Field: the page is ")
    assert message.endswith("use await dom.call(...), which works on every page")
    headers = "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp"
    assert (headers in message) is not isolated and ("no SharedArrayBuffer" in message) is isolated


def test_the_page_answers_a_promise_as_dom_py_does():
    """A synchronous call whose method returns a Promise gives the same answer from the
    page's side (wasmui.js, in worker mode) as from dom.py's (on the main thread)."""
    source = (Path(dom.__file__).parent / "js" / "wasmui.js").read_text()
    (constant,) = re.findall(r"^const NOT_WAITED = '(.*)';", source, re.M)
    assert json.loads(constant) == json.loads(dom.NOT_WAITED) == {"ok": True, "value": None}


def test_a_cancelled_reader_is_forgotten_even_without_a_root(page):  # noqa: F811
    """A read of the page's window (no root owns it) whose task is cancelled, as a
    component's tasks are at unmount, leaves nothing in the worker's books, even if the
    page never answers (a Promise that never settles)."""
    worker_host.start()

    async def reads():
        waiting = asyncio.ensure_future(dom.call(dom.window, "navigator.clipboard.readText"))
        await asyncio.sleep(0)
        assert json.loads(worker_host.stats())["reads"] == 1
        waiting.cancel()
        await asyncio.sleep(0)
        assert json.loads(worker_host.stats())["reads"] == 0

    asyncio.run(reads())


@pytest.mark.parametrize(("op", "path", "args", "reason"), [
    ("write", "innerHTML", ("<img src=x onerror=alert(1)>",), "'innerHTML' parses its string as markup"),
    ("write", "outerHTML", ("<b>",), "'outerHTML' parses its string as markup"),
    ("write", "onclick", ("alert(1)",), "'onclick' is an event handler property"),
    ("write", "href", (" JaVa\tScRiPt:alert(1)",), "a javascript: URL would run script"),
    ("write", "location.href", ("javascript:alert(1)",), "a javascript: URL would run script"),
    ("call", "insertAdjacentHTML", ("beforeend", "<b>"), "'insertAdjacentHTML' parses a string as markup"),
    ("call", "write", ("<b>",), "'write' parses a string as markup"),
    ("call", "setAttribute", ("onmouseover", "alert(1)"), "an 'onmouseover' attribute is script"),
    ("call", "setAttribute", ("srcdoc", "<b>"), "'srcdoc' parses its string as markup"),
    ("call", "setAttribute", ("href", "data:text/html,<b>"), "a data:text/html URL would run script"),
    ("call", "location.assign", ("javascript:alert(1)",), "a javascript: URL would run script"),
    ("call", "open", ("vbscript:x",), "a vbscript: URL would run script"),
])  # fmt: skip
def test_a_write_or_call_that_would_build_markup_or_run_script_is_refused_before_it_is_sent(page, op, path, args, reason):  # noqa: F811
    """The rendering rules hold for dom.write and dom.call too: refused in Python, so in
    every mode, before any message (nothing reaches the page)."""
    worker_host.start()
    page.posted.clear()
    ask = dom.write(dom.document, path, *args) if op == "write" else dom.call(dom.window, path, *args)
    with pytest.raises(dom.DomError, match=r"^dom\.\w+\(" + re.escape(repr(path)) + r"\) on dom\.\w+: refused: " + re.escape(reason)):
        asyncio.run(ask)
    if op == "call":  # the synchronous one too
        with pytest.raises(dom.DomError, match=r"^dom\.call_now\(.*: refused: "):
            dom.call_now(dom.window, path, *args)
    assert not requests(page)


def test_plain_writes_and_calls_pass(page):  # noqa: F811
    """What the guide shows is not refused: a title, a theme attribute, a scroll, a URL
    that is one, a storage call."""
    for path, value in [("title", "Inbox (3)"), ("documentElement.dataset.theme", "dark"), ("location.hash", "#top"),
                        ("href", "https://example.org/"), ("value", "javascript: is just text in a field")]:
        assert dom._unsafe("write", path, (value,)) is None, path
    for path, args in [("localStorage.setItem", ("k", "<b>")), ("setAttribute", ("title", "javascript:")), ("scrollTo", (0, 0)),
                       ("open", ("popup.html",))]:
        assert dom._unsafe("call", path, args) is None, path
