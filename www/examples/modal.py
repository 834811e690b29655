"""A modal in a portal: drawn at the end of <body>, so the card's ``overflow: hidden``
cannot clip it, yet still part of the component tree: the context above it reaches it,
its handlers run through the page's delegated listeners, and it goes when it unmounts.

Accessible as a modal should be: focus moves into it when it opens, Tab stays inside,
Escape closes it, and focus returns to whatever had it before (the opening button).
"""

import js

from wasmui import component, create_context, h, html, portal, use_context, use_effect, use_ref, use_state

Tone = create_context("plain", name="Tone")

FOCUSABLE = "button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])"


@component
def Modal(title, on_close, children=()):
    dialog = use_ref()
    tone = use_context(Tone)  # provided above the portal: context goes through it

    def take_focus():
        before = js.document.activeElement  # what had focus: it gets it back at close
        focusable = dialog.current.querySelectorAll(FOCUSABLE)
        (focusable[0] if focusable.length else dialog.current).focus()

        def give_back():
            if before is not None and before.isConnected:
                before.focus()

        return give_back

    use_effect(take_focus, [])

    def on_keydown(event):
        if event.key == "Escape":
            event.preventDefault()
            on_close()
        elif event.key == "Tab":  # keep focus inside the dialog
            focusable = dialog.current.querySelectorAll(FOCUSABLE)
            first, last = focusable[0], focusable[focusable.length - 1]
            if event.shiftKey and js.document.activeElement == first:
                event.preventDefault()
                last.focus()
            elif not event.shiftKey and js.document.activeElement == last:
                event.preventDefault()
                first.focus()

    return portal(
        html.div(
            html.div(
                html.h3(title, id="modal-title"),
                html.div(*children),
                html.p(f"Tone from the context above the portal: {tone}", class_="muted", data_testid="tone"),
                html.div(
                    html.button("Cancel", on_click=lambda: on_close()),
                    html.button("Confirm", on_click=lambda: on_close(), class_="primary"),
                    class_="toolbar",
                ),
                ref=dialog, class_="modal", role="dialog", aria_modal="true", aria_labelledby="modal-title",
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

    def open_modal():
        set_open(True)
        set_opened(lambda n: n + 1)

    return Tone.provide(
        "friendly",
        html.div(
            html.p("This card clips its content (overflow: hidden); the modal is not clipped: it lives in a portal."),
            html.button("Open modal", id="open-modal", on_click=open_modal),
            html.p(f"Opened {opened} times", class_="muted", data_testid="opened"),
            h(Modal, {"title": "Delete 3 files?", "on_close": lambda: set_open(False)},
              html.p("Escape, a click outside, or a button closes it.")) if is_open else None,
            class_="stack",
            style={"overflow": "hidden", "max-height": "12rem", "border": "1px solid var(--line)",
                   "border-radius": ".75rem", "padding": "1rem"},
        ),
    )
