"""The inspector at scale (#17), on the model DOM: counts kept as things happen, components
grouped by class, zombies looked for only among what was unmounted, growth per class and
kind with steady growth flagged."""

from __future__ import annotations

from wasmui import Component, flush, h, html, inspector, mount, tracker


class Row(Component):
    def render(self):
        return html.li(self.props["label"])


class Table(Component):
    def on_init(self):
        self.state = {"rows": 3}

    def render(self):
        return html.ul([h(Row, {"label": str(i), "key": i}) for i in range(self.state["rows"])])


KEPT = []


class Leaky(Component):
    def on_mount(self):
        KEPT.append(self)  # a module-level list keeps every instance: the leak


class Flat(Component):
    pass


def test_components_are_grouped_by_class_from_counts(container):
    root = mount(Table, container)
    root.component.set_state(rows=1000)
    flush()
    groups = {g["name"]: g for g in inspector.component_groups()}
    assert groups["Row"]["count"] == 1000 and groups["Table"]["count"] == 1
    assert list(groups)[0] == "Row" and "test_inspector_at_scale.py:" in groups["Row"]["site"]
    page = inspector.components_of(groups["Row"]["key"], offset=10, limit=5)
    assert [c["props"]["label"] for c in page] == ["'10'", "'11'", "'12'", "'13'", "'14'"]
    root.component.set_state(rows=2)
    flush()
    assert {g["name"]: g["count"] for g in inspector.component_groups()}["Row"] == 2
    assert inspector.summary()["mounted"] == 3
    root.unmount()
    assert not [g for g in inspector.component_groups() if g["name"] in ("Row", "Table")]


def test_zombies_come_from_what_was_unmounted_and_stay_until_freed(container):
    root = mount(html.div(h(Leaky), h(Flat)), container)
    root.render(html.div())
    found = inspector.zombies(with_paths=True)
    assert [z["name"] for z in found] == ["Leaky"]
    assert "global 'KEPT'" in " ".join(found[0]["path"])
    assert not tracker.recently_unmounted  # looked at once
    KEPT.clear()
    assert inspector.zombies() == []
    root.unmount()


def test_growth_flags_a_class_that_grows_on_each_action_and_not_a_flat_one(container):
    class Page(Component):
        def on_init(self):
            self.state = {"clicks": 0}

        def click(self):
            self.set_state(clicks=self.state["clicks"] + 1)

        def render(self):
            # every click adds a Leaky (never removed) and shows one Flat (replaced)
            return html.div([h(Leaky, {"key": i}) for i in range(self.state["clicks"])], h(Flat, {"key": f"f{self.state['clicks']}"}))

    root = mount(Page, container)
    inspector.mark()
    for _ in range(5):
        root.component.click()
        flush()
        inspector.sample()
    rows = {(r["what"], r["name"]): r for r in inspector.growth()}
    leaky, flat = rows[("component", "Leaky")], rows[("component", "Flat")]
    assert leaky["suspect"] and leaky["since_mark"] == 5 and "test_inspector_at_scale.py:" in leaky["site"]
    assert not flat["suspect"] and flat["since_mark"] == 0
    assert inspector.growth()[0]["name"] == "Leaky"  # suspects first
    root.unmount()
    KEPT.clear()
