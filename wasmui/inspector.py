"""The leak inspector's data: what is alive, what should be dead, and who keeps it alive.

``report()`` is the one source for the in-page panel (``inspector_panel``), for
``window.wasmui.report()`` in JavaScript, and for ``testing.assert_no_leaks``:

- components: every mounted component with its props, state and resource count;
- zombies: components unmounted but still alive after ``gc.collect()`` (found
  through weak references), each with its retention path: the chain of referrers
  that keeps it alive, ending at a module global, a JS-held proxy or an object
  nothing in Python refers to (a reference cycle through JS);
- resources by owner and kind with their creation site, and the PyProxies that
  no scope owns;
- memory: Python heap, wasm memory, JS heap, DOM nodes, live Pyodide proxies;
- detached DOM nodes still referenced from Python;
- tracemalloc snapshots and their comparison (top allocation sites by file:line).

The inspector's own components and resources are marked internal and left out of
every count. Pure logic here, over the books of :mod:`wasmui.tracker`; browser
figures come from ``_ffi`` when running in Pyodide.
"""

from __future__ import annotations

import collections
import gc
import inspect
import re
import sys
import time
import types
import weakref
from collections import Counter
from typing import Any

from . import _ffi, errors, mode, runtime, tracker
from . import scope as scope_module

_ADDRESS = re.compile(r" at 0x([0-9a-f]+)")
_GUARDED = "Scope._guard.<locals>.guarded"
_TIMER_KINDS = ("timeout", "interval", "frame")
# Resource kinds that hold exactly one Pyodide proxy each.
PROXY_KINDS = ("proxy", "listener", "timeout", "interval", "frame", "observer")


# --- components ---------------------------------------------------------------------


def component_groups() -> list[dict]:
    """The mounted app components by class, largest group first: ``{name, key, count,
    site}`` (``key`` names the class for :func:`components_of`). Read from counts the
    tracker keeps, so 10,000 rows cost as little as ten."""
    return [
        {"name": cls.__name__, "key": class_key(cls), "count": count, "site": definition_site(cls)}
        for cls, count in sorted(tracker.mounted_by_type.items(), key=lambda item: (-item[1], item[0].__name__))
    ]


def class_key(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def components_of(key: str, offset: int = 0, limit: int = 50) -> list[dict]:
    """One page of the mounted components of the class ``key`` names (an expanded group):
    ``{name, id, depth, props, state, resources}``, in mount order."""
    found = []
    for component in list(tracker.components.values()):
        if class_key(type(component)) == key and component._alive and not component._root.internal:
            found.append(component)
    found.sort(key=lambda c: c._id)
    return [
        {
            "name": type(component).__name__,
            "id": component._id,
            "depth": component._depth,
            "props": _short({k: v for k, v in component.props.items() if k != "children"}),
            "state": _short(component.state),
            "resources": component._scope.count() if component._scope is not None else 0,
        }
        for component in found[offset : offset + limit]
    ]


def definition_site(cls: type) -> str:
    """Where a class is defined, ``file:line`` (its module's name where the source is unknown)."""
    try:
        return f"{inspect.getsourcefile(cls)}:{inspect.getsourcelines(cls)[1]}"
    except (OSError, TypeError):
        return cls.__module__


_zombies: weakref.WeakSet = weakref.WeakSet()


def zombies(with_paths: bool = True) -> list[dict]:
    """Components unmounted but still alive after a full collection.

    Only what was unmounted since the last scan is looked at: most of it is freed at
    once by reference counting (the reconciler leaves no cycles), and a collection runs
    only when something unmounted is still alive, so a page that does not leak pays
    nothing however large it is. What survives the collection stays a zombie until
    something frees it.
    """
    if runtime.current_runtime is not None:
        runtime.current_runtime.free_removed()
    if len(tracker.recently_unmounted):
        gc.collect()
        _zombies.update(tracker.recently_unmounted)
        tracker.recently_unmounted.clear()
    found = sorted(_zombies, key=lambda c: c._id)
    if not found:
        return []
    held = js_held_addresses() if with_paths else set()
    return [
        {
            "name": type(zombie).__name__,
            "id": zombie._id,
            "path": retention_path(zombie, held) if with_paths and index < MAX_PATHS else [],
        }
        for index, zombie in enumerate(found)
    ]


MAX_PATHS = 20
"""Retention paths found per report: each is a referrer search, and a page leaking
thousands of components needs a few examples, not thousands of searches."""


# --- growth ---------------------------------------------------------------------------

_samples: collections.deque[dict] = collections.deque(maxlen=600)
_mark: dict | None = None


def sample() -> dict:
    """Records the counts now, per component class and resource kind (the panel does it
    every second; a test after each repeated action)."""
    entry = {
        "time": time.monotonic(),
        "components": {cls.__name__: n for cls, n in tracker.mounted_by_type.items()},
        "resources": dict(tracker.live_by_kind),
    }
    _samples.append(entry)
    return entry


def mark() -> None:
    """Starts a repeat-and-compare (as MemLab does): growth is then also measured from here."""
    global _mark
    _mark = sample()


def growth(seconds: float = 10.0, steady: int = 3) -> list[dict]:
    """What grows: per component class and resource kind, the count now, its change over
    the last ``seconds`` and since :func:`mark`, and ``suspect`` when it grew steadily:
    never fell and rose at least ``steady`` times over the samples since the mark (or in
    the window). Suspects name where they are created.
    """
    if not _samples:
        sample()
    now = _samples[-1]
    window = [s for s in _samples if s["time"] >= now["time"] - seconds]
    since = [s for s in _samples if _mark is not None and s["time"] >= _mark["time"]] or window
    rows = []
    for section in ("components", "resources"):
        names = set(now[section]) | {name for s in since for name in s[section]}
        for name in sorted(names):
            series = [s[section].get(name, 0) for s in since]
            rises = sum(1 for a, b in zip(series, series[1:]) if b > a)
            falls = sum(1 for a, b in zip(series, series[1:]) if b < a)
            count = now[section].get(name, 0)
            rows.append(
                {
                    "what": section[:-1],
                    "name": name,
                    "count": count,
                    "change": count - window[0][section].get(name, 0),
                    "since_mark": None if _mark is None else count - _mark[section].get(name, 0),
                    "suspect": rises >= steady and falls == 0,
                    "site": _growth_site(section, name) if rises >= steady and falls == 0 else "",
                }
            )
    return sorted(rows, key=lambda r: (not r["suspect"], -(r["since_mark"] or r["change"] or 0), r["name"]))


def _growth_site(section: str, name: str) -> str:
    if section == "components":
        cls = next((c for c in tracker.mounted_by_type if c.__name__ == name), None)
        return definition_site(cls) if cls is not None else ""
    sites = Counter(r.site for r in tracker.live_resources(name) if not r.scope.internal)
    return ", ".join(f"{site} ({n})" for site, n in sites.most_common(3))


# --- retention paths ----------------------------------------------------------------


def js_held_addresses() -> set[int]:
    """``id()``s of the objects that live PyProxies keep alive (empty off the browser)."""
    if not _ffi.IN_BROWSER:
        return set()
    return {int(match, 16) for text in _ffi.live_proxy_reprs() for match in _ADDRESS.findall(text)}


def retention_path(target: Any, js_held: set[int] | None = None, max_depth: int = 10) -> list[str]:
    """The referrer chain that keeps ``target`` alive, nearest link first.

    Walks ``gc.get_referrers`` breadth-first until it reaches a module global, an
    object held by a live PyProxy (JS), or runs out of referrers. Each step is
    described like a heap snapshot's retainers: ``list[3]``, ``dict['key']``,
    ``Counter.handler``, ``closure of tick()``, ``module leaky, global 'HANDLERS'``.
    """
    js_held = js_held if js_held is not None else js_held_addresses()
    # (some entries are JS modules, ``js`` and ``pyodide_js``, with no __dict__)
    modules = {id(d): name for name, m in list(sys.modules.items()) if isinstance(d := getattr(m, "__dict__", None), dict)}
    seen = {id(target)}
    first = (target, [_describe_object(target)])
    queue: list[tuple[Any, list[str]]] = [first]
    # the walk's own structures refer to the objects too: never follow them
    own = {id(queue), id(seen), id(modules), id(js_held), id(first)}
    held_by_js: list[str] | None = None
    suspended: list[str] | None = None  # the first chain through an unfinished coroutine
    while queue:
        obj, path = queue.pop(0)
        if len(path) > max_depth:
            continue
        if id(obj) in js_held and held_by_js is None:
            # keep looking for a Python root (it names the culprit better), remember this one
            held_by_js = path + ["held by JS through a Pyodide proxy (a listener, timer or callback)"]
        for referrer in gc.get_referrers(obj):
            if id(referrer) in seen or id(referrer) in own or isinstance(referrer, types.FrameType):
                continue
            seen.add(id(referrer))
            link = _describe_link(referrer, obj)
            if suspended is None and isinstance(referrer, types.CoroutineType):
                suspended = path + [link]
            module_name = modules.get(id(referrer))
            if module_name is not None:
                found = path + [f"module {module_name}, global {link}"]
                return found + (["(also held by JS through a Pyodide proxy)"] if held_by_js else [])
            entry = (referrer, path + [link])
            own.add(id(entry))
            queue.append(entry)
    if held_by_js:
        return held_by_js
    if suspended:  # an async task's: what keeps it is the event loop, which the walk cannot see
        return suspended + [
            "an unfinished coroutine (a task waiting at an await; one cancelled at unmount lets go "
            "when the event loop next runs: in a test, await asyncio.sleep(0) after unmount)"
        ]
    return [_describe_object(target), "no Python referrer left: a reference cycle through JS"]


def _describe_object(obj: Any) -> str:
    return f"{type(obj).__name__}#{getattr(obj, '_id', id(obj))}"


def _describe_link(referrer: Any, child: Any) -> str:
    if isinstance(referrer, dict):
        for key, value in referrer.items():
            if value is child:
                return f"{key!r}" if not isinstance(key, str) else f"'{key}'"
        return "dict"
    if isinstance(referrer, (list, tuple)):
        for index, value in enumerate(referrer):
            if value is child:
                return f"{type(referrer).__name__}[{index}]"
    if isinstance(referrer, types.CellType):
        return "closure cell"
    if isinstance(referrer, types.FunctionType):
        return f"closure of {referrer.__qualname__}() ({referrer.__code__.co_filename}:{referrer.__code__.co_firstlineno})"
    if isinstance(referrer, types.MethodType):
        return f"bound method {referrer.__func__.__qualname__}"
    if isinstance(referrer, types.CoroutineType):
        return f"coroutine {referrer.__qualname__}()"
    attributes = getattr(referrer, "__dict__", None)
    if isinstance(attributes, dict):
        for key, value in attributes.items():
            if value is child:
                return f"{type(referrer).__name__}.{key}"
    return type(referrer).__name__


# --- resources ----------------------------------------------------------------------


def app_resources() -> list[scope_module.Resource]:
    return [r for r in tracker.live_resources() if not r.scope.internal]


def resources() -> list[dict]:
    """Live resources by owner and kind, with creation sites; orphans stand out."""
    out = []
    for resource in app_resources():
        owner = resource.scope.owner
        orphan = owner is not None and not getattr(owner, "_alive", True)
        out.append({"kind": resource.kind, "name": resource.name, "owner": resource.owner, "site": resource.site, "orphan": orphan})
    return out


def untracked_proxies() -> list[str]:
    """Live PyProxies no wasmui scope owns (made by ``create_proxy`` outside any scope)."""
    if not _ffi.IN_BROWSER:
        return []
    return [text for text in _ffi.live_proxy_reprs() if _GUARDED not in text]


def detached_nodes() -> list[dict]:
    """DOM nodes no longer in the document that Python still references."""
    if not _ffi.IN_BROWSER:
        return []
    found: dict[int, dict] = {}
    for obj in gc.get_objects():
        for value in gc.get_referents(obj):
            if isinstance(value, _ffi.JsProxy) and value.js_id not in found and _is_detached_node(value):
                found[value.js_id] = {"node": str(value.nodeName).lower(), "held_by": _describe_link(obj, value)}
    return list(found.values())


def _is_detached_node(value: Any) -> bool:
    try:
        return value.isConnected is False and hasattr(value, "nodeName")
    except Exception:  # e.g. an object of a closed window: nothing to report
        return False


# --- the report ---------------------------------------------------------------------


def summary() -> dict:
    """The counts alone, from the tracker's books: constant cost whatever the page's size.

    Keys: ``mounted``, ``proxies``, ``listeners``, ``timers``, ``object_urls``,
    ``observers``, ``dom_nodes``, ``py_heap_bytes``, ``wasm_heap_bytes``,
    ``js_heap_bytes``, ``pyodide_proxies``.
    """
    kinds = tracker.live_by_kind
    out = {
        "mounted": sum(tracker.mounted_by_type.values()),
        "proxies": sum(kinds[k] for k in PROXY_KINDS),
        "listeners": kinds["listener"] + _delegated_listeners(),
        "timers": sum(kinds[k] for k in _TIMER_KINDS),
        "object_urls": kinds["object_url"],
        "observers": kinds["observer"],
    }
    out.update(_memory())
    return out


def report(with_paths: bool = True, with_detached: bool = False) -> dict:
    """Everything the inspector shows, as plain data (JSON-ready): the :func:`summary`
    counts plus ``components`` (grouped by class: :func:`component_groups`), ``zombies``
    (``{name, id, path}``), ``growth``, ``resources``, ``untracked_proxies``,
    ``detached_nodes`` and ``errors``.

    Args:
        with_paths: find each zombie's retention path (a referrer search per zombie).
        with_detached: scan the whole heap for detached DOM nodes (off unless asked: it
            walks every object; the panel asks only while its tab is shown).
    """
    out = summary()
    out.update(
        components=component_groups(),
        zombies=zombies(with_paths),
        growth=growth(),
        resources=resources(),
        untracked_proxies=untracked_proxies(),
        detached_nodes=detached_nodes() if with_detached else [],
        errors=[str(entry) for entry in list(errors.recent)[-20:]],
    )
    return out


# --- the panel, on demand ---------------------------------------------------------------


def open() -> Any:  # noqa: A001 - the name the inspector issue gave it
    """Opens the in-page panel (Ctrl+Shift+L in development), importing it if needed."""
    from . import inspector_panel

    return inspector_panel.open()


def close() -> None:
    """Closes the panel and releases everything it holds."""
    from . import inspector_panel

    inspector_panel.close()


def toggle() -> None:
    from . import inspector_panel

    inspector_panel.toggle()


def _app_roots() -> list[Any]:
    current = runtime.current_runtime
    return [root for root in (current.roots if current else []) if not root.internal]


def _delegated_listeners() -> int:
    """The listeners the app roots' containers hold: one per event type per root."""
    return sum(len(root.events.delegated) for root in _app_roots())


def _memory() -> dict:
    if not _ffi.IN_BROWSER:
        return {"dom_nodes": None, "py_heap_bytes": None, "wasm_heap_bytes": None, "js_heap_bytes": None, "pyodide_proxies": None}
    memory = _ffi.memory()
    # wasmui's own light-DOM elements (the inspector, the error overlay: their UI is in shadow roots)
    if memory["dom_nodes"] is not None:  # (None in a worker: the page's document is not there)
        memory["dom_nodes"] -= int(_ffi.js_global("document").querySelectorAll("wasmui-inspector, wasmui-error-overlay").length)
    if not mode.is_development():  # the proxy count needs development mode's tracing
        memory["pyodide_proxies"] = None
    return memory


# --- heap snapshots -----------------------------------------------------------------

_snapshots: list = []  # tracemalloc.Snapshot, the last two


def take_snapshot() -> int:
    """Starts tracemalloc if needed and records a snapshot; returns how many are kept."""
    import tracemalloc  # here: it brings pickle, too much for every development page's start

    if not tracemalloc.is_tracing():
        tracemalloc.start(1)
    _snapshots.append(tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)]))
    del _snapshots[:-2]
    return len(_snapshots)


def compare_snapshots(top: int = 10) -> list[dict]:
    """Top allocation sites by growth between the last two snapshots (pprof's ``top``)."""
    if len(_snapshots) < 2:
        return []
    stats = _snapshots[-1].compare_to(_snapshots[-2], "lineno")
    return [
        {
            "site": f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}",
            "size_diff": stat.size_diff,
            "count_diff": stat.count_diff,
            "size": stat.size,
        }
        for stat in stats[:top]
    ]


def _short(data: dict, limit: int = 80) -> dict:
    return {str(k): (r if len(r := _repr(v)) <= limit else r[: limit - 1] + "…") for k, v in data.items()}


def _repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:  # a user's value whose __repr__ raises must not break the inspector
        return f"<{type(value).__name__}: repr() raised>"
