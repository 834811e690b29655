"""Hot reload for ``wasmui dev`` (#13): new source in, modules re-imported, roots remounted.

Runs in the browser, in development. The dev server's client sends the changed files;
:func:`apply` writes them over the installed package, re-imports the changed modules
and then every other loaded module of the same packages (so ``from .widgets import
Card`` picks up the new ``Card``), and remounts each root whose top component came
from a reloaded module, without a page reload. Component state is kept where the
component's class still fits it: the same class name at the same place in the tree,
with the same state keys. An error (a syntax error, a failing import or render) goes
to the development overlay and the page keeps running the last good code; the next
good save clears it.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from . import errors, overlay, runtime
from .vnode import forget_component_classes, h

PHASE = "hot reload"


def apply(changes_json: str) -> list[str]:
    """Applies ``[[relative_path, source], ...]`` (paths like ``myapp/app.py``); returns
    the names of the roots remounted."""
    changes = json.loads(changes_json)
    overlay.clear(PHASE)
    try:
        names = [_write(path, source) for path, source in changes]
        reloaded = _reload(names)
    except Exception as exc:  # the last good code keeps running
        errors.report(None, PHASE, exc)
        return []
    return _remount(reloaded)


def _write(path: str, source: str) -> str:
    """Compiles ``source`` (a syntax error stops here, nothing written) and writes it over
    the installed file; returns the module name."""
    relative = Path(path)
    top = relative.parts[0]
    installed = Path(importlib.import_module(top).__file__).parent.parent / relative
    compile(source, str(installed), "exec")
    installed.parent.mkdir(parents=True, exist_ok=True)
    installed.write_text(source)
    module = ".".join(relative.with_suffix("").parts)
    return module.removesuffix(".__init__")


def _reload(changed: list[str]) -> set[str]:
    """Re-imports the changed modules, then the other loaded modules of their packages."""
    importlib.invalidate_caches()
    packages = {name.split(".")[0] for name in changed}
    others = sorted(
        name for name in list(sys.modules) if name.split(".")[0] in packages and name not in changed and sys.modules[name] is not None
    )
    reloaded = set()
    for name in [*changed, *others]:
        module = sys.modules.get(name)
        importlib.reload(module) if module is not None else importlib.import_module(name)
        reloaded.add(name)
    forget_component_classes(reloaded)
    return reloaded


def _remount(reloaded: set[str]) -> list[str]:
    current = runtime.current_runtime
    remounted = []
    for root in list(current.roots if current else []):
        component = root.component
        if root.internal or component is None or type(component).__module__ not in reloaded:
            continue
        new_class = getattr(sys.modules[type(component).__module__], type(component).__qualname__, None)
        if not isinstance(new_class, type):
            continue
        saved = {path: old.state for path, old in _components(root)}
        root.render(h(new_class, {name: value for name, value in component.props.items() if name != "children"}))
        for path, fresh in _components(root):
            old_state = saved.get(path)
            if old_state is not None and old_state.keys() == fresh.state.keys():
                fresh.state = dict(old_state)
                fresh.refresh()
        remounted.append(root.name)
    runtime.flush()
    return remounted


def _components(root: Any):
    """``(path, component)`` for every component under ``root``; a path names each level by
    class name, key and rank among same-class siblings, so it survives a code change."""
    pending = [((), root._vnode.children)]
    while pending:
        path, nodes = pending.pop()
        ranks: Counter = Counter()
        stack = list(reversed(nodes))
        while stack:
            node = stack.pop()
            component = node.component
            if component is not None:
                name = type(component).__qualname__
                ranks[name] += 1
                here = (*path, (name, node.key, ranks[name]))
                yield here, component
                pending.append((here, node.rendered))
            elif node.children:
                stack.extend(reversed(node.children))
