"""wasmui: Python UI components for the browser on Pyodide.

Public names only; each lives in its own module:

- :func:`h`, :class:`Fragment` (``vnode``) and ``html.<tag>`` (``html``) build nodes;
- :class:`Component` (``component``): props, state, lifecycle hooks, ``scope``;
- :func:`mount`, :class:`Root` (``root``) and :func:`flush` (``runtime``) run them;
- :func:`template` (``template``) compiles fixed-structure markup repeated many times;
- :class:`Scope` (``scope``) owns JS-side resources;
- ``diagnostics`` warns about proxies no scope owns (``diagnostics.disable()`` for production).
"""

import sys as _sys

from . import html, unsafe
from .component import Component
from .errors import DuplicateKeyError, MountError, RenderError, StateError, UnsafeContentWarning, WasmuiError
from .root import Root, mount
from .runtime import flush
from .scope import Scope
from .template import template
from .vnode import Fragment, VNode, h

__version__ = "0.1.0"

if _sys.platform == "emscripten":  # development diagnostics (#4) and the leak inspector (#5)
    from . import diagnostics as _diagnostics
    from . import inspector_panel as _inspector_panel

    _diagnostics.enable()
    _inspector_panel.install()

__all__ = [
    "Component",
    "DuplicateKeyError",
    "Fragment",
    "MountError",
    "RenderError",
    "Root",
    "Scope",
    "StateError",
    "UnsafeContentWarning",
    "VNode",
    "WasmuiError",
    "flush",
    "h",
    "html",
    "mount",
    "template",
    "unsafe",
]
