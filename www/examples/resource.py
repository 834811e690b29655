"""Async data with use_resource: loading, error and retry, and never a stale result.

Click through the people quickly: each click changes the resource's input, which cancels
the load in flight (its task and its fetch) and starts a new one, so only the last
person you picked ever shows. Tick "flaky network" and each person's first load fails: the error
shows in place with a Retry button (``reload()``), which succeeds.
"""

import asyncio
import json

from wasmui import component, h, html, use_ref, use_resource, use_state

PEOPLE = ["Ada Lovelace", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Radia Perlman"]


@component
def Person(index, flaky):
    tries = use_ref({})  # loads started per (person, flaky): the demo's flaky server fails each first one

    async def load(scope):
        key = (index, flaky)
        tries.current[key] = tries.current.get(key, 0) + 1
        await asyncio.sleep(0.3 + 0.1 * (index % 3))  # a slow network, slower for some
        if flaky and tries.current[key] == 1:
            raise ConnectionError("the server did not answer")
        response = await scope.fetch("data/people.json")  # aborted if the input changes first
        return json.loads(await response.text())[index]

    person = use_resource(load, [index, flaky])
    if person.loading:
        return html.p(f"Loading {PEOPLE[index]}…", class_="muted", aria_busy="true", data_testid="status")
    if person.error is not None:
        return html.div(
            html.p(f"Could not load: {person.error}", class_="error", data_testid="status", role="alert"),
            html.button("Retry", on_click=lambda: person.reload()),
        )
    return html.p(html.strong(person.value["name"]), f" · {person.value['city']}", data_testid="person")


@component
def ResourceDemo():
    index, set_index = use_state(0)
    flaky, set_flaky = use_state(False)
    return html.div(
        html.div(
            [html.button(name.split()[0], key=name, class_=["ghost", i == index and "active"], aria_pressed=str(i == index).lower(),
                         on_click=lambda event, i=i: set_index(i)) for i, name in enumerate(PEOPLE)],
            class_="toolbar", aria_label="people",
        ),
        html.label(html.input(type="checkbox", checked=flaky, on_change=lambda event: set_flaky(bool(event.target.checked))),
                   " flaky network (a first load fails)"),
        h(Person, {"index": index, "flaky": flaky}),
        class_="stack",
    )
