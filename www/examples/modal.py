"""A modal in a portal: drawn at the end of <body>, so the card's ``overflow: hidden``
cannot clip it, yet still part of the component tree: the context above it reaches it,
its handlers run through the page's delegated listeners, and it goes when it unmounts.

Accessible as a modal should be: focus moves into it when it opens, Tab stays inside,
Escape closes it, and focus returns to the button that opened it. The same code runs on
the page and in worker mode: focus moves through ``dom.call`` (awaited: one message in a
worker), and Tab is kept inside by the two end buttons' own key handlers (Tab on the
last moves focus to the first, Shift+Tab on the first to the last), so nothing needs to
know which element has focus (``document.activeElement`` is one message away in a worker).
"""

from wasmui import (
    component, create_context, dom, h, html, portal, use_context, use_effect, use_ref, use_scope, use_state,
)  # fmt: skip

Tone = create_context("plain", name="Tone")


@component
def Modal(title, on_close, children=()):
    first, last = use_ref(), use_ref()
    scope = use_scope()
    tone = use_context(Tone)  # provided above the portal: context goes through it

    def focus(ref):
        scope.create_task(dom.call(ref, "focus"))

    use_effect(lambda: focus(first), [])  # focus moves in, on the first button

    def on_keydown(event):
        if event.key == "Escape":
            on_close()

    def wrap(shift, to):
        """Tab (``shift``: Shift+Tab) from one end of the dialog: focus goes on to the other end."""
        return lambda event: focus(to) if event.key == "Tab" and bool(event.shiftKey) == shift else None

    def guard():
        """Where Tab's own move from an end lands, inside the page, until the handler's
        move arrives (one message later in a worker): focus never leaves for the browser's
        toolbar. (A focus handler here would not do: Firefox fires no focus events in a
        window that is not the active one.)"""
        return html.span(tabindex="0", class_="focus-guard")

    return portal(
        html.div(
            html.div(
                guard(),
                html.h3(title, id="modal-title"),
                html.div(*children),
                html.p(f"Tone from the context above the portal: {tone}", class_="muted", data_testid="tone"),
                html.div(
                    html.button("Cancel", ref=first, on_click=lambda: on_close(), on_keydown=wrap(True, last)),
                    html.button("Confirm", ref=last, on_click=lambda: on_close(), class_="primary", on_keydown=wrap(False, first)),
                    class_="toolbar",
                ),
                guard(),
                class_="modal", role="dialog", aria_modal="true", aria_labelledby="modal-title",
                tabindex="-1", on_keydown=on_keydown,
                on_click=lambda event: event.stopPropagation(),  # a click inside does not reach the overlay
            ),
            class_="overlay",
            on_click=lambda: on_close(),  # a click on the backdrop closes
        )
    )


@component
def ModalDemo():
    is_open, set_open = use_state(False)
    opened, set_opened = use_state(0)
    opener = use_ref()
    scope = use_scope()

    def open_modal():
        set_open(True)
        set_opened(lambda n: n + 1)

    def close():
        set_open(False)
        scope.create_task(dom.call(opener, "focus"))  # focus back where it was

    return Tone.provide(
        "friendly",
        html.div(
            html.p("This card clips its content (overflow: hidden); the modal is not clipped: it lives in a portal."),
            html.button("Open modal", id="open-modal", ref=opener, on_click=open_modal),
            html.p(f"Opened {opened} times", class_="muted", data_testid="opened"),
            h(Modal, {"title": "Delete 3 files?", "on_close": close},
              html.p("Escape, a click outside, or a button closes it.")) if is_open else None,
            class_="stack",
            style={"overflow": "hidden", "max-height": "12rem", "border": "1px solid var(--line)",
                   "border-radius": ".75rem", "padding": "1rem"},
        ),
    )
