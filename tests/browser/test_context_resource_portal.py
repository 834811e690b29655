"""Context, use_resource and portals (#24) in headless Chromium.

Portals: 300 open/close cycles of a modal, by real DOM clicks through the delegated
listeners, leave the DOM, the applier's node map, wasmui's registry, Pyodide's proxies
and Chrome's own view of the listeners (CDP) where they were. use_resource: 100 rapid
changes on Pyodide's event loop show the last result and never a stale one, and a
superseded load's ``scope.fetch`` is aborted.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from ..harness import cdp_listener_count, outside_listeners

SETUP = r'''
import asyncio, gc, random
import js, pyodide_js
from wasmui import (Component, component, create_context, h, html, mount, portal, runtime, tracker,
                    use_context, use_resource, use_state)

pyodide_js._module.enable_pyproxy_allocation_tracing()
runtime.get_runtime()

def counts():
    gc.collect()
    return {
        "tracked": len(tracker.live_resources()),
        "pyodide_proxies": pyodide_js._module.pyproxy_alloc_map.size,
        "dom_nodes": js.document.querySelectorAll("*").length,
        "applier_nodes": runtime.get_runtime().host.applier.nodeCount(),
    }

log = []
SET = {}
'''


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers once ``gate`` is open (it is unless a test closes it; 30 s at most), so a
    superseded fetch is surely still in flight while the gate is closed."""

    gate = threading.Event()

    def do_GET(self):
        self.gate.wait(30)
        try:
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(self.path.encode())
        except OSError:
            pass  # aborted by the browser

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def slow_url():
    _SlowHandler.gate.set()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _SlowHandler.gate.set()
    server.shutdown()


@pytest.fixture
def page(selenium, slow_url):
    selenium.load_package(["wasmui"])
    selenium.run_js("document.getElementById('app')?.remove(); document.body.insertAdjacentHTML('beforeend', '<div id=app></div>')")
    selenium.run(f"SLOW = {slow_url!r}\n" + SETUP)
    yield selenium
    selenium.run("from wasmui import runtime\nfor r in list(runtime.current_runtime.roots if runtime.current_runtime else []): r.unmount()")


def settle(selenium):
    """Commits what is pending at once (the animation frame it waits for comes late on a busy
    WebKit: a portal was not there yet after 50 ms), then lets callbacks queued meanwhile run."""
    selenium.run_async("runtime.flush()\nawait asyncio.sleep(0.05)")


def until(read, done, timeout=10):
    """``read()`` once ``done`` holds for it (checked every 20 ms), or as it is after
    ``timeout`` seconds: the assertion that follows then says what is wrong."""
    deadline = time.monotonic() + timeout
    while not done(value := read()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return value


MODAL = r'''
@component
def Modal():
    return portal(
        html.div(
            html.p("Sure?"),
            html.input(id="field", on_focus=lambda: log.append("focus")),
            html.button("Close", id="close", on_click=lambda: SET["open"](False)),
            role="dialog", id="dialog",
        )
    )

@component
def App():
    is_open, SET["open"] = use_state(False)
    return html.div(
        html.button("Open", id="open", on_click=lambda: SET["open"](True)),
        h(Modal) if is_open else None,
        on_click=lambda: log.append("bubbled to the app"),
    )
'''


@pytest.mark.chromium_only(reason="CDP's view of the listeners")
def test_300_open_close_cycles_of_a_portal_modal_leave_nodes_listeners_and_proxies_flat(page):
    driver = page.driver
    page.run(MODAL + "root = mount(App, '#app')")
    # one cycle first: the host makes its idle callback's proxy at the first commit that removes
    # something, once per page (not per cycle)
    page.run_js("document.getElementById('open').click(); document.getElementById('close').click()")
    settle(page)
    baseline = page.run("counts()")
    listeners = (outside_listeners(driver), cdp_listener_count(driver, "document.body"))
    page.run_js("document.getElementById('open').click()")
    # open: the dialog is the body's last child, not inside #app, and it hears events itself
    assert page.run_js("return document.body.lastElementChild.matches('[data-wasmui-portal]') && !document.getElementById('app').contains(document.getElementById('dialog'))")
    assert cdp_listener_count(driver, "document.querySelector('[data-wasmui-portal]')") >= 1
    page.run_js("document.getElementById('close').click()")
    cycles = page.run_js(
        """
        let done = 0;
        for (let i = 0; i < 298; i++) {
          document.getElementById("open").click();
          if (!document.getElementById("dialog")) break;
          document.getElementById("close").click();
          if (document.getElementById("dialog")) break;
          done++;
        }
        return done;
        """
    )
    assert cycles == 298
    settle(page)
    assert page.run("counts()") == baseline
    assert (outside_listeners(driver), cdp_listener_count(driver, "document.body")) == listeners
    assert page.run_js("return document.querySelectorAll('[data-wasmui-portal]').length") == 0
    assert page.run("log.count('bubbled to the app')") == 600  # each click in the portal went up through its place
    page.run("root.unmount()")
    assert page.run("from wasmui import errors; [str(r) for r in errors.recent]") == []


def test_focus_inside_a_portal_reaches_its_handler_and_a_portal_inside_the_app_dispatches_once(page):
    page.run(MODAL + "root = mount(App, '#app')")
    page.driver.find_element("id", "open").click()
    if page.browser == "firefox":
        # headless Firefox driven over BiDi never has the system's focus, so it fires no
        # focus event (not even with focusmanager.testmode; checked with puppeteer alone):
        # the event is dispatched where the browser would, at the press, as Cypress does there
        page.run_js(
            "const field = document.getElementById('field');"
            "field.addEventListener('mousedown', () => field.dispatchEvent(new FocusEvent('focus')), {once: true});"
        )
    page.driver.find_element("id", "field").click()  # a real click: focus does not bubble
    assert page.run("log") == ["bubbled to the app", "focus", "bubbled to the app"]
    page.run(
        """
        root.unmount(); log.clear()
        class Host(Component):
            def render(self):
                return html.div(
                    html.section(id="layer"),
                    portal(html.button("in", id="in", on_click=lambda: log.append("in")), target="#layer")
                    if self.state.get("ready") else None,
                    on_click=lambda: log.append("around"),
                )
            def on_mount(self):
                self.set_state(ready=True)
        root = mount(Host, "#app")
        """
    )
    settle(page)
    page.driver.find_element("id", "in").click()
    # the portal's container is inside #app: both containers hear the click, one dispatches
    assert page.run("log") == ["in", "around"]


def test_a_context_change_rerenders_the_readers_below_a_component_that_does_not(page):
    page.run(
        r'''
        Theme = create_context("light")
        renders = []

        @component
        def Reader(index):
            renders.append(index)
            return html.span(use_context(Theme), class_="reader")

        class Static(Component):
            def render(self):
                return html.div([h(Reader, {"index": i, "key": i}) for i in range(50)])

        @component
        def App():
            theme, SET["theme"] = use_state("dark")
            return html.div(html.button("blue", id="blue", on_click=lambda: SET["theme"]("blue")), Theme.provide(theme, h(Static)))

        root = mount(App, "#app")
        renders.clear()
        '''
    )
    page.driver.find_element("id", "blue").click()
    assert page.run("len(renders)") == 50
    assert page.run_js("return [...document.querySelectorAll('.reader')].every((e) => e.textContent === 'blue')")


def test_100_rapid_changes_on_pyodides_loop_show_the_last_result_and_never_a_stale_one(page):
    result = page.run_async(
        r'''
        rng = random.Random(24)
        rendered = []

        async def load(n):
            await asyncio.sleep(rng.uniform(0, 0.004))
            return f"value {n}"

        @component
        def Item(n):
            data = use_resource(lambda: load(n), [n])
            rendered.append((n, data.value))
            return html.p(f"{n}: " + ("loading" if data.loading else data.value), id="item")

        @component
        def App():
            n, SET["n"] = use_state(0)
            return h(Item, {"n": n})

        root = mount(App, "#app")
        for n in range(1, 101):
            SET["n"](n)
            runtime.flush()
            await asyncio.sleep(rng.uniform(0, 0.003))
        for _ in range(500):
            if js.document.getElementById("item").textContent == "100: value 100":
                break
            await asyncio.sleep(0.01)
        shown = js.document.getElementById("item").textContent
        stale = [(n, v) for n, v in rendered if v is not None and v != f"value {n}"]
        root.unmount()
        await asyncio.sleep(0)
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
        [shown, stale, len(pending), len([r for r in tracker.live_resources() if r.kind in ("task", "fetch")])]
        '''
    )
    assert result == ["100: value 100", [], 0, 0]


def test_a_superseded_loads_fetch_is_aborted_and_its_result_never_shown(page):
    _SlowHandler.gate.clear()  # no answer until the abort is checked: both requests in flight
    try:
        page.run(
            r'''
            @component
            def Remote(path):
                async def load(scope):
                    response = await scope.fetch(f"{SLOW}/{path}")
                    log.append(f"read {path}")
                    return await response.text()
                data = use_resource(load, [path])
                return html.p("loading" if data.loading else data.value, id="remote")

            @component
            def App():
                path, SET["path"] = use_state("first")
                return h(Remote, {"path": path})

            root = mount(App, "#app")
            '''
        )
        settle(page)
        fetches = lambda: page.run("[r.name.split()[-1] for r in tracker.live_resources() if r.kind == 'fetch']")  # noqa: E731
        first, second = f"{page.run('SLOW')}/first", f"{page.run('SLOW')}/second"
        assert until(fetches, lambda now: now == [first]) == [first]
        page.run("SET['path']('second'); runtime.flush()")
        assert first not in fetches()  # the first request was aborted at once, in the commit
        # one fetch in flight, the second's (once its load's task has started it)
        assert until(fetches, lambda now: now == [second]) == [second]
    finally:
        _SlowHandler.gate.set()
    remote = lambda: page.run_js("return document.getElementById('remote').textContent")  # noqa: E731
    assert until(remote, lambda now: now != "loading", 30) == "/second"
    assert page.run("log") == ["read second"]


def test_a_portal_in_a_hydrated_view_keeps_the_pre_rendered_dom_and_its_events_go_up_through_it(page):
    # what `wasmui build` pre-renders for this App: the portal's place is an empty comment
    page.run_js(
        """
        const app = document.getElementById("app");
        app.setAttribute("data-wasmui-prerendered", "");
        app.innerHTML = '<div><p id="main">main</p><!----></div>';
        window.preMain = document.getElementById("main");
        """
    )
    warned = page.run(
        r'''
        import warnings

        @component
        def App():
            return html.div(
                html.p("main", id="main"),
                portal(html.button("inside", id="inside", on_click=lambda: log.append("inside"))),
                on_click=lambda: log.append("around"),
            )

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            root = mount(App, "#app")
        [str(w.message) for w in caught]
        '''
    )
    assert warned == []
    assert page.run_js("return document.getElementById('main') === window.preMain")  # adopted, not replaced
    page.driver.find_element("id", "inside").click()
    assert page.run("log") == ["inside", "around"]  # up through the adopted comment
    page.run("root.unmount()")
    assert page.run_js("return document.querySelectorAll('[data-wasmui-portal]').length") == 0
