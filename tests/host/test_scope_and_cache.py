"""Scope bookkeeping and the LRU cache, on plain CPython."""

from __future__ import annotations

import pytest

from wasmui import Component, Scope, html, mount
from wasmui.cache import LRU
from wasmui.tracker import live_resources as live


def test_cleanups_run_newest_first_once_and_survive_a_raising_one(caplog):
    order = []
    scope = Scope("s")
    scope.on_cleanup(lambda: order.append(1))
    scope.on_cleanup(lambda: 1 / 0)
    scope.on_cleanup(lambda: order.append(3))
    assert scope.count() == 3
    scope.close()
    scope.close()
    assert order == [3, 1] and scope.count() == 0
    assert "ZeroDivisionError" in caplog.text


def test_nested_scopes_close_deepest_first_and_leave_no_registry_entries():
    order = []
    before = len(live())
    with Scope("outer") as outer:
        inner = outer.child("inner")
        deepest = inner.child("deepest")
        for scope in (outer, inner, deepest):
            scope.on_cleanup(lambda name=scope.name: order.append(name))
        assert len(live()) == before + 3
    assert order == ["deepest", "inner", "outer"] and len(live()) == before
    with pytest.raises(Exception, match="closed"):
        outer.on_cleanup(print)


def test_resources_record_their_owner_and_the_users_line():
    scope = Scope("mine")
    resource = scope.on_cleanup(print)
    assert resource.site.endswith(f"test_scope_and_cache.py:{resource_line()}")
    assert resource.owner == "mine" and resource.name.startswith("cleanup#")
    scope.close()


def resource_line():
    import inspect

    source = inspect.getsource(test_resources_record_their_owner_and_the_users_line)
    start = test_resources_record_their_owner_and_the_users_line.__code__.co_firstlineno
    return start + next(i for i, line in enumerate(source.splitlines()) if "scope.on_cleanup(print)" in line)


def test_strict_mode_mounts_unmounts_and_mounts_again(container):
    log = []

    class Probe(Component):
        def on_mount(self):
            log.append("mount")
            self.scope.on_cleanup(lambda: log.append("cleanup"))

        def on_unmount(self):
            log.append("unmount")

        def render(self):
            return html.p("x")

    root = mount(Probe, container, strict=True)
    assert log == ["mount", "unmount", "cleanup", "mount"]
    assert root.component.scope.count() == 1
    root.unmount()
    assert log[-2:] == ["unmount", "cleanup"]


def test_lru_evicts_least_recently_used_by_count_and_bytes():
    evicted = []
    cache = LRU(max_items=3, max_bytes=100, on_evict=lambda k, v: evicted.append(k))
    for key in "abc":
        cache.put(key, key.upper(), size=10)
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("d", "D", size=10)
    assert evicted == ["b"] and "a" in cache and len(cache) == 3
    cache.put("big", "B", size=95)
    assert evicted == ["b", "c", "a", "d"] and cache.total_bytes == 95
    cache.put("big", "B2", size=5)
    assert evicted[-1] == "big" and cache.total_bytes == 5
    cache.clear()
    assert len(cache) == 0 and cache.total_bytes == 0 and evicted[-1] == "big"
    with pytest.raises(ValueError, match="max_items"):
        LRU(max_items=0)
