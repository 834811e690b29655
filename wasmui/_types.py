"""Protocols shared across modules: the Host that the runtime drives.

Must not import ``js``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .scope import Scope


class Host(Protocol):
    """Where ops are applied: the browser (``browser_host.BrowserHost``) or a model DOM
    (``modeldom.ModelHost``) for plain-CPython tests. Like dom-expressions'
    ``createRenderer``, the whole framework is written against these few calls."""

    def attach(self, root_id: int, target: Any, dispatch: Callable[..., None], scope: Scope) -> Any:
        """Adopts ``target`` (an element or a CSS selector) as root ``root_id``'s container,
        routing its delegated events to ``dispatch(type, event, *node_ids)``, once per event
        with the handling nodes' ids, target first; ``scope`` owns what this creates.
        Returns the container. Raises ``MountError`` if the target is missing or taken."""

    def hold_target(self, node_id: int, target: Any) -> None:
        """Resolves a portal's target (``None`` for the document's body, a CSS selector, or
        an element) and holds it as ``node_id`` for the ``PORTAL`` op; raises ``ValueError``
        if there is no such element."""

    prerendering: bool
    """True for the host ``wasmui build`` renders a page's first view on (components
    whose ``prerender`` is False render their placeholder there)."""

    handlers_run_late: bool
    """Whether a handler runs after the page has handled its event (worker mode): only a
    declared ``prevent_default`` can stop a default action then."""

    def hydrating(self, root_id: int) -> bool:
        """Whether root ``root_id``'s container holds a pre-rendered first view that its
        first commit adopts instead of replacing (hydration)."""

    def apply(self, ops: list, then_idle: Callable[[Callable[[], float]], None] | None = None) -> list[dict] | None:
        """Applies one commit's flat op list (see :mod:`wasmui.ops`). When the commit
        hydrated a root, returns where the pre-rendered DOM differed and was repaired.
        ``then_idle``, if given, is requested as :meth:`when_idle` does, in the same call."""

    def node(self, node_id: int) -> Any:
        """The live node for an id (for refs and ``Component.el``)."""

    def request_frame(self, callback: Callable[[], None]) -> None:
        """Calls ``callback`` once before the next paint (coalescing repeated requests)."""

    def when_idle(self, callback: Callable[[Callable[[], float]], None]) -> None:
        """Calls ``callback(time_left)`` once, after the next paint, when the page is idle
        (coalescing repeated requests); ``time_left()`` is how many milliseconds of the
        idle period remain, so the work can stop before it delays the next frame."""

    def close(self) -> None:
        """Releases what the host itself holds (its frame and idle callbacks); it may be used again."""
