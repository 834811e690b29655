"""The core's hooks for development tools, as Preact's ``options`` object (#12).

The core calls each hook that is set, at the moment it names; dev tools (the
tracker behind the inspector and ``assert_no_leaks``, the error overlay) install
them, so the core never imports a dev tool and never keeps books for one. A
production page installs none and pays one ``is None`` test per event.

Must not import anything from wasmui: every layer may call these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class DevHooks:
    """Hook slots, ``None`` until a dev tool sets them.

    Attributes:
        component_mounted: ``(component)`` once it is attached to its place in a root.
        component_unmounted: ``(component)`` after its teardown.
        component_rendered: ``(component)`` after a render that did not raise.
        resource_tracked: ``(resource)`` when a scope starts tracking it.
        resource_released: ``(resource)`` when it is released or ends by itself.
        commit_done: ``(ops_count)`` after a commit's ops are applied and its hooks ran.
        error_reported: ``(report)`` for an error from user code no boundary handled.
        hydration_mismatch: ``(root, mismatches)`` when a root's pre-rendered DOM differed
            from its first live render (and was repaired): dicts with ``id`` (the nearest
            node wasmui knows), ``path``, ``expected`` and ``found``.
        children_diffed: ``(ctx, parent, old_children, new_children)`` before the
            reconciler diffs two or more children, old ones still as committed (the
            unkeyed-reorder check, :mod:`wasmui.unkeyed`).
    """

    component_mounted: Callable[[Any], None] | None = None
    component_unmounted: Callable[[Any], None] | None = None
    component_rendered: Callable[[Any], None] | None = None
    resource_tracked: Callable[[Any], None] | None = None
    resource_released: Callable[[Any], None] | None = None
    commit_done: Callable[[int], None] | None = None
    error_reported: Callable[[Any], None] | None = None
    hydration_mismatch: Callable[[Any, list], None] | None = None
    children_diffed: Callable[[Any, Any, list, list], None] | None = None


hooks = DevHooks()
"""The page's one set of hooks."""


def add(name: str, fn: Callable[..., None]) -> None:
    """Sets hook ``name`` to ``fn``, after what is already there (two tools may listen to
    one event: the overlay and the tracker both hear of an unmount). Idempotent."""
    existing = getattr(hooks, name)
    if existing is None:
        setattr(hooks, name, fn)
    elif existing is not fn and fn not in getattr(existing, "parts", ()):
        parts = (*getattr(existing, "parts", (existing,)), fn)

        def each(*args: Any) -> None:
            for part in parts:
                part(*args)

        each.parts = parts  # type: ignore[attr-defined]
        setattr(hooks, name, each)
