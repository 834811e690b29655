"""Forms (#15) on the model DOM: binding in one expression, validation shown once the user
has left the field or tried to submit."""

from __future__ import annotations

from wasmui import component, html, use_state
from wasmui.forms import all_valid, bind, bind_checked, use_field
from wasmui.testing import click, fire, render, type_text


@component
def Signup():
    name = use_field("", validate=lambda v: None if v.strip() else "Enter your name", name="name")
    color, set_color = use_state("red")
    agree, set_agree = use_state(False)
    sent, set_sent = use_state(False)

    def submit(event):
        event.preventDefault()
        if all_valid(name):
            set_sent(True)

    return html.form(
        html.label("Name", html.input(**name.bind())), name.message(),
        html.select([html.option(c, value=c) for c in ("red", "blue")], aria_label="color", **bind(color, set_color, on="change")),
        html.label(html.input(type="checkbox", **bind_checked(agree, set_agree)), "I agree"),
        html.p(f"sent {name.value} {color} {agree}" if sent else "not sent", role="status"),
        html.button("Send", type="submit"),
        on_submit=submit,
    )  # fmt: skip


def test_binding_and_validation_as_a_user_meets_them():
    view = render(Signup)
    fire(view.get_by_role("form"), "submit")  # empty: the error shows, nothing is sent
    assert view.get_by_role("alert").textContent == "Enter your name"
    assert view.get_by_label("Name").getAttribute("aria-invalid") == "true"
    assert view.get_by_label("Name").getAttribute("aria-describedby") == "name-error"
    type_text(view.get_by_label("Name"), "Ada")
    assert view.get_by_role("status").textContent == "not sent" and not view.container.querySelectorAll("[role=alert]")
    select = view.get_by_label("color")
    select.value = "blue"
    fire(select, "change")
    click(view.get_by_label("I agree"))
    fire(view.get_by_role("form"), "submit")
    assert view.get_by_role("status").textContent == "sent Ada blue True"
    view.unmount()


def test_an_error_waits_until_the_user_leaves_the_field():
    @component
    def Email():
        email = use_field("", validate=lambda v: None if "@" in v else "Enter an email address")
        return html.div(html.input(aria_label="email", **email.bind()), email.message())

    view = render(Email)
    type_text(view.get_by_label("email"), "ada")
    assert not view.container.querySelectorAll("[role=alert]")  # still typing
    fire(view.get_by_label("email"), "blur", bubbles=False)
    assert view.get_by_role("alert").textContent == "Enter an email address"
    type_text(view.get_by_label("email"), "@example.org")
    assert not view.container.querySelectorAll("[role=alert]")
    view.unmount()
