"""Development or production: chosen once per page, applied at the first mount (#12).

- **development** (the default): dev-only checks in the core (unknown event names,
  props mutated in place), the books the inspector and ``assert_no_leaks`` read,
  the on-page error overlay, and in the browser Pyodide's FFI debug messages,
  proxy-allocation tracing, the warnings about proxies outside any scope and the
  inspector's shortcut (Ctrl+Shift+L, ``?wasmui-inspect``).
- **production**: none of that is installed or imported; errors from components
  still go to ``console.error``.

Choose with :func:`set_mode` before the first mount, or ``boot({mode: ...})`` in
JavaScript. Importing wasmui does neither: it touches no JS at all.

Imports only ``errors``: every layer above reads ``checks``.
"""

from __future__ import annotations

from .errors import WasmuiError

DEVELOPMENT = "development"
PRODUCTION = "production"

checks = True
"""Whether the core runs its development checks (read on hot paths: a plain global)."""

_chosen: str | None = None
_active = False


def set_mode(name: str) -> None:
    """Chooses the page's mode: ``"development"`` or ``"production"``.

    Raises:
        ValueError: for another name.
        WasmuiError: the page is already running in the other mode (it was applied at
            the first mount and cannot change: what it installed is in use).
    """
    global _chosen, checks
    if name not in (DEVELOPMENT, PRODUCTION):
        raise ValueError(f"wasmui.set_mode(): expected 'development' or 'production', got {name!r}")
    if _active and name != current():
        raise WasmuiError(f"wasmui.set_mode({name!r}): this page already runs in {current()} mode (chosen once per page)")
    _chosen = name
    checks = name == DEVELOPMENT


def current() -> str:
    """The page's mode (``"development"`` until chosen otherwise)."""
    return _chosen or DEVELOPMENT


def is_development() -> bool:
    return current() == DEVELOPMENT


def activate() -> None:
    """Applies the mode (idempotent): the runtime calls it when it is created."""
    global _active
    if _active:
        return
    _active = True
    if is_development():
        from . import devtools

        devtools.install()
