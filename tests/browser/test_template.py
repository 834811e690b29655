"""Templates in headless Chromium: the cloned DOM equals the element tree's, handlers
fire through delegation, and nothing stays in the applier's map after unmount.

The links' handler prevents their default action, as an app's client-side link does: a
click that followed ``href`` would take pytest-pyodide's page away, and when the new
document arrived before the run's result reached WebDriver (a busy CPU), the run failed:
a script timeout, or ``ReferenceError: pyodide is not defined``."""

from __future__ import annotations

from pytest_pyodide import run_in_pyodide


@run_in_pyodide(packages=["wasmui"])
def test_template_instances_in_the_real_dom(selenium):
    import js

    from wasmui import Component, flush, h, html, mount, runtime, template

    def card_markup(title, href, card_class, on_open):
        return html.article(
            html.h2(title),
            html.a("open", href=href, on_click=on_open),
            html.svg(h("circle", {"r": 2})),
            class_=card_class,
        )

    card = template(card_markup)
    opened = []

    def open_card(event, name):
        event.preventDefault()  # a client-side link: the page stays
        opened.append(name)

    class Cards(Component):
        def on_init(self):
            self.state = {"items": ["a", "b", "c"]}

        def render(self):
            return html.section([
                card(name, f"/c/{name}", "big" if name == "b" else None, lambda e, n=name: open_card(e, n), key=name)
                for name in self.state["items"]
            ])  # fmt: skip

    applier = runtime.get_runtime().host.applier
    nodes_before = applier.nodeCount()
    with_templates = js.document.createElement("div")
    plain = js.document.createElement("div")
    js.document.body.append(with_templates, plain)
    root = mount(Cards, with_templates)
    plain_root = mount(
        html.section([card_markup(n, f"/c/{n}", "big" if n == "b" else None, None) for n in "abc"]), plain
    )
    assert with_templates.innerHTML == plain.innerHTML
    assert with_templates.querySelector("circle").namespaceURI == "http://www.w3.org/2000/svg"

    links = with_templates.querySelectorAll("a")
    links.item(1).click()
    links.item(2).click()
    assert opened == ["b", "c"]

    root.component.set_state(items=["c", "a"])
    flush()
    assert [h2.textContent for h2 in with_templates.querySelectorAll("h2")] == ["c", "a"]
    with_templates.querySelector("a").click()
    assert opened == ["b", "c", "c"]

    root.unmount()
    plain_root.unmount()
    flush()
    assert applier.nodeCount() == nodes_before  # clones' ids forgotten, the prototype was never counted
    assert js.document.querySelectorAll("article").length == 0  # the prototype is not in the document
    with_templates.remove()
    plain.remove()
