"""Modal dialog and popup window: listeners outside the tree, owned by the scope.

The modal listens for Escape on the document only while it is open (its own
component's scope); the popup talks to the page with postMessage, and its
message listener and the window itself go when the component unmounts.

The popup is the page's alone: in worker mode ``js.window.open`` does not exist (a
worker has no window), and the Window it returns on the page could not cross to the
worker (it is no cloneable value), so nothing there could post to it or close it.
The modal works in both modes (``dom.document``).
"""

import js

from wasmui import Component, dom, h, html, is_nullish


class Modal(Component):
    def on_mount(self):
        self.scope.listen(dom.document, "keydown", self.on_key)

    def on_key(self, event):
        if event.key == "Escape":
            self.props["on_close"]()

    def render(self):
        return html.div(
            html.div(
                html.h3(self.props["title"]),
                html.p(self.props.get("children")),
                html.button("Close", on_click=lambda: self.props["on_close"]()),
                class_="modal", role="dialog", aria_modal="true", aria_label=self.props["title"],
                on_click=lambda e: e.stopPropagation(),  # clicks inside do not reach the overlay
            ),
            class_="overlay",
            on_click=lambda: self.props["on_close"](),
        )


class Popup(Component):
    """Opens popup.html, which posts messages back; the listener lives in this scope."""

    def on_init(self):
        self.state = {"messages": [], "window": None}
        self.child = None
        self.listener = None

    def on_mount(self):
        self.scope.on_cleanup(self.close)

    def open(self):
        child = js.window.open("popup.html", "wasmui-popup", "width=420,height=320")
        if is_nullish(child):  # a blocked popup is JS null, not None
            self.set_state(messages=[*self.state["messages"], "the browser blocked the popup"])
            return
        self.child = child
        self.listener = self.scope.listen(js.window, "message", self.on_message)
        self.set_state(window=True)

    def on_message(self, event):
        if event.source == self.child:
            self.set_state(messages=[*self.state["messages"][-4:], str(event.data)])

    def say_hello(self):
        self.child.postMessage("hello from the page", js.location.origin)

    def close(self):
        if self.listener is not None:
            self.scope.release(self.listener)  # the message listener goes with the window
            self.listener = None
        if self.child is not None:
            self.child.close()
            self.child = None
        if self.mounted:
            self.set_state(window=None)

    def render(self):
        if not hasattr(js, "window"):  # in a worker (see the module's docstring)
            return html.p("A popup window is the page's: in worker mode there is no window to open one from, "
                          "and none could cross to the worker.", class_="muted", data_testid="messages")
        is_open = self.state["window"] is not None
        return html.div(
            html.button("Close popup" if is_open else "Open popup", on_click=self.close if is_open else self.open),
            html.button("Say hello", on_click=self.say_hello, disabled=not is_open),
            html.ul([html.li(m) for m in self.state["messages"]], data_testid="messages"),
        )


class DialogDemo(Component):
    def on_init(self):
        self.state = {"open": False}

    def render(self):
        return html.div(
            html.button("Open dialog", on_click=lambda: self.set_state(open=True)),
            h(Modal, {"title": "A modal dialog", "on_close": lambda: self.set_state(open=False)},
              "Press Escape, click outside, or use the button.") if self.state["open"] else None,
            html.h3("Popup window"),
            h(Popup),
            class_="stack",
        )
