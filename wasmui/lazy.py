"""Code-split components (#24): ``lazy("package.module:Component")``, imported on first render.

A page should download the code of the view it shows, not of every view the app has.
``lazy`` names a component by its import path instead of importing it: the module is
imported the first time the lazy component renders, and in the browser the wheels it
lives in are loaded first, by name from the site's ``pyodide-lock.json``
(``pyodide.loadPackage``, checked against the lock's SHA-256). ``wasmui build`` puts each
package listed in ``[tool.wasmui] lazy`` into a wheel of its own, named after it
(``myapp.reports`` -> ``myapp-reports``), which the lock lists and the first page does
not load; ``lazy`` loads the wheel named after each package around the module that the
lock lists, and any named in ``packages``. On the host (tests, the build) it is a plain
import.

The load is a :func:`~wasmui.resource.use_resource`: it runs after the commit, so the
first render shows the fallback, as the pre-rendered page does (at build time nothing
loads); it is cancelled at unmount and never shown afterwards; an error (a wheel that
did not download, an import that raised, a missing name) renders in place, naming the
component and the error, with a button that tries again. Once the module is imported,
a lazy component renders its target at once, with no fallback.

Must not import ``js`` (only :mod:`wasmui._ffi` does).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable
from typing import Any

from . import _ffi
from .hooks import _current, component
from .html import button, div, p
from .resource import use_resource
from .vnode import h

_SPEC = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$")


def lazy(spec: str, fallback: Any = None, packages: Iterable[str] = ()) -> type:
    """A component that imports ``spec``'s component on first render and then renders it.

    Args:
        spec: ``"package.module:Component"``, the component's import path.
        fallback: shown while it loads: a node (``html.p("Loading…")``), a component
            (given the props it accepts), or ``None`` for nothing.
        packages: more wheels to load first, by name in the site's lock (those named
            after the module's packages are found by themselves).

    Returns:
        A component class: use it as any other, or as a :class:`~wasmui.router.Route`'s
        component. Its props are passed on to the component (each one it accepts).

    Example:
        ```python
        Reports = lazy("myapp.reports.view:Reports", fallback=html.p("Loading reports…"))
        Router([Route("/", Home), Route("/reports", Reports)])
        ```
    """
    if not isinstance(spec, str) or not _SPEC.match(spec):
        raise ValueError(f"lazy({spec!r}): expected 'package.module:Component'")
    if isinstance(packages, str):
        raise TypeError(f"lazy({spec!r}, packages={packages!r}): expected a list of package names")
    wanted = tuple(packages)

    def view(**props: Any) -> Any:
        return _render(spec, fallback, wanted, props)

    view.__name__ = spec.rpartition(":")[2]
    view.__qualname__ = f"lazy({spec})"
    view.__module__ = _caller_module()
    return component(view)


def _render(spec: str, fallback: Any, packages: tuple[str, ...], props: dict) -> Any:
    """One render of a lazy component: its target, its fallback or its load error."""
    from .router import props_for  # here: `import wasmui` need not import the router

    owner = _current("lazy")
    target = None if owner._runtime.host.prerendering else _imported(spec)
    loaded = use_resource(lambda: _load(spec, packages), [spec])
    if target is None and not loaded.loading and loaded.error is None:
        target = loaded.value
    if target is not None:
        return h(target, props_for(target, props))
    if loaded.error is not None:
        return _failure(spec, loaded)
    if fallback is None or not isinstance(fallback, type):
        return fallback
    return h(fallback, props_for(fallback, props))


def _failure(spec: str, loaded: Any) -> Any:
    error = loaded.error
    return div(
        p(f"Could not load {spec}: {type(error).__name__}: {error}"),
        button("Retry", on_click=lambda: loaded.reload()),
        role="alert",
        data_wasmui_lazy_error=spec,
    )


def _imported(spec: str) -> Any:
    """The component if its module is imported already (else ``None``)."""
    module_name, _, name = spec.partition(":")
    module = sys.modules.get(module_name)
    return getattr(module, name, None) if module is not None else None


def _load(spec: str, packages: tuple[str, ...]) -> Any:
    """The component; an awaitable of it when wheels must be loaded first (browser only)."""
    names = _wheels_to_load(spec.partition(":")[0], packages)
    if not names:
        return _import(spec)
    return _load_then_import(spec, names)


async def _load_then_import(spec: str, names: list[str]) -> Any:
    await _ffi.load_packages(names)
    return _import(spec)


def _wheels_to_load(module_name: str, packages: tuple[str, ...]) -> list[str]:
    """The wheels not loaded yet: ``packages``, and those the lock lists named after the
    module's packages (``a.b.c`` -> ``a-b-c``, ``a-b``). None on the host."""
    if not _ffi.IN_BROWSER or module_name in sys.modules:
        return []
    parts = module_name.split(".")
    derived = [_canonical("-".join(parts[:end])) for end in range(len(parts), 0, -1)]
    names = [_canonical(name) for name in packages]
    names += [name for name in derived if name not in names and _ffi.package_state(name) == "listed"]
    return [name for name in names if _ffi.package_state(name) != "loaded"]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _import(spec: str) -> Any:
    module_name, _, name = spec.partition(":")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, name)
    except AttributeError:
        raise ImportError(f"module {module_name} has no {name}") from None


def _caller_module() -> str:
    """The module that called :func:`lazy` (the lazy component's ``__module__``)."""
    frame = sys._getframe(2)
    return frame.f_globals.get("__name__", __name__)
