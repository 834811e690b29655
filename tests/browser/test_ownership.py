"""Ownership: whatever a component creates is gone after unmount.

Three independent views must agree: wasmui's registry of tracked resources,
Pyodide's own count of live proxies (allocation tracing on), and Chrome's view of
the listeners on window and document (CDP ``DOMDebugger.getEventListeners``).

Each scenario (``check_*``) takes a page with pytest-pyodide's ``run``/``run_async``/
``run_js`` and ``counts()``: here the main thread's, in Chromium (CDP); in
test_ownership_worker.py a worker-mode page's, in every engine. The components use
``wasmui.dom``'s window, document and observers, so one source runs in both modes.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from ..harness import outside_listeners
from .worker_page import MainThreadPage

COMPONENTS = r'''
import asyncio, gc, time
import js, pyodide_js
from pyodide.ffi import to_js
from wasmui import Component, _ffi, dom, html, mount, runtime, tracker
from wasmui.scope import Scope

pyodide_js._module.enable_pyproxy_allocation_tracing()
runtime.get_runtime()  # wasmui running, as after a page's first mount: its dev tools are installed
ON_PAGE = hasattr(js, "document")  # Python runs on the page itself (not in worker mode's worker)

def js_obj(d):
    return to_js(d, dict_converter=js.Object.fromEntries)

def counts():
    """What Python's side holds (and, on the main thread, the page's: worker mode's page
    counts its own, WorkerPage.counts)."""
    gc.collect()
    held = {
        "tracked": len(tracker.live_resources()),
        "pyodide_proxies": pyodide_js._module.pyproxy_alloc_map.size,
        # dlmalloc's bytes in use: Pyodide has no pymalloc, so sys.getallocatedblocks() is 0
        "py_heap": _ffi.memory()["py_heap_bytes"],
    }
    if ON_PAGE:
        held["dom_nodes"] = js.document.querySelectorAll("*").length
        # the applier's id -> Node map: removed subtrees must leave it
        held["applier_nodes"] = runtime.get_runtime().host.applier.nodeCount()
    return held

async def message_round_trip():
    """A message posted and received on a new channel: one queued before it has been delivered by then."""
    probe, arrived, scope = js.MessageChannel.new(), asyncio.get_event_loop().create_future(), Scope("probe")
    scope.listen(probe.port1, "message", lambda e: arrived.done() or arrived.set_result(True))
    probe.port1.start()
    probe.port2.postMessage("probe")
    await arrived
    probe.port1.close()
    scope.close()

fired = []  # callbacks that must never run (late ones)
ran = []  # callbacks that must run while mounted

class EveryKind(Component):
    """Creates one resource of every kind the scope owns."""

    def on_mount(self):
        s = self.scope
        kinds = self.props.get("kinds")
        use = lambda kind: kinds is None or kind in kinds
        if use("proxy"):
            self.keep = s.create_proxy(lambda: self)  # a callback capturing the component
        if use("once"):
            self.once = s.create_once_callable(lambda: ran.append("once"))
        if use("listener"):
            s.listen(dom.window, "resize", self.on_resize)
            s.listen(dom.document, "keydown", lambda e: None, capture=True)
        if use("timeout"):
            s.set_timeout(lambda: fired.append("late timeout"), 60_000)
            s.set_timeout(lambda: ran.append("timeout"), 0)
        if use("interval"):
            s.set_interval(lambda: fired.append("late interval"), 60_000)
        if use("frame"):
            s.request_animation_frame(lambda t: ran.append("frame"))
        if use("object_url"):
            self.url = s.object_url(js.Blob.new(to_js(["chart bytes"])))
        if use("observer"):
            s.observer(dom.ResizeObserver, lambda entries: None).observe(self.el)
            s.observer(dom.IntersectionObserver, lambda entries: None).observe(self.el)
            s.observer(dom.MutationObserver, lambda records: None).observe(self.el, {"childList": True})
        if use("channel"):
            channel = js.BroadcastChannel.new("wasmui-test")
            s.listen(channel, "message", lambda e: None)
            s.on_cleanup(channel.close)
            pipe = self.pipe = js.MessageChannel.new()
            s.listen(pipe.port1, "message", lambda e: fired.append("late message"))
            pipe.port1.start()
            s.on_cleanup(pipe.port1.close)
        if use("fetch"):
            s.create_task(self.load())

    def on_resize(self, event):
        fired.append("resize")

    async def load(self):
        response = await self.scope.fetch(SLOW_URL)
        fired.append(f"dead code ran: {response.status}")

    def render(self):
        return html.div("every kind", class_="every-kind")
'''


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers after 3 s, so a fetch is surely still in flight when the test unmounts."""

    def do_GET(self):
        time.sleep(3)
        try:
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(b"slow")
        except OSError:
            pass  # the browser aborted the request

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def slow_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/slow"
    server.shutdown()


@pytest.fixture
def page(selenium, slow_url):
    selenium.load_package(["wasmui"])
    selenium.run_js("document.getElementById('app')?.remove(); document.body.insertAdjacentHTML('beforeend', '<div id=app></div>')")
    yield start_scenarios(MainThreadPage(selenium), slow_url)
    end_scenarios(selenium)


def start_scenarios(page, slow_url):
    """The scenarios' components and counts defined where Python runs; returns ``page``."""
    page.run(f"SLOW_URL = {slow_url!r}\n" + COMPONENTS)
    return page


def end_scenarios(page):
    """A failed test must not leave its root (and resources) to the next one."""
    page.run("from wasmui import runtime\nfor r in list(runtime.current_runtime.roots if runtime.current_runtime else []): r.unmount()")


COUNTED = ("tracked", "pyodide_proxies", "dom_nodes", "applier_nodes", "held_listeners", "held_observers", "held_frames")
"""What must come back to its baseline (the held_ ones: what a worker-mode page holds for its worker)."""


def until(read, done, timeout=10):
    """``read()`` once ``done`` holds for it (checked every 20 ms), or as it is after
    ``timeout`` seconds: the assertion that follows then says what is wrong. A condition,
    not a fixed wait: fast when things are quick, patient on a busy machine."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def counted(counts):
    return {key: counts[key] for key in COUNTED if key in counts}


def steady_counts(page):
    """counts() once two reads in a row agree on the counted (the heap's bytes move with
    every call): nothing still in flight moves the baseline."""
    last = [None]

    def same_as_last(now):
        same, last[0] = counted(now) == last[0], counted(now)
        return same

    return until(page.counts, same_as_last)


def page_listeners(page):
    """Chrome's count of the page's listeners on window and document (CDP); None elsewhere."""
    return outside_listeners(page.driver) if page.engine == "chromium" else None


def assert_back_to_baseline(page, baseline, listeners_before):
    """wasmui's registry, Pyodide's proxy count, the DOM, what a worker-mode page holds and
    Chrome's listeners all agree that nothing is left (once an aborted fetch has settled:
    its promise's callbacks hold proxies until then); returns the counts for further checks."""
    after = until(page.counts, lambda now: counted(now) == counted(baseline))
    assert counted(after) == counted(baseline)
    assert page_listeners(page) == listeners_before
    return after


def settle(page):
    """Commits what is pending at once (an update waits for an animation frame, late on a
    busy machine) and lets the callbacks queued meanwhile run; what comes later is waited
    for by its condition (:func:`until`). pytest-pyodide's run_async itself leaves
    PyProxies behind (seen in pyproxy_alloc_map's allocation traces: its runner script),
    so baselines are taken after a settle too."""
    page.run_async("runtime.flush()\nawait asyncio.sleep(0)")


KINDS = ["proxy", "once", "listener", "timeout", "interval", "frame", "object_url", "observer", "channel", "fetch"]


def check_each_kind_released(page, kind):
    settle(page)
    baseline = steady_counts(page)
    listeners_before = page_listeners(page)
    page.run(f"root = mount(EveryKind, '#app', {{'kinds': [{kind!r}]}})")
    settle(page)
    assert page.run("len(tracker.live_resources())") > baseline["tracked"]
    if kind == "listener":
        assert listeners_before is None or page_listeners(page) == listeners_before + 2
    page.run("root.unmount()")
    settle(page)
    assert_back_to_baseline(page, baseline, listeners_before)
    assert page.run("fired") in ([], ["resize"])


@pytest.mark.chromium_only(reason="CDP's count of listeners")
@pytest.mark.parametrize("kind", KINDS)
def test_each_resource_kind_is_released_at_unmount(page, kind):
    check_each_kind_released(page, kind)


def check_every_kind_at_once_and_nothing_fires_late(page):
    settle(page)
    baseline = steady_counts(page)
    listeners_before = page_listeners(page)
    page.run("ran.clear(); root = mount(EveryKind, '#app'); url = root.component.url; root.component.once()")
    settle(page)
    live_kinds = {"proxy", "listener", "timeout", "interval", "object_url", "observer", "fetch", "task", "cleanup", "delegation"}
    # until the 0 ms timeout and the frame have fired (the frame comes late on a busy machine)
    # and the task's fetch is in flight
    ran, live = until(
        lambda: page.run("[sorted(ran), sorted({r.kind for r in tracker.live_resources()})]"),
        lambda now: now == [["frame", "once", "timeout"], sorted(live_kinds)],
    )  # fmt: skip
    assert ran == ["frame", "once", "timeout"]  # one-shots do run, once
    # the 0 ms timeout and the frame have fired; their proxies are gone already
    assert set(live) == live_kinds
    owners = page.run("sorted({r.owner for r in tracker.live_resources() if r.scope.owner is not None})")
    assert owners == ["EveryKind"]
    sites = page.run("[r.site for r in root.component.scope.resources]")
    assert sites and all("<exec>" in site or ".py" in site for site in sites)
    # queue a message, then unmount before it is delivered: the dead handler must not run
    page.run(
        """
        root.component.pipe.port2.postMessage("late")  # queued, not yet delivered
        root.unmount()
        """
    )
    settle(page)
    # a message posted after it has arrived: the late one would have been delivered by now
    page.run_async("await message_round_trip()")
    assert_back_to_baseline(page, baseline, listeners_before)
    assert page.run("fired") == []  # no late timer, interval, message, or code after the aborted fetch
    # the object URL no longer resolves (on the page, whichever side made it)
    revoked = page.run_js(f"try {{ await fetch({page.run('url')!r}); return false; }} catch (e) {{ return true; }}")
    assert revoked
    assert page.run("from wasmui import errors; [str(r) for r in errors.recent]") == []


@pytest.mark.chromium_only(reason="CDP's count of listeners")
def test_every_kind_at_once_and_nothing_fires_late(page):
    check_every_kind_at_once_and_nothing_fires_late(page)


MOUNT_UNMOUNT_CYCLES = """
for cycle in range({count}):
    mount(EveryKind, '#app').unmount()
    if cycle % 100 == 99:
        await asyncio.sleep(0)
runtime.flush()
deadline = time.monotonic() + 10
while [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()] and time.monotonic() < deadline:
    await asyncio.sleep(0.01)  # the cancelled tasks end
await asyncio.sleep(0)  # and their done callbacks run
"""


def check_soak_leaves_nothing_growing(page, warm_up, cycles):
    # warm-up: the heap grows while caches and dict tables reach their high-water
    # marks (./build.sh bench shows it level off), then stays flat
    page.run_async(MOUNT_UNMOUNT_CYCLES.format(count=warm_up))
    baseline = steady_counts(page)
    listeners_before = page_listeners(page)
    page.run_async(MOUNT_UNMOUNT_CYCLES.format(count=cycles))
    after = assert_back_to_baseline(page, baseline, listeners_before)
    assert baseline["py_heap"] > 1_000_000  # a real measure, not a constant
    assert abs(after["py_heap"] - baseline["py_heap"]) <= baseline["py_heap"] * 0.01
    assert page.run("fired") == []
    return after["py_heap"] - baseline["py_heap"]


@pytest.mark.chromium_only(reason="CDP's count of listeners")
def test_soak_1000_cycles_leaves_nothing_growing(page):
    check_soak_leaves_nothing_growing(page, warm_up=300, cycles=1000)


CLASSIC_LEAKS = r"""
from wasmui.cache import LRU

class Chart(Component):
    # A new image on every refresh: frames are object URLs in a bounded cache.
    def on_mount(self):
        self.frames = LRU(max_items=5, on_evict=lambda key, url: self.scope.revoke_object_url(url))
        self.scope.on_cleanup(self.frames.clear)
        self.scope.set_interval(self.refresh, 1)  # an interval the user never clears
        self.scope.listen(dom.window, "resize", lambda: self.refresh())  # a window listener never removed
        self.n = 0

    def refresh(self):
        self.n += 1
        url = self.scope.object_url(js.Blob.new(to_js([f"<svg>{self.n}</svg>"]), js_obj({"type": "image/svg+xml"})))
        self.frames.put(self.n, url)
        self.set_state(src=url)

    def render(self):
        return html.img(src=self.state.get("src"), alt="chart")

class Popup(Component):
    # A child window whose message listener must not outlive the component (a worker
    # opens none: it listens on the page's window).
    def on_mount(self):
        self.child = js.window.open("about:blank", "_blank") if ON_PAGE else None
        target = self.child if self.child is not None else dom.window
        self.scope.listen(target, "message", lambda e: self.set_state(last=e.data))
        self.scope.on_cleanup(lambda: self.child.close() if self.child is not None else None)

    def render(self):
        return html.p(str(self.state.get("last")))

chart_root = mount(Chart, '#app')
chart = chart_root.component
deadline = time.monotonic() + 10
while chart.n <= 20 and time.monotonic() < deadline:
    await asyncio.sleep(0.01)  # until it has refreshed 20 times
assert chart.n > 20, chart.n
live_urls = [r for r in chart.scope.resources if r.kind == "object_url"]
assert len(live_urls) <= 6, len(live_urls)  # bounded by the cache, not by run time
chart_root.unmount()
popup_root = mount(Popup, '#app')
popup_root.unmount()
runtime.flush()
"""


def check_classic_gui_leaks(page):
    settle(page)
    baseline = steady_counts(page)
    listeners_before = page_listeners(page)
    page.run_async(CLASSIC_LEAKS)
    assert_back_to_baseline(page, baseline, listeners_before)


@pytest.mark.chromium_only(reason="CDP's count of listeners")
def test_classic_long_running_gui_leaks_written_the_wasmui_way_leak_nothing(page):
    check_classic_gui_leaks(page)


MISUSE = """
import warnings
import pyodide.ffi
from wasmui import diagnostics, errors

caught = []
def record(message, category, filename, lineno, file=None, line=None):
    caught.append((category.__name__, str(message)))
warnings.showwarning = record
warnings.simplefilter("always")

def on_tick():
    pass

leaked = pyodide.ffi.create_proxy(on_tick)   # outside any scope
js.setTimeout(on_tick, 0)                     # a bare callable handed to JS

class Twice(Component):
    def on_mount(self):
        self.scope.listen(dom.window, "resize", self.on_resize)
        self.scope.listen(dom.window, "resize", self.on_resize)
    def on_resize(self, event):
        pass
    def render(self):
        return "twice"

twice_root = mount(Twice, '#app')
twice_root.unmount()
"""


def check_misuse_diagnostics(page):
    page.run(MISUSE)
    settle(page)
    # the bare callable's warning comes when its 0 ms timeout calls the destroyed proxy
    caught = until(lambda: page.run("caught"), lambda now: "BorrowedProxyWarning" in [kind for kind, _ in now])
    kinds = [kind for kind, _ in caught]
    messages = "\n".join(message for _, message in caught)
    assert "ProxyOutsideScopeWarning" in kinds
    assert "create_proxy(on_tick from <exec>" in messages and "is outside any scope" in messages
    assert "BorrowedProxyWarning" in kinds
    assert "on_tick defined at <exec>:" in messages and "bare callable" in messages
    assert "RuntimeWarning" in kinds and "the same 'resize' listener was registered twice" in messages
    page.run("leaked.destroy(); diagnostics.disable(); diagnostics.enable()")


def test_misuse_diagnostics_name_the_users_line(page):
    check_misuse_diagnostics(page)
