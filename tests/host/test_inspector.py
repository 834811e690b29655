"""The inspector's pure logic on CPython: zombies and their retention paths."""

from __future__ import annotations

import gc

from wasmui import Component, html, inspector, mount

HOLD: list = []


class Leaky(Component):
    def on_mount(self):
        HOLD.append(self.handle)

    def handle(self):
        pass

    def render(self):
        return html.p("leaky")


class Fixed(Component):
    def render(self):
        return html.p("fixed")


def test_a_component_held_by_a_module_list_is_a_zombie_with_that_path(container):
    HOLD.clear()
    mount(Leaky, container).unmount()
    mount(Fixed, container).unmount()
    zombies = inspector.zombies()
    assert [z["name"] for z in zombies] == ["Leaky"]
    path = zombies[0]["path"]
    assert path[0].startswith("Leaky#")
    assert path[1] == "bound method Leaky.handle"
    assert path[2] == "list[0]"
    assert path[3] == f"module {__name__}, global 'HOLD'"
    HOLD.clear()
    gc.collect()
    assert inspector.zombies() == []


class Unanswered:
    """An awaitable that waits once (a DOM read whose answer has not come)."""

    def __await__(self):
        yield


class Measuring(Component):
    async def measure(self):
        await Unanswered()
        self.set_state(width=1)

    def render(self):
        return html.p("measuring")


def test_a_component_held_by_an_unfinished_coroutine_is_named_so(container):
    root = mount(Measuring, container)
    suspended = root.component.measure()
    suspended.send(None)  # waiting at its await, as a task's coroutine does between turns of the loop
    root.unmount()
    (zombie,) = inspector.zombies()
    assert zombie["path"][1] == "coroutine Measuring.measure()"
    assert "an unfinished coroutine" in zombie["path"][-1] and "await asyncio.sleep(0) after unmount" in zombie["path"][-1]
    assert "reference cycle through JS" not in " ".join(zombie["path"])  # (what it said before)
    suspended.close()
    gc.collect()
    assert inspector.zombies() == []


def test_report_lists_mounted_components_with_props_and_state(container):
    class Shown(Component):
        def on_init(self):
            self.state = {"open": True}

        def render(self):
            return html.p(self.props["title"])

    root = mount(Shown, container, {"title": "hello"})
    report = inspector.report()
    group = next(g for g in report["components"] if g["name"] == "Shown")
    assert group["count"] == 1 and "test_inspector.py:" in group["site"]
    shown = inspector.components_of(group["key"])
    assert shown and shown[0]["props"] == {"title": "'hello'"} and shown[0]["state"] == {"open": "True"}
    assert report["mounted"] >= 1
    root.unmount()
