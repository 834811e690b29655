"""wasmui: Python UI components for the browser on Pyodide.

Public names only; each lives in its own module:

- :func:`h`, :class:`Fragment` (``vnode``) and ``html.<tag>`` (``html``) build nodes;
- :class:`Component` (``component``): props, state, lifecycle hooks, ``scope``;
- :func:`component` and ``use_*`` (``hooks``): function components with React's hooks;
- :func:`create_context` and :func:`use_context` (``context``) share a value down the tree;
- :func:`use_resource` (``resource``) loads async data: loading, value, error, reload;
- :func:`portal` (``portal``) renders children into another container (a modal, a tooltip);
- :func:`lazy` (``lazy``) imports a component on first render, its wheels loaded then (code-split routes);
- :func:`mount`, :class:`Root` (``root``) and :func:`flush` (``runtime``) run them;
- :func:`template` (``template``) compiles fixed-structure markup repeated many times;
- :class:`MappedList` (``mapped``) remembers a long list's nodes per item,
  :class:`ListStore` (``store``) is a list whose changes patch their own rows, and
  :class:`Selector` (``selector``) re-renders only the rows whose selection changed;
- :class:`Scope` (``scope``) owns JS-side resources;
- :func:`set_mode` (``mode``): development (the default: checks, inspector, error
  overlay) or production, chosen once per page before the first mount;
- :func:`is_nullish` (``_ffi``): ``None`` or JS ``null``, for values read from JS;
- :func:`declare_event` (``events``): custom event types for ``on_<name>`` props.

Importing wasmui touches no JS: the browser is reached at the first mount.
"""

from . import html, unsafe
from ._ffi import is_nullish
from .component import Component
from .context import Context, create_context, use_context
from .errors import (
    DuplicateKeyError,
    MountError,
    MutatedPropWarning,
    RenderError,
    StateError,
    UnkeyedReorderWarning,
    UnsafeContentWarning,
    WasmuiError,
)
from .events import UnknownEventWarning, declare_event
from .resource import ResourceState, use_resource
from .hooks import HookError, component, use_effect, use_memo, use_ref, use_scope, use_state
from .lazy import lazy
from .mapped import MappedList
from .mode import set_mode
from .portal import portal
from .root import Root, mount
from .runtime import flush
from .scope import Scope
from .selector import Selector
from .store import ListStore
from .template import template
from .vnode import Fragment, VNode, h

__version__ = "0.1.0"

__all__ = [
    "Component",
    "Context",
    "DuplicateKeyError",
    "HookError",
    "ListStore",
    "Fragment",
    "MappedList",
    "MountError",
    "MutatedPropWarning",
    "RenderError",
    "ResourceState",
    "Root",
    "Scope",
    "Selector",
    "StateError",
    "UnknownEventWarning",
    "UnkeyedReorderWarning",
    "UnsafeContentWarning",
    "VNode",
    "WasmuiError",
    "component",
    "create_context",
    "declare_event",
    "flush",
    "h",
    "html",
    "is_nullish",
    "lazy",
    "mount",
    "portal",
    "set_mode",
    "template",
    "unsafe",
    "use_context",
    "use_effect",
    "use_memo",
    "use_ref",
    "use_resource",
    "use_scope",
    "use_state",
]
