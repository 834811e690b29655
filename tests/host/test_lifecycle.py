"""Lifecycle, scheduling, events and errors on the model DOM."""

from __future__ import annotations

import pytest

from wasmui import Component, flush, h, html, mount

log: list[str] = []


class Leaf(Component):
    def on_init(self):
        log.append(f"init {self.props['name']}")

    def render(self):
        log.append(f"render {self.props['name']}")
        return html.span(self.props["name"])

    def on_mount(self):
        log.append(f"mount {self.props['name']}")

    def on_update(self):
        log.append(f"update {self.props['name']}")

    def on_unmount(self):
        log.append(f"unmount {self.props['name']}")


class Middle(Leaf):
    def render(self):
        log.append(f"render {self.props['name']}")
        return html.div(h(Leaf, {"name": self.props["name"] + ".leaf", "v": self.props.get("v")}))


class Top(Leaf):
    def on_init(self):
        super().on_init()
        self.state = {"v": 0}

    def render(self):
        log.append(f"render {self.props['name']}")
        return html.section(h(Middle, {"name": "mid", "v": self.state["v"]}))


def test_hook_order_for_a_three_level_tree(container):
    log.clear()
    root = mount(Top, container, {"name": "top"})
    assert log == [
        "init top", "render top", "init mid", "render mid", "init mid.leaf", "render mid.leaf",
        "mount mid.leaf", "mount mid", "mount top",
    ]  # fmt: skip
    log.clear()
    root.component.set_state(v=1)
    flush()
    assert log == ["render top", "render mid", "render mid.leaf", "update mid.leaf", "update mid", "update top"]
    log.clear()
    root.unmount()
    assert log == ["unmount top", "unmount mid", "unmount mid.leaf"]
    assert container.children == []


def test_unmount_closes_scopes_deepest_first_and_remount_works(container):
    closed = []

    class Owner(Component):
        def on_init(self):
            self.scope.on_cleanup(lambda: closed.append(self.props["name"]))

        def render(self):
            return h(Owner, {"name": self.props["name"] + "+"}) if len(self.props["name"]) < 3 else "x"

    root = mount(Owner, container, {"name": "a"})
    root.unmount()
    assert closed == ["a++", "a+", "a"]
    root = mount(Owner, container, {"name": "b"})
    assert container.text_content() == "x"
    root.unmount()


def test_many_set_state_calls_in_one_task_render_once(host, container):
    renders = []

    class Count(Component):
        def on_init(self):
            self.state = {"n": 0}

        def render(self):
            renders.append(self.state["n"])
            return str(self.state["n"])

    root = mount(Count, container)
    for i in range(1000):
        root.component.set_state(n=i + 1)
    assert renders == [0]
    assert host.run_frame()
    assert renders == [0, 1000] and container.text_content() == "1000"
    assert not host.run_frame()


def test_handlers_get_the_event_and_batch_their_updates(host, container):
    renders = []

    class Clicker(Component):
        def on_init(self):
            self.state = {"n": 0, "seen": None}

        def click(self, event):
            self.set_state(n=self.state["n"] + 1)
            self.set_state(n=self.state["n"] + 1, seen=event)

        def render(self):
            renders.append(1)
            return html.button(str(self.state["n"]), on_click=self.click)

    root = mount(Clicker, container)
    host.fire(container.children[0], "click", "EVENT")
    assert container.text_content() == "2" and root.component.state["seen"] == "EVENT"
    assert len(renders) == 2


def test_non_bubbling_events_reach_only_their_target(host, container):
    got = []
    mount(html.div(html.input(on_focus=lambda: got.append("input")), on_focus=lambda: got.append("div")), container)
    host.fire(container.children[0].children[0], "focus")
    assert got == ["input"]


def test_render_error_is_reported_with_the_name_and_caught_by_a_boundary(container, caplog):
    class Broken(Component):
        def render(self):
            if self.props.get("fail"):
                raise ValueError("boom")
            return html.p("fine")

    class Boundary(Component):
        def on_init(self):
            self.state = {"error": None, "fail": False}

        def on_error(self, exc):
            self.set_state(error=exc)

        def render(self):
            if self.state["error"] is not None:
                return html.p(f"fallback: {self.state['error']}")
            return html.div(h(Broken, {"fail": self.state["fail"]}), html.span("sibling"))

    root = mount(Boundary, container)
    root.component.set_state(fail=True)
    flush()
    assert container.text_content() == "fallback: boom"
    assert "Broken.render raised ValueError: boom" in caplog.text


def test_errors_without_a_boundary_keep_the_old_output_and_the_app_working(host, container, caplog):
    class Flaky(Component):
        def on_init(self):
            self.state = {"n": 0}

        def render(self):
            if self.state["n"] == 1:
                raise RuntimeError("bad render")
            return html.b(str(self.state["n"]))

        def on_update(self):
            raise KeyError("bad hook")

    root = mount(Flaky, container)
    root.component.set_state(n=1)
    flush()
    assert container.text_content() == "0" and "Flaky.render raised RuntimeError" in caplog.text
    root.component.set_state(n=2)
    flush()
    assert container.text_content() == "2" and "Flaky.on_update raised KeyError" in caplog.text


def test_set_state_during_render_is_refused_and_after_unmount_warns(container):
    from wasmui import errors

    class Bad(Component):
        def render(self):
            self.set_state(x=1)

    root = mount(Bad, container)
    assert errors.recent[-1].error_type == "StateError"
    assert "Bad.set_state() was called during render()" in errors.recent[-1].message
    root.unmount()

    class Fine(Component):
        def render(self):
            return "ok"

    root = mount(Fine, container)
    component = root.component
    root.unmount()
    with pytest.warns(RuntimeWarning, match=r"Fine.set_state\(\) after unmount is ignored"):
        component.set_state(x=1)


def test_refs_get_the_node_after_mount_and_none_at_unmount(container):
    seen = []
    root = mount(html.div(html.input(ref=seen.append)), container)
    assert seen == [container.children[0].children[0]]
    root.unmount()
    assert seen[-1] is None


def test_an_event_reaching_several_handlers_commits_once(host, container):
    renders = []

    class Nested(Component):
        def on_init(self):
            self.state = {"inner": 0, "outer": 0}

        def render(self):
            renders.append(dict(self.state))
            return html.div(
                html.button(f"{self.state['inner']}/{self.state['outer']}",
                            on_click=lambda: self.set_state(inner=self.state["inner"] + 1)),
                on_click=lambda: self.set_state(outer=self.state["outer"] + 1),
            )

    mount(Nested, container)
    batches = len(host.batches)
    host.fire(container.children[0].children[0], "click")
    assert renders[-1] == {"inner": 1, "outer": 1} and len(renders) == 2  # both handlers, one render
    assert len(host.batches) == batches + 1  # and one crossing for the commit
    assert container.text_content() == "1/1"
