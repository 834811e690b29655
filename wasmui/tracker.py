"""Books for the dev tools: every live component and every live resource (#12).

Installed through :data:`wasmui.devhooks.hooks` in development mode (and by
``testing.assert_no_leaks`` in any mode); a production page never imports it.
The inspector and the leak checks read these books; the core keeps none.

Components are held weakly, so an unmounted one that is still here after a
collection is a zombie: something keeps it alive.
"""

from __future__ import annotations

import weakref
from typing import Any

from .devhooks import hooks

#: Every component instance still alive, by id, without keeping any alive.
components: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
#: Every resource not yet released, across all scopes.
resources: dict[int, Any] = {}


def install() -> None:
    """Starts keeping the books (idempotent): what exists before is not counted."""
    hooks.component_created = _component_created
    hooks.resource_tracked = _resource_tracked
    hooks.resource_released = _resource_released


def installed() -> bool:
    return hooks.resource_tracked is _resource_tracked


def _component_created(component: Any) -> None:
    components[component._id] = component


def _resource_tracked(resource: Any) -> None:
    resources[id(resource)] = resource


def _resource_released(resource: Any) -> None:
    resources.pop(id(resource), None)


def live_resources(kind: str | None = None) -> list[Any]:
    """Every resource not yet released (of one kind, if given)."""
    return [r for r in list(resources.values()) if kind is None or r.kind == kind]
