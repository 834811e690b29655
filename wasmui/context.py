"""Context (#24): a value shared down the component tree without passing props.

``create_context(default)`` makes a :class:`Context`; ``ctx.provide(value, *children)``
is a node whose descendants read ``value`` with ``use_context(ctx)`` (function
components) or ``self.context(ctx)`` (class components), ``default`` when no provider
is above them.

Preact's model: a provider keeps its subscribers. A component that reads a context
finds the nearest provider once, walking up its parent components (a component never
changes parent, so the answer holds for its life), and subscribes to it. When the
provided value changes (compared as props are), the provider schedules exactly its
subscribers, also those below a component whose props did not change and which the
diff therefore does not enter; nothing else re-renders. A subscriber unsubscribes at
unmount. None of this is on the reconciler's path: a provider is an ordinary component
and a read is a dict lookup.

Must not import ``js``.
"""

from __future__ import annotations

from typing import Any

from .component import Component
from .hooks import _current
from .values import same_value
from .vnode import VNode, h

_UNSET = object()


class Context:
    """A context: made by :func:`create_context`, read by :func:`use_context`.

    Attributes:
        default: what a component reads when no provider of this context is above it.
        name: shown in the inspector and in error messages.
    """

    __slots__ = ("default", "name", "__weakref__")

    def __init__(self, default: Any = None, name: str = "Context") -> None:
        self.default = default
        self.name = name

    def provide(self, value: Any, *children: Any, key: Any = None) -> VNode:
        """A node that shows ``children`` and provides ``value`` to every component below them.

        Args:
            value: what :func:`use_context` returns below this node. A new value (compared
                as props are: equal values of the same type are the same) re-renders the
                components that read it.
            *children: the nodes shown (as ``h()``'s children).
            key: the node's key among its siblings, as any node's.

        Example:
            ```python
            Theme = create_context("light")

            @component
            def App():
                theme, set_theme = use_state("dark")
                return Theme.provide(theme, h(Toolbar))
            ```
        """
        props = {"context": self, "value": value}
        if key is not None:
            props["key"] = key
        return h(Provider, props, *children)

    def read(self, component: Component) -> Any:
        """The value ``component`` sees, subscribing it to its provider the first time.

        What ``use_context`` and ``Component.context`` call.
        """
        providers = component._contexts
        if providers is None:
            providers = component._contexts = {}
        provider = providers.get(self, _UNSET)
        if provider is _UNSET:
            provider = self._find_provider(component)
            providers[self] = provider
            if provider is not None and component._alive:
                provider._subscribers[component] = None
        return self.default if provider is None else provider.props["value"]

    def _find_provider(self, component: Component) -> Provider | None:
        above = component._parent_component
        while above is not None:
            if above.__class__ is Provider and above.props["context"] is self:
                return above
            above = above._parent_component
        return None

    def __repr__(self) -> str:
        return f"<Context {self.name} default={self.default!r}>"


class Provider(Component):
    """The component :meth:`Context.provide` makes: renders its children and tells the
    components that read its context when the value changed."""

    _last_value: Any = _UNSET

    def __init__(self, props: dict | None = None) -> None:
        super().__init__(props)
        # insertion-ordered set: a subscriber leaves in O(1) at its unmount
        self._subscribers: dict[Component, None] = {}

    def render(self) -> Any:
        value = self.props["value"]
        last, self._last_value = self._last_value, value
        if last is not _UNSET and self._subscribers and not same_value(last, value):
            for subscriber in list(self._subscribers):
                # in the same flush: those the diff reaches below render once then (their
                # _dirty is cleared), the others in the flush's next round
                subscriber._schedule()
        return self.props.get("children")

    def unsubscribe(self, component: Component) -> None:
        """``component`` reads this provider no more (it unmounted)."""
        self._subscribers.pop(component, None)

    def _detach(self) -> None:
        super()._detach()
        self._subscribers.clear()

    def __repr__(self) -> str:
        return f"<Provider {self.props['context'].name}#{self._id} {len(self._subscribers)} subscribers>"


def create_context(default: Any = None, name: str = "Context") -> Context:
    """A new context whose readers see ``default`` when no provider is above them.

    Args:
        default: the value read without a provider.
        name: a debug name (the inspector and messages show it).

    Example:
        ```python
        Cart = create_context(None, name="Cart")

        @component
        def Badge():
            cart = use_context(Cart)
            return html.span(str(len(cart.items)))
        ```
    """
    return Context(default, name)


def use_context(context: Context) -> Any:
    """The value of the nearest ``context.provide(...)`` above this function component
    (``context.default`` without one); it re-renders when that value changes."""
    if not isinstance(context, Context):
        raise TypeError(f"use_context() takes a context made by create_context(), got {type(context).__name__}")
    return context.read(_current("use_context"))
