"""Contacts: a small multi-view app: a router (hash mode), function components with hooks,
and a form with validation. Leaving a view releases what it owned."""

from wasmui import component, html, use_state
from wasmui.forms import all_valid, use_field
from wasmui.router import Link, Route, Router, navigate

# the app's data, shared by its views (a real app would fetch and save it)
CONTACTS = [{"id": 1, "name": "Ada Lovelace", "email": "ada@example.org"},
            {"id": 2, "name": "Grace Hopper", "email": "grace@example.org"}]  # fmt: skip


@component
def ContactList():
    query, set_query = use_state("")
    shown = [c for c in CONTACTS if query.lower() in c["name"].lower()]
    return html.section(
        html.div(
            html.input(type="search", placeholder="Search", aria_label="search", value=query,
                       on_input=lambda e: set_query(str(e.target.value))),
            Link("/new", "New contact", class_="button", data_testid="new"),
            class_="toolbar",
        ),
        html.ul([html.li(Link(f"/contacts/{c['id']}", c["name"]), key=c["id"]) for c in shown]),
        html.p(f"{len(shown)} of {len(CONTACTS)} contacts", class_="hint"),
    )  # fmt: skip


@component
def ContactCard(contact_id):
    contact = next((c for c in CONTACTS if str(c["id"]) == contact_id), None)
    if contact is None:
        return html.p("No such contact. ", Link("/", "Back to the list"))
    return html.article(
        html.h3(contact["name"]),
        html.p(html.a(contact["email"], href=f"mailto:{contact['email']}")),
        Link("/", "← All contacts"),
    )


@component
def NewContact():
    name = use_field("", validate=lambda v: None if v.strip() else "Enter a name", name="contact-name")
    email = use_field("", validate=lambda v: None if "@" in v and "." in v.split("@")[-1] else "Enter an email address",
                      name="contact-email")  # fmt: skip

    def save():
        if all_valid(name, email):
            CONTACTS.append({"id": max(c["id"] for c in CONTACTS) + 1, "name": name.value.strip(), "email": email.value})
            navigate("/")

    return html.form(
        html.h3("New contact"),
        html.label("Name", html.input(**name.bind())), name.message(),
        html.label("Email", html.input(type="email", **email.bind())), email.message(),
        html.div(html.button("Save", type="submit"), Link("/", "Cancel"), class_="toolbar"),
        on_submit=save, prevent_default="submit", novalidate=True,  # (the page stops the page load at once, in both modes)
    )  # fmt: skip


@component
def Missing(path):
    return html.p(f"Nothing at {path}. ", Link("/", "Back to the list"))


@component
def ContactsApp():
    routes = [Route("/", ContactList), Route("/new", NewContact), Route("/contacts/{contact_id}", ContactCard)]
    return html.div(Router(routes, mode="hash", fallback=Missing), class_="contacts")
