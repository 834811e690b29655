"""Mounting by name, for ``<wasmui-app component="module:Class">`` (www/wasmui.js).

Must not import ``js``: the element comes in from JavaScript as it is.
"""

from __future__ import annotations

import difflib
import importlib
import json
from typing import Any

from .errors import MountError
from .root import Root, mount


def mount_element(element: Any, spec: str, props_json: str | None = None) -> Root:
    """Mounts the component named ``"module:Class"`` into ``element``.

    Raises:
        MountError: the spec, the module, the class or the props are not usable;
            the message says which.
    """
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise MountError(f'<wasmui-app component="{spec}">: expected "module:Class"')
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise MountError(
            f'<wasmui-app component="{spec}">: cannot import {module_name}: {exc}. If it comes from a package, '
            'name the package in packages="..." on the element, in <meta name="wasmui-packages">, or in '
            "boot({packages}); a single file goes in src=\"...\"."
        ) from None
    component = getattr(module, class_name, None)
    if component is None:
        raise MountError(missing_component(spec, module))
    try:
        props = json.loads(props_json) if props_json else None
    except json.JSONDecodeError as exc:
        raise MountError(f'<wasmui-app component="{spec}">: props are not valid JSON: {exc}') from None
    if props is not None and not isinstance(props, dict):
        raise MountError(f'<wasmui-app component="{spec}">: props must be a JSON object')
    return mount(component, element, props)


def missing_component(spec: str, module: Any) -> str:
    """Why ``spec`` names nothing in the ``module`` it imports, with the close name (a
    misspelling in the page): the browser's mount error and the build's."""
    module_name, _, class_name = spec.partition(":")
    close = difflib.get_close_matches(class_name, [name for name in vars(module) if not name.startswith("_")], n=1)
    return f'<wasmui-app component="{spec}">: {module_name} has no {class_name}' + (f" (did you mean {module_name}:{close[0]}?)" if close else "")
