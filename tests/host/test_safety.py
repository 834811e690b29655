"""Hostile data and bad input on the model DOM: refused, with messages that name the culprit."""

from __future__ import annotations

import pytest

from wasmui import Component, DuplicateKeyError, MountError, RenderError, UnsafeContentWarning, h, html, mount, unsafe
from wasmui.sanitize import dangerous_url, parse_style

SCRIPT_URLS = [
    "javascript:alert(1)",
    "  javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "jav\r\nascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "javascript:alert(1)\x00 ",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:Text/HTML;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " data:image/svg+xml,<svg onload=alert(1)>",
    "data:application/xhtml+xml,<x/>",
]
SAFE_URLS = ["https://example.org/a?b=javascript:", "/path", "#top", "mailto:a@b.c", "javascript", "javascript&colon;alert(1)", "data:image/png;base64,AAAA", "tel:123"]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_script_capable_urls_are_recognised_however_disguised(url):
    assert dangerous_url("a", "href", url) is not None


@pytest.mark.parametrize("url", SAFE_URLS)
def test_ordinary_urls_pass(url):
    assert dangerous_url("a", "href", url) is None


def test_svg_data_urls_are_fine_where_they_are_only_images():
    assert dangerous_url("img", "src", "data:image/svg+xml,<svg/>") is None
    assert dangerous_url("iframe", "src", "data:image/svg+xml,<svg/>") is not None


@pytest.mark.parametrize("attribute", ["href", "src", "action", "formaction", "xlink:href", "poster"])
def test_refused_urls_are_not_written_and_the_warning_names_the_component(container, attribute):
    class Link(Component):
        def render(self):
            return h("a", {attribute: " JaVa\tScRiPt:alert(document.domain)", "title": "x"}, "go")

    with pytest.warns(UnsafeContentWarning, match=rf"Link: refused <a {attribute}>: a javascript: URL"):
        mount(Link, container)
    assert attribute not in container.children[0].attrs and container.children[0].attrs["title"] == "x"


def test_a_safe_url_replacing_nothing_and_a_refused_one_removing_the_old(container):
    root = mount(html.a("x", href="/ok"), container)
    with pytest.warns(UnsafeContentWarning):
        root.render(html.a("x", href="javascript:alert(1)"))
    assert "href" not in container.children[0].attrs


def test_explicit_unsafe_url_and_markup_are_written(container):
    mount(
        html.div(
            html.a("run", href=unsafe.url("javascript:void(0)")),
            html.iframe(srcdoc=unsafe.html("<p>doc</p>")),
            unsafe.html("<b>bold</b> text"),
        ),
        container,
    )
    div = container.children[0]
    assert div.children[0].attrs["href"] == "javascript:void(0)"
    assert div.children[1].attrs["srcdoc"] == "<p>doc</p>"
    assert div.children[2].to_html() == "<wasmui-html style{display:contents}><b>bold</b> text</wasmui-html>"


def test_srcdoc_from_a_plain_string_is_refused(container):
    with pytest.warns(UnsafeContentWarning, match="refused <iframe srcdoc>: raw markup"):
        mount(html.iframe(srcdoc="<script>alert(1)</script>"), container)
    assert "srcdoc" not in container.children[0].attrs


def test_markup_in_strings_stays_text(container):
    mount(html.p("<img src=x onerror=alert(1)>", title='"><script>'), container)
    p = container.children[0]
    assert p.children[0].kind == "text" and p.children[0].text == "<img src=x onerror=alert(1)>"


def test_style_strings_become_cssom_entries():
    assert parse_style("color: red; background: url('a;b.png'); --My-Var: 1;;bad") == {
        "color": "red",
        "background": "url('a;b.png')",
        "--My-Var": "1",
    }


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: h("div", "text"), r"h\(<div>\): props must be a dict or None, got str"),
        (lambda: h(42), r"h\(\): type must be a tag name, a Component subclass or Fragment, got int"),
        (lambda: h("my div"), r"h\(\): invalid tag name 'my div'"),
        (lambda: h("script", None, "alert(1)"), r"<script> elements are refused"),
        (lambda: h("div", {"a=b": 1}), r"<div>: invalid attribute name 'a=b'"),
        (lambda: h("div", {'x"y': 1}), r"<div>: invalid attribute name 'x\"y'"),
        (lambda: h("div", {"onclick": "alert(1)"}), r"<div>: prop 'onclick' looks like an inline event handler; use on_click"),
        (lambda: h("div", {"on_click": "alert(1)"}), r"<div>: event prop 'on_click' must be a callable, got str"),
        (lambda: h("div", {"ref": "x"}), r"<div>: prop 'ref' must be a callable"),
        (lambda: h("div", {"style": 3}), r"<div>: prop 'style' must be a dict or a str, got int"),
        (lambda: h("div", {"title": object()}), r"<div>: prop 'title' must be a str, number, bool or None, got object"),
        (lambda: h("div", {"key": [1]}), r"<div>: prop 'key' must be a str or an int, got list"),
        (lambda: h("div", None, object()), r"<div>: cannot render a child of type object"),
        (lambda: html.ul(html.li(key=1), html.li(key=1)), r"<ul>: duplicate key 1 among siblings"),
    ],
)
def test_bad_nodes_fail_with_a_message_naming_element_and_prop(build, message):
    with pytest.raises((RenderError, DuplicateKeyError), match=message):
        build()


def test_production_trusts_keys_and_duplicates_still_leave_a_consistent_dom(container, monkeypatch):
    """Duplicate keys are an error in development; production skips that pass over every
    list (as React and Preact do), and the DOM still shows exactly what was rendered."""
    from wasmui import mode

    monkeypatch.setattr(mode, "checks", False)
    root = mount(html.ul([html.li(text, key=key) for key, text in [(1, "a"), (1, "b"), (2, "c")]]), container)
    ul = container.children[0]
    assert [li.text_content() for li in ul.children] == ["a", "b", "c"]
    for rows in ([(2, "c"), (1, "a"), (1, "b"), (3, "d")], [(1, "x")], [(1, "y"), (1, "z"), (1, "w")], []):
        root.render(html.ul([html.li(text, key=key) for key, text in rows]))
        assert [li.text_content() for li in ul.children] == [text for _, text in rows]
    root.unmount()


def test_class_lists_and_dicts_are_joined(container):
    mount(html.p(class_=["a", None, "b"], title=3), container)
    mount(html.p(class_={"on": True, "off": False}), _second(container))
    assert container.children[0].attrs == {"class": "a b", "title": "3"}


def _second(container):
    from wasmui.modeldom import element

    other = element("div")
    container.parent.insert_before(other, None)
    return other


def test_render_errors_name_the_component(container):
    from wasmui import errors

    class Returns(Component):
        def render(self):
            return {"not": "a node"}

    class Dupes(Component):
        def render(self):
            return html.ul([html.li(key="k"), html.li(key="k")])

    mount(html.div(h(Returns), h(Dupes)), container)
    messages = [report.message for report in list(errors.recent)[-2:]]
    assert messages[0].startswith("Returns: cannot render a child of type dict")
    assert messages[1].startswith("Dupes.render: <ul>: duplicate key 'k' among siblings")


def test_mount_errors(host, container):
    with pytest.raises(MountError, match=r"no element matches selector '#missing'"):
        mount(html.p(), "#missing")
    mount(html.p(), container)
    with pytest.raises(MountError, match="already holds a wasmui root"):
        mount(html.p(), container)
    with pytest.raises(RenderError, match=r"mount\(\): expected a Component subclass or a node, got str"):
        mount("p", container)


def test_unmount_twice_warns(container):
    root = mount(html.p(), container)
    root.unmount()
    with pytest.warns(RuntimeWarning, match="unmount\\(\\) called twice"):
        root.unmount()


def test_a_raising_on_unmount_still_releases_everything(container, caplog):
    released = []

    class Fragile(Component):
        def on_mount(self):
            self.scope.on_cleanup(lambda: released.append("mine"))

        def on_unmount(self):
            raise RuntimeError("unmount failed")

        def render(self):
            return html.p("x")

    root = mount(html.div(h(Fragile), h(Fragile)), container)
    root.unmount()
    assert released == ["mine", "mine"] and container.children == []
    assert "Fragile.on_unmount raised RuntimeError: unmount failed" in caplog.text
