"""Tag factories: ``html.div(*children, **props)`` is ``h("div", props, *children)``.

Any attribute of this module is a factory for the tag of that name, so
``html.my_widget`` builds ``<my-widget>`` (underscores become dashes, as custom
element names need them).

Example:
    ```python
    from wasmui import html
    html.ul(html.li("one", key=1), html.li("two", key=2), class_="list")
    ```

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from .vnode import VNode, element_node


@cache
def _factory(tag: str) -> Callable[..., VNode]:
    element_node(tag, {}, ())  # checks the tag name once, here

    def build(*children, **props) -> VNode:
        return element_node(tag, props, children)

    build.__name__ = build.__qualname__ = tag
    build.__doc__ = f"Builds a <{tag}> node: children positionally, props as keywords."
    return build


def __getattr__(name: str) -> Callable[..., VNode]:
    if name.startswith("__"):
        raise AttributeError(name)
    factory = _factory(name.rstrip("_").replace("_", "-"))
    globals()[name] = factory  # later lookups find it directly, without this fallback
    return factory
