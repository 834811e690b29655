"""Portals (#24) on the model DOM: children rendered into another container that stay in
the component tree (handlers, bubbling through the portal's place, lifecycle, errors,
context) and leave nothing behind when they unmount, also after 300 open/close cycles."""

from __future__ import annotations

import pytest

from wasmui import Component, component, create_context, errors, flush, h, html, portal, use_context, use_state
from wasmui import mount as _mount
from wasmui.modeldom import element
from wasmui.testing import click

SETTERS: dict = {}  # module-level: a component class (kept by h()) must not close over a test's dict
_roots = []
log: list[str] = []


def mount(*args, **kwargs):
    root = _mount(*args, **kwargs)
    _roots.append(root)
    return root


@pytest.fixture(autouse=True)
def _clean():
    log.clear()
    yield
    SETTERS.clear()
    while _roots:
        root = _roots.pop()
        if root.mounted:
            root.unmount()


def wrappers(host):
    return [node for node in host.document.walk() if "data-wasmui-portal" in node.attrs]


def test_children_render_at_the_end_of_the_body_and_a_comment_stays_in_place(host, container):
    root = mount(html.div(html.p("before"), portal(html.p("inside", id="in")), html.p("after")), container)
    assert container.to_html() == '<div id="app"><div><p>before</p><!----><p>after</p></div></div>'
    [wrapper] = wrappers(host)
    assert wrapper.parent is host.document and host.document.children[-1] is wrapper
    assert wrapper.to_html() == '<div data-wasmui-portal=""><p id="in">inside</p></div>'
    root.unmount()
    assert wrappers(host) == [] and host.live_nodes == 0


def test_a_selector_or_an_element_is_the_target(host, container):
    layer = element("aside")
    layer.attrs["id"] = "layer"
    host.document.insert_before(layer, None)
    other = element("section")
    host.document.insert_before(other, None)
    mount(html.div(portal("by selector", target="#layer"), portal("by element", target=other)), container)
    assert layer.text_content() == "by selector" and other.text_content() == "by element"


def test_a_selector_matching_nothing_is_reported_against_the_component_and_the_rest_renders(host, container):
    @component
    def Tooltip():
        return html.div(portal("tip", target="#nowhere"), html.span("rest"))

    errors.recent.clear()
    mount(Tooltip, container)
    [report] = errors.recent
    assert report.component == "Tooltip" and "portal() prop 'target'" in report.message and "#nowhere" in report.message
    assert container.text_content() == "rest" and wrappers(host) == []


def test_handlers_inside_run_and_events_bubble_through_the_portals_place_in_the_tree(host, container):
    mount(
        html.div(
            portal(html.button("ok", id="ok", on_click=lambda: log.append("button"))),
            on_click=lambda: log.append("around the portal"),
        ),
        container,
    )
    click(host.document.querySelector("#ok"))
    assert log == ["button", "around the portal"]


def test_lifecycle_errors_and_context_reach_through_a_portal(host, container):
    Theme = create_context("light")

    class Inner(Component):
        def on_mount(self):
            log.append("mounted")

        def on_unmount(self):
            log.append("unmounted")

        def render(self):
            if self.props.get("fail"):
                raise ValueError("inside the portal")
            return html.p(self.context(Theme))

    class Boundary(Component):
        def on_init(self):
            self.state = {"caught": None}

        def on_error(self, exc):
            self.set_state(caught=str(exc))

        def render(self):
            if self.state["caught"]:
                return html.p(f"caught: {self.state['caught']}")
            return portal(h(Inner, {"fail": self.props["fail"]}))

    @component
    def App():
        fail, SETTERS["fail"] = use_state(False)
        shown, SETTERS["shown"] = use_state(True)
        return Theme.provide("dark", h(Boundary, {"fail": fail}) if shown else None)

    mount(App, container)
    assert wrappers(host)[0].text_content() == "dark" and log == ["mounted"]
    SETTERS["fail"](True)
    flush()
    assert container.text_content() == "caught: inside the portal"
    assert wrappers(host) == [] and log == ["mounted", "unmounted"]


def test_a_portal_inside_a_removed_subtree_is_closed_too(host, container):
    @component
    def App():
        shown, SETTERS["shown"] = use_state(True)
        return html.main(html.section(html.div(portal(html.p("deep", on_click=lambda: None)))) if shown else "gone")

    root = mount(App, container)
    assert len(wrappers(host)) == 1
    nodes_before = host.live_nodes
    SETTERS["shown"](False)
    flush()
    assert wrappers(host) == [] and host.live_nodes < nodes_before and len(root.events) == 0


def test_a_new_target_moves_the_container_and_children_are_patched_in_place(host, container):
    for name in ("one", "two"):
        target = element("div")
        target.attrs["id"] = name
        host.document.insert_before(target, None)

    @component
    def App():
        where, SETTERS["where"] = use_state("#one")
        items, SETTERS["items"] = use_state(["a", "b", "c"])
        return portal(html.ul([html.li(item, key=item) for item in items]), target=where)

    mount(App, container)
    one, two = host.document.querySelector("#one"), host.document.querySelector("#two")
    first_li = one.querySelector("li")
    SETTERS["where"]("#two")
    SETTERS["items"](["c", "a", "b"])
    flush()
    assert one.children == [] and two.text_content() == "cab"
    assert two.querySelectorAll("li")[1] is first_li  # moved, not made again


def test_keyed_siblings_move_around_a_portal(host, container):
    @component
    def App():
        order, SETTERS["order"] = use_state(["x", "p", "y"])
        return html.div([portal(html.b("modal"), key="p") if key == "p" else html.i(key, key=key) for key in order])

    mount(App, container)
    SETTERS["order"](["y", "p", "x"])
    flush()
    assert container.to_html() == '<div id="app"><div><i>y</i><!----><i>x</i></div></div>'
    assert wrappers(host)[0].text_content() == "modal"


def test_300_open_close_cycles_leave_nodes_handlers_and_containers_flat(host, container):
    @component
    def Modal():
        return portal(
            html.div(
                html.p("Sure?"),
                html.button("Close", id="close", on_click=lambda: SETTERS["open"](False)),
                role="dialog",
            )
        )

    @component
    def App():
        is_open, SETTERS["open"] = use_state(False)
        return html.div(html.button("Open", id="open", on_click=lambda: SETTERS["open"](True)), h(Modal) if is_open else None)

    root = mount(App, container)
    baseline = (host.live_nodes, len(root.events), len(host.document.children), len(host._targets))
    for _ in range(300):
        click(host.document.querySelector("#open"))
        assert len(wrappers(host)) == 1
        click(host.document.querySelector("#close"))
    assert wrappers(host) == []
    assert (host.live_nodes, len(root.events), len(host.document.children), len(host._targets)) == baseline
    root.unmount()
    assert host.live_nodes == 0 and host._targets == {}


def test_an_empty_portal_still_closes(host, container):
    @component
    def App():
        shown, SETTERS["shown"] = use_state(True)
        return html.div(html.div(portal()) if shown else None)

    mount(App, container)
    assert len(wrappers(host)) == 1
    SETTERS["shown"](False)
    flush()
    assert wrappers(host) == []
