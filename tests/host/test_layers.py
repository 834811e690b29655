"""The layers contract (#12): wasmui's modules import in one direction only.

The import graph is read from the source with ``ast``, function-local imports
included (a lazy import is still a dependency). Lower layers never import higher
ones; the reconciler's own cycle (``reconcile`` <-> its ``children`` and
``templates`` modules, as Preact's diff/index.js <-> children.js) is the one
accepted loop. Only ``_ffi`` imports ``js`` or ``pyodide``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wasmui

PACKAGE = Path(wasmui.__file__).parent

# Lowest first. A module may import its own layer or any lower one.
LAYERS = [
    # leaves: no wasmui imports at all
    {"_ffi", "devhooks", "values", "ops", "sanitize", "_types"},
    {"errors", "events", "tasks"},
    {"mode"},
    {"scope"},
    {"browser_host", "worker_protocol"},
    {"vnode"},
    {"template", "unsafe", "html", "mapped", "portal"},
    {"component", "selector"},
    {"hooks"},
    {"context", "resource"},
    {"reconcile", "reconcile.children", "reconcile.props", "reconcile.templates", "reconcile.portals"},
    {"scheduler", "runtime", "store"},
    {"root", "dom"},
    # what builds on a running tree: hosts, tools, entry points
    {"dom_facade", "modeldom", "location", "embed", "cache", "tracker", "shadow_host", "router", "lazy", "forms",
     "worker_host"},
    {"inspector", "overlay", "diagnostics", "hydration", "unkeyed"},
    {"inspector_panel", "devtools", "testing", "hot_reload"},
    {"__init__"},
    # the host-side command, never imported in the browser
    {"__main__", "cli", "cli.errors", "cli.runtime", "cli.browser", "cli.wheels", "cli.project", "cli.dist", "cli.scaffold",
     "cli.prerender", "cli.assets", "cli.atomic", "cli.compress", "cli.stdlib", "cli.build", "cli.staticserve", "cli.firefox", "cli.engines", "cli.testrun", "cli.live_page", "cli.pytest_plugin", "cli.devserver", "cli.main"},
]
# mode.activate() installs the dev tools: the one upward call, made by name at run time
# so that production never imports them (see wasmui.mode).
# opened on demand (the worker's on the page's request, #26)
ALLOWED_UPWARD = {("mode", "devtools"), ("inspector", "inspector_panel"), ("worker_host", "inspector_panel")}
LEAVES = LAYERS[0]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1]) if parts[-1] == "__init__" and len(parts) > 1 else ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The wasmui modules and top-level foreign modules ``path`` imports anywhere in it."""
    return imports_in(path.read_text(), ".".join(path.parent.relative_to(PACKAGE).parts))


def imports_in(source: str, package: str) -> set[str]:
    """The imports of a module of wasmui's subpackage ``package`` ("" for the top) with this source."""
    found: set[str] = set()
    tree = ast.parse(source)
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:  # annotations only: no import at run time
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(_local(alias.name.removeprefix("wasmui").lstrip(".")) if alias.name.split(".")[0] == "wasmui" else alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                if node.module is None:  # from . import x, y: each is a module
                    found.update(_local(".".join([*base, alias.name])) for alias in node.names)
                else:
                    found.add(_local(target))
            elif node.module and node.module.startswith("wasmui"):
                found.add(_local(node.module.removeprefix("wasmui").lstrip(".")))
            elif node.module:
                found.add(node.module)
    return found


def _local(name: str) -> str:
    return f"wasmui:{name or '__init__'}"


def layer_of(name: str) -> int:
    for index, layer in enumerate(LAYERS):
        if name in layer:
            return index
    raise AssertionError(f"wasmui.{name} is in no layer of tests/host/test_layers.py: place it")


def all_modules() -> dict[str, Path]:
    return {module_name(path) or "__init__": path for path in PACKAGE.rglob("*.py")}


def test_every_module_has_a_layer():
    for name in all_modules():
        layer_of(name)


def test_imports_go_down_only():
    wrong = []
    for name, path in all_modules().items():
        for imported in imports_of(path):
            if not imported.startswith("wasmui:"):
                continue
            target = imported.removeprefix("wasmui:")
            if target == name or (name, target) in ALLOWED_UPWARD:
                continue
            if name.startswith("reconcile") and target.startswith("reconcile"):
                continue  # the reconciler's accepted loop
            if layer_of(target) > layer_of(name):
                wrong.append(f"wasmui.{name} imports wasmui.{target}, a higher layer")
    assert not wrong, "\n".join(wrong)


def test_leaves_import_no_wasmui_module():
    for name in LEAVES:
        local = {i for i in imports_of(all_modules()[name]) if i.startswith("wasmui:")}
        assert not local, (name, local)


def test_only_ffi_imports_js_or_pyodide():
    for name, path in all_modules().items():
        foreign = {i.split(".")[0] for i in imports_of(path) if not i.startswith("wasmui:")}
        if name != "_ffi":
            assert not foreign & {"js", "pyodide", "pyodide_js"}, f"wasmui.{name} imports {foreign & {'js', 'pyodide', 'pyodide_js'}}"


def test_the_contract_catches_a_violation():
    """The checker itself: an upward import, even inside a function, is found."""
    source = (PACKAGE / "vnode.py").read_text() + "\n\ndef _probe():\n    from .root import mount\n"
    found = imports_in(source, "")
    assert "wasmui:root" in found and layer_of("root") > layer_of("vnode")
    guarded = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .root import Root\n"
    assert "wasmui:root" not in imports_in(guarded, "")
