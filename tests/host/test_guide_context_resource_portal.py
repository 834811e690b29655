"""The guide's examples for context, async data and portals (#24) run as written, on the
model DOM: each section's code blocks are executed in order and what they render is checked."""

from __future__ import annotations

import asyncio


from wasmui import Scope, component, flush, h, use_context
from wasmui.dom_facade import ModelEvent
from wasmui.testing import click, render

from .guide import run_blocks


def test_the_context_examples_run(app):
    ns = run_blocks("Sharing state with context")
    assert app.querySelector("nav").to_html() == '<nav><button class="btn-light">Save</button><span>light</span></nav>'
    click(app.querySelector("button"))
    assert app.querySelector("nav").to_html() == '<nav><button class="btn-dark">Save</button><span>dark</span></nav>'

    seen = []

    @component
    def Spy():
        seen.append(use_context(ns["Cart"]))
        return None

    view = render(h(ns["CartProvider"], None, h(ns["CartBadge"]), h(Spy)))
    assert view.container.textContent == "Cart (0)"
    actions = seen[-1][1]
    actions.add("tea")
    flush()
    assert view.container.textContent == "Cart (1)" and seen[-1] == (("tea",), actions)
    click(view.container.querySelector("button"))
    assert view.container.textContent == "Cart (0)"
    view.unmount()


class _Response:
    def __init__(self, status, body):
        self.ok, self.status, self._body = status == 200, status, body

    async def text(self):
        return self._body


def test_the_async_data_example_runs(app, monkeypatch):
    ns = run_blocks("Async data")
    answers = [_Response(404, ""), _Response(200, '{"name": "Ada"}')]
    fetched = []

    async def fetch(scope, url, **init):  # CPython has no JS fetch: the example's requests answered here
        fetched.append(url)
        await asyncio.sleep(0)
        return answers.pop(0)

    monkeypatch.setattr(Scope, "fetch", fetch)

    async def until(view, text):
        for _ in range(100):
            flush()
            if view.container.textContent == text:
                return
            await asyncio.sleep(0)
        raise AssertionError(f"never showed {text!r}: {view.container.textContent!r}")

    async def main():
        view = render(ns["User"], {"user_id": 7})
        assert view.container.textContent == "Loading…"
        await until(view, "Could not load: HTTP 404 Retry")
        click(view.container.querySelector("button"))
        await until(view, "Ada")
        assert fetched == ["/api/users/7.json", "/api/users/7.json"]
        view.unmount()

    asyncio.run(main())


def test_the_portal_example_runs(host, app):
    ns = run_blocks("Portals")
    view = render(h(ns["Tip"], {"text": "Saved 3 files"}, "hover me"))
    span = view.container.querySelector("span")
    span.dispatchEvent(ModelEvent("mouseenter", span))
    [tooltip] = host.document.querySelectorAll("[role=tooltip]")
    assert tooltip.textContent == "Saved 3 files" and not view.container.contains(tooltip)
    span.dispatchEvent(ModelEvent("mouseleave", span))
    assert host.document.querySelectorAll("[role=tooltip]") == []
    view.unmount()
