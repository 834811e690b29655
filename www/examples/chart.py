"""Live chart: a new image every few hundred ms, from a bounded cache of object URLs.

Each frame is an SVG blob turned into an object URL. An unbounded list of them is
the classic image leak; here an LRU keeps the last few and revokes the rest, so
memory stays flat however long the chart runs.
"""

import random

import js
from pyodide.ffi import to_js

from wasmui import Component, html
from wasmui.cache import LRU


class LiveChart(Component):
    def on_init(self):
        self.state = {"src": None, "frame": 0}
        self.values = [50.0] * 60
        self.random = random.Random(1)

    def on_mount(self):
        self.frames = LRU(max_items=8, on_evict=lambda key, url: self.scope.revoke_object_url(url))
        self.scope.on_cleanup(self.frames.clear)
        self.scope.set_interval(self.draw, self.props.get("every_ms", 250))
        self.draw()

    def draw(self):
        self.values = [*self.values[1:], max(5.0, min(95.0, self.values[-1] + self.random.uniform(-12, 12)))]
        points = " ".join(f"{i * 5},{100 - v:.1f}" for i, v in enumerate(self.values))
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 295 100" width="590" height="200">'
            '<rect width="295" height="100" fill="#f5f7fa"/>'
            f'<polyline points="{points}" fill="none" stroke="#3056d3" stroke-width="2"/></svg>'
        )
        frame = self.state["frame"] + 1
        url = self.scope.object_url(js.Blob.new(to_js([svg]), to_js({"type": "image/svg+xml"}, dict_converter=js.Object.fromEntries)))
        self.frames.put(frame, url)
        self.set_state(src=url, frame=frame)

    def render(self):
        return html.figure(
            html.img(src=self.state["src"], alt="random walk", width=590, height=200, class_="chart"),
            html.figcaption(f"frame {self.state['frame']} · {len(self.frames) if hasattr(self, 'frames') else 0} cached",
                            data_testid="frame"),
        )
