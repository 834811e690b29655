"""Data loading: a fetch with a loading state, cancelled if the component unmounts first."""

import asyncio
import json

from wasmui import Component, html


class DataLoader(Component):
    def on_init(self):
        self.state = {"status": "loading", "people": [], "error": None}

    def on_mount(self):
        self.scope.create_task(self.load())

    async def load(self):
        try:
            await asyncio.sleep(self.props.get("delay", 0.8))  # a slow network, for the demo
            response = await self.scope.fetch(self.props.get("url", "data/people.json"))
            people = json.loads(await response.text())
        except asyncio.CancelledError:
            raise  # unmounted: the scope cancelled us, nothing of ours runs any more
        except Exception as exc:
            self.set_state(status="error", error=str(exc))
            return
        self.set_state(status="done", people=people)

    def render(self):
        status = self.state["status"]
        if status == "loading":
            return html.p("Loading…", class_="muted", aria_busy="true", data_testid="status")
        if status == "error":
            return html.p(f"Could not load: {self.state['error']}", class_="error", data_testid="status")
        return html.ul([html.li(f"{p['name']} · {p['city']}", key=p["name"]) for p in self.state["people"]],
                       data_testid="people")
