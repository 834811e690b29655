"""Hot reload for ``wasmui dev`` (#13, #25): new source in, modules re-imported, instances kept.

Runs in the browser, in development. The dev server's client sends the changed files;
:func:`apply` writes them over the installed package, re-imports the changed modules
and then every other loaded module of the same packages (so ``from .widgets import
Card`` picks up the new ``Card``), and brings each mounted component of a reloaded
module onto its new class, without a page reload.

A component whose class still fits keeps its instance: its ``state``, its attributes
(``self.cart = Cart()``) and its JS resources stay, ``on_init`` does not run again, and it
renders with the new code. The class fits unless (:func:`misfit`, checked in this order):

- the module no longer has a component class of that name;
- it changed between a class and a function component;
- ``__init__`` or ``on_init`` changed: they make the instance's attributes, which the new
  code may expect to be different (a whitespace or comment edit elsewhere is not a change);
- a method the old class defined is gone (the instance, or a handler it registered, may
  still call it);
- a function component calls other hooks, or in another order (its slots would not match,
  as React's Fast Refresh decides);
- the instance cannot take the new class (``__slots__`` changed).

Such a component is remounted cleanly instead (``on_unmount`` for the old instance, a new
one with ``on_init``), its subtree with it, and the report :func:`apply` returns names it
and the reason; the dev client prints that in the console. Objects held in attributes
keep the class they were made with until their owner is remounted. An error (a syntax
error, a failing import or render) goes to the development overlay and the page keeps
running the last good code; the next good save clears it.
"""

from __future__ import annotations

import dis
import importlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any

from . import errors, overlay, runtime, tracker
from .component import Component
from .hooks import FunctionComponent
from .vnode import h

PHASE = "hot reload"


@dataclass
class Report:
    """What one hot reload did, for the console.

    Attributes:
        roots: the roots whose components changed class.
        kept: the components kept on their new class (paths like ``App > Cart``).
        remounted: ``[path, reason]`` for each component remounted instead.
        error: the error that stopped the reload (``"SyntaxError: ... (shop/app.py:3)"``), or
            ``""`` for none. The overlay shows it; in worker mode the dev client prints it too.
    """

    roots: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    remounted: list[list[str]] = field(default_factory=list)
    error: str = ""


def apply(changes_json: str) -> str:
    """Applies ``[[relative_path, source], ...]`` (paths like ``myapp/app.py``); returns the
    :class:`Report` as JSON (only its ``error`` after an error, which the overlay shows too)."""
    changes = json.loads(changes_json)
    overlay.clear(PHASE)
    try:
        names = [_write(path, source) for path, source in changes]
        reloaded = _reload(names)
    except Exception as exc:  # the last good code keeps running
        entry = errors.report(None, PHASE, exc)
        where = f" ({entry.site})" if entry.site else ""
        return json.dumps(vars(Report(error=f"{entry.error_type}: {entry.message}{where}")))
    return json.dumps(vars(_update(reloaded)))


def _write(path: str, source: str) -> str:
    """Compiles ``source`` (a syntax error stops here, nothing written) and writes it over
    the installed file; returns the module name."""
    relative = Path(path)
    top = relative.parts[0]
    installed = Path(importlib.import_module(top).__file__).parent.parent / relative
    try:
        compile(source, str(installed), "exec")
    except SyntaxError as exc:
        # CPython quotes the line from the file on disk, which still holds the last good code
        lines = source.splitlines(True)
        if exc.lineno and exc.lineno <= len(lines):
            exc.text = lines[exc.lineno - 1]
        raise
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
    return reloaded


def _update(reloaded: set[str]) -> Report:
    """Moves each mounted component of a reloaded module onto its new class, or marks it to
    be remounted; then re-renders the touched roots with the new code."""
    report = Report()
    current = runtime.current_runtime
    for root in list(current.roots if current else []):
        if root.internal or root.component is None:
            continue
        refresh: list[Component] = []
        replaced: set[int] = set()  # ids of the components remounted: their subtrees go with them
        touched = False
        for path, node, parent in _component_nodes(root):
            component = node.component
            old_class = type(component)
            if id(parent) in replaced:
                replaced.add(id(component))
                continue
            if old_class.__module__ not in reloaded:
                refresh.append(component)  # a parent from elsewhere (a router): renders its new children
                continue
            touched = True
            new_class = _class_now(old_class)
            reason = misfit(old_class, new_class)
            if reason is None:
                try:
                    component.__class__ = new_class
                except TypeError as exc:  # another instance layout (__slots__)
                    reason = f"its instance cannot take the new class ({exc})"
            if reason is None:
                node.type = new_class  # the parent's next render, h(new_class), matches it
                _recount(component, old_class)
                refresh.append(component)
                report.kept.append(path)
            else:
                report.remounted.append([path, reason])  # the parent's render replaces it
                replaced.add(id(component))
        if not touched:
            continue
        report.roots.append(root.name)
        top = root.component
        if id(top) in replaced and isinstance(new_top := _class_now(type(top)), type) and issubclass(new_top, Component):
            root.render(h(new_top, {name: value for name, value in top.props.items() if name != "children"}))
        for component in refresh:
            component.refresh()
    runtime.flush()
    return report


def _recount(component: Component, old_class: type) -> None:
    """Moves ``component`` to its new class in the dev tools' count of mounted components
    by class: its unmount will count it off the new one, and the old class (with its
    module) must not stay referenced there."""
    if component in tracker._counted:
        counts = tracker.mounted_by_type
        counts[old_class] -= 1
        if counts[old_class] <= 0:
            del counts[old_class]
        counts[type(component)] += 1


def _class_now(old_class: type) -> type | None:
    """The class of that name in the reloaded module (``Outer.Inner`` too), if any."""
    found: Any = sys.modules.get(old_class.__module__)
    for part in old_class.__qualname__.split("."):
        found = getattr(found, part, None)
    return found if isinstance(found, type) else None


def misfit(old_class: type, new_class: type | None) -> str | None:
    """Why an instance of ``old_class`` cannot become one of ``new_class`` (``None``: it can).

    Example:
        ```python
        misfit(OldCart, NewCart)  # "its class lost the method total()"
        ```
    """
    if new_class is None or not issubclass(new_class, Component):
        return f"{old_class.__module__} no longer has a component class {old_class.__qualname__}"
    if issubclass(old_class, FunctionComponent) != issubclass(new_class, FunctionComponent):
        return "it changed between a class and a function component"
    for hook in ("__init__", "on_init"):
        if _code_key(getattr(old_class, hook, None)) != _code_key(getattr(new_class, hook, None)):
            return f"its {hook} changed (it makes the instance's attributes)"
    lost = sorted(_own_methods(old_class) - set(dir(new_class)))
    if lost:
        names = ", ".join(f"{name}()" for name in lost)
        return f"its class lost the method{'s' if len(lost) > 1 else ''} {names}"
    if issubclass(old_class, FunctionComponent):
        old_hooks, new_hooks = _hook_calls(old_class._function), _hook_calls(new_class._function)
        if old_hooks != new_hooks:
            return f"its hooks changed ({', '.join(old_hooks) or 'none'} -> {', '.join(new_hooks) or 'none'})"
    return None


def _code_key(function: Any) -> Any:
    """What a function does, without where it sits in its file: its bytecode, names and
    constants (nested functions likewise); ``None`` for no function."""
    code = getattr(function, "__code__", None)
    return None if code is None else _code_identity(code)


def _code_identity(code: CodeType) -> tuple:
    consts = tuple(_code_identity(c) if isinstance(c, CodeType) else (type(c).__name__, repr(c)) for c in code.co_consts)
    return (code.co_code, code.co_names, code.co_varnames, code.co_freevars, consts)


def _own_methods(cls: type) -> set[str]:
    """The methods (and properties) the user's classes define, not wasmui's bases'."""
    names = set()
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] == "wasmui" or klass is object:
            continue
        for name, value in vars(klass).items():
            if not name.startswith("__") and isinstance(value, (FunctionType, staticmethod, classmethod, property)):
                names.add(name)
    return names


def _hook_calls(function: Any) -> list[str]:
    """The ``use_*`` names a function component's code calls, in order (custom hooks too)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return []
    return [
        str(instruction.argval)
        for instruction in dis.get_instructions(code)
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_ATTR", "LOAD_METHOD", "LOAD_DEREF", "LOAD_FAST")
        and str(instruction.argval).startswith("use_")
    ]


def _component_nodes(root: Any):
    """``(path, node, parent)`` for every component node under ``root``, parents before
    their children (``parent``: the nearest component above, or ``None``); a path names
    each level by class name (``App > Cart``), for messages."""
    pending = [((), root._vnode.children, None)]
    while pending:
        path, nodes, parent = pending.pop(0)
        stack = list(reversed(nodes))
        while stack:
            node = stack.pop()
            component = node.component
            if component is not None:
                here = (*path, type(component).__qualname__)
                yield " > ".join(here), node, parent
                pending.append((here, node.rendered, component))
            elif node.children:
                stack.extend(reversed(node.children))
