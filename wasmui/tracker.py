"""Books for the dev tools: live components and resources, and their counts (#12, #17).

Installed through :data:`wasmui.devhooks.hooks` in development mode (and by
``testing.assert_no_leaks`` or the inspector opened on demand, in any mode); a
production page never imports it. The inspector and the leak checks read these books;
the core keeps none.

Counts are kept as things happen (a hook call each), so reading them costs nothing
however large the page: the inspector's summary and its grouped views never walk the
components. Components are held weakly. One unmounted since the last zombie scan sits
in :data:`recently_unmounted` until the scan sees it freed or keeps it as a zombie.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import Any

from . import devhooks

#: Every component mounted since the books were opened and still alive, by id.
components: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
#: Every resource not yet released, across all scopes.
resources: dict[int, Any] = {}
#: The app's mounted components per class (wasmui's own UI left out).
mounted_by_type: Counter = Counter()
#: The app's live resources per kind (wasmui's own left out).
live_by_kind: Counter = Counter()
#: Components unmounted since the last zombie scan (see ``inspector.zombies``).
recently_unmounted: weakref.WeakSet = weakref.WeakSet()
_counted: weakref.WeakSet = weakref.WeakSet()


def install() -> None:
    """Starts keeping the books (idempotent): what exists before is not counted."""
    devhooks.add("component_mounted", _component_mounted)
    devhooks.add("component_unmounted", _component_unmounted)
    devhooks.add("resource_tracked", _resource_tracked)
    devhooks.add("resource_released", _resource_released)


def _component_mounted(component: Any) -> None:
    components[component._id] = component
    if not component._root.internal:
        mounted_by_type[type(component)] += 1
        _counted.add(component)


def _component_unmounted(component: Any) -> None:
    if component in _counted:
        _counted.discard(component)
        kind = type(component)
        mounted_by_type[kind] -= 1
        if mounted_by_type[kind] <= 0:
            del mounted_by_type[kind]
        recently_unmounted.add(component)


def _resource_tracked(resource: Any) -> None:
    resources[id(resource)] = resource
    if not resource.scope.internal:
        live_by_kind[resource.kind] += 1


def _resource_released(resource: Any) -> None:
    if resources.pop(id(resource), None) is not None and not resource.scope.internal:
        live_by_kind[resource.kind] -= 1
        if live_by_kind[resource.kind] <= 0:
            del live_by_kind[resource.kind]


def live_resources(kind: str | None = None) -> list[Any]:
    """Every resource not yet released (of one kind, if given)."""
    return [r for r in list(resources.values()) if kind is None or r.kind == kind]
