"""The app's behaviour on the model DOM (plain pytest, no browser): the TodoMVC
specification's rules for adding, toggling, editing, deleting, counting, clearing,
filtering, routing and persistence.

``render(TodoApp, url=...)`` starts the app at a route, on a history in memory, as the
browser's address would (tests/browser/test_todomvc.py in the wasmui repository runs
the official TodoMVC tests against the built app in real browsers).
"""

import json

import pytest
from todomvc import model, storage
from todomvc.app import TodoApp

from wasmui.testing import assert_no_leaks, back, click, fire, flush, render

PATH_OF = {name: path for path, name in model.ROUTES.items()}


@pytest.fixture(autouse=True)
def empty_storage():
    storage.memory.clear()
    yield
    storage.memory.clear()


def one(view, selector):
    found = view.container.querySelectorAll(selector)
    assert len(found) == 1, f"{len(found)} elements match {selector}"
    return found[0]


def rows(view):
    return [li for li in one(view, ".todo-list").children if li.kind == "element"]


def titles(view):
    return [li.querySelector("label").textContent for li in rows(view)]


def classes(el):
    return set((el.getAttribute("class") or "").split())


def add(view, text):
    field = one(view, ".new-todo")
    field.value = text
    fire(field, "input")
    fire(field, "keydown", key="Enter")


def replace_text(field, text):
    field.value = text
    fire(field, "input")


def saved():
    return json.loads(storage.memory[storage.STORAGE_KEY])


def app(filter_name=model.ALL, todos=()):
    if todos:
        storage.save(tuple(todos))
    return render(TodoApp, url=PATH_OF[filter_name])


def test_no_todos_hides_main_and_footer():
    with assert_no_leaks():
        view = app()
        assert rows(view) == []
        assert one(view, ".main").hasAttribute("hidden") and one(view, ".footer").hasAttribute("hidden")
        assert one(view, ".new-todo").hasAttribute("autofocus")
        view.unmount()


def test_enter_adds_the_trimmed_todo_at_the_end_and_clears_the_field():
    with assert_no_leaks():
        view = app()
        add(view, "buy some cheese")
        add(view, "   feed the cat   ")
        add(view, "    ")  # blank: nothing added
        assert titles(view) == ["buy some cheese", "feed the cat"]
        assert one(view, ".new-todo").value == ""
        assert not one(view, ".main").hasAttribute("hidden") and not one(view, ".footer").hasAttribute("hidden")
        assert saved() == [{"id": 1, "title": "buy some cheese", "completed": False},
                           {"id": 2, "title": "feed the cat", "completed": False}]  # fmt: skip
        view.unmount()


def test_the_counter_is_in_a_strong_and_pluralized():
    view = app()
    add(view, "one")
    assert one(view, ".todo-count").textContent == "1 item left"
    assert one(view, ".todo-count").querySelector("strong").textContent == "1"
    add(view, "two")
    assert one(view, ".todo-count").textContent == "2 items left"
    click(one(view, ".toggle-all"))
    assert one(view, ".todo-count").textContent == "0 items left"
    view.unmount()


def test_toggling_one_marks_its_row_and_updates_toggle_all():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b")])
    first, second = rows(view)
    click(first.querySelector(".toggle"))
    assert "completed" in classes(first) and "completed" not in classes(second)
    assert one(view, ".toggle-all").checked is False
    click(second.querySelector(".toggle"))
    assert one(view, ".toggle-all").checked is True
    assert [r["completed"] for r in saved()] == [True, True]
    click(first.querySelector(".toggle"))
    assert one(view, ".toggle-all").checked is False and "completed" not in classes(first)
    view.unmount()


def test_toggle_all_marks_and_unmarks_every_todo():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b", True), model.Todo(3, "c")])
    click(one(view, ".toggle-all"))
    assert all("completed" in classes(li) for li in rows(view)) and all(r["completed"] for r in saved())
    click(one(view, ".toggle-all"))
    assert not any("completed" in classes(li) for li in rows(view)) and not any(r["completed"] for r in saved())
    view.unmount()


def start_editing(view, index):
    row = rows(view)[index]
    fire(row.querySelector("label"), "dblclick")
    assert "editing" in classes(row)
    return row, row.querySelector(".edit")


def test_double_click_edits_and_enter_saves_the_trimmed_title():
    with assert_no_leaks():
        view = app(todos=[model.Todo(1, "a"), model.Todo(2, "feed the cat"), model.Todo(3, "c")])
        row, field = start_editing(view, 1)
        assert field.value == "feed the cat"
        replace_text(field, "   buy some sausages   ")
        fire(field, "keydown", key="Enter")
        assert "editing" not in classes(row)
        assert titles(view) == ["a", "buy some sausages", "c"]
        assert saved()[1]["title"] == "buy some sausages"
        fire(field, "blur", bubbles=False)  # the field hides and loses the focus: no second save
        assert titles(view) == ["a", "buy some sausages", "c"]
        view.unmount()


def test_leaving_the_field_saves_the_edit():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b")])
    row, field = start_editing(view, 1)
    replace_text(field, "buy some sausages")
    fire(field, "blur", bubbles=False)
    assert titles(view) == ["a", "buy some sausages"] and "editing" not in classes(row)
    view.unmount()


def test_escape_gives_up_the_edit():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b")])
    row, field = start_editing(view, 1)
    replace_text(field, "foo")
    fire(field, "keydown", key="Escape")
    fire(field, "blur", bubbles=False)  # leaving after Escape saves nothing
    assert titles(view) == ["a", "b"] and "editing" not in classes(row)
    assert field.value == "b"  # the next edit starts from the title, not from "foo"
    assert [r["title"] for r in saved()] == ["a", "b"]
    view.unmount()


def test_an_empty_edit_deletes_the_todo():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b"), model.Todo(3, "c")])
    _, field = start_editing(view, 1)
    replace_text(field, "   ")
    fire(field, "keydown", key="Enter")
    assert titles(view) == ["a", "c"] and [r["id"] for r in saved()] == [1, 3]
    view.unmount()


def test_editing_is_not_persisted():
    view = app(todos=[model.Todo(1, "a")])
    _, field = start_editing(view, 0)
    replace_text(field, "half typed")
    assert saved() == [{"id": 1, "title": "a", "completed": False}]
    view.unmount()


def test_destroy_removes_the_todo():
    with assert_no_leaks():
        view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b")])
        click(rows(view)[0].querySelector(".destroy"))
        assert titles(view) == ["b"] and [r["id"] for r in saved()] == [2]
        click(rows(view)[0].querySelector(".destroy"))
        assert rows(view) == [] and one(view, ".main").hasAttribute("hidden")
        view.unmount()


def test_clear_completed_shows_only_with_completed_todos_and_removes_them():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b"), model.Todo(3, "c")])
    button = one(view, ".clear-completed")
    assert button.hasAttribute("hidden") and button.textContent == "Clear completed"
    click(rows(view)[1].querySelector(".toggle"))
    assert not button.hasAttribute("hidden")
    click(button)
    assert titles(view) == ["a", "c"] and button.hasAttribute("hidden")
    assert one(view, ".toggle-all").checked is False
    view.unmount()


@pytest.mark.parametrize(("filter_name", "shown", "selected"), [
    (model.ALL, ["a", "b", "c"], "All"), (model.ACTIVE, ["a", "c"], "Active"), (model.COMPLETED, ["b"], "Completed"),
])  # fmt: skip
def test_each_filter_shows_its_todos_and_selects_its_link(filter_name, shown, selected):
    view = app(filter_name, todos=[model.Todo(1, "a"), model.Todo(2, "b", True), model.Todo(3, "c")])
    assert titles(view) == shown
    links = one(view, ".filters").querySelectorAll("a")
    assert [a.textContent for a in links if "selected" in classes(a)] == [selected]
    assert [a.getAttribute("href").lstrip("#") for a in links] == ["/", "/active", "/completed"]
    view.unmount()


def test_a_todo_changed_in_a_filtered_view_follows_the_filter():
    view = app(model.ACTIVE, todos=[model.Todo(1, "a"), model.Todo(2, "b")])
    click(rows(view)[0].querySelector(".toggle"))
    assert titles(view) == ["b"]
    assert one(view, ".todo-count").textContent == "1 item left"
    view.unmount()


def test_the_todos_come_back_after_a_reload():
    view = app()
    add(view, "buy some cheese")
    add(view, "feed the cat")
    click(rows(view)[0].querySelector(".toggle"))
    view.unmount()
    again = app()  # a new page: the app reads what the first one saved
    assert titles(again) == ["buy some cheese", "feed the cat"]
    assert ["completed" in classes(li) for li in rows(again)] == [True, False]
    again.unmount()


def test_unreadable_storage_starts_empty():
    storage.memory[storage.STORAGE_KEY] = "{not json"
    view = app()
    assert rows(view) == []
    view.unmount()
    flush()


def selected_filter(view):
    return [a.textContent for a in one(view, ".filters").querySelectorAll("a") if "selected" in classes(a)]


def filter_link(view, name):
    (link,) = [a for a in one(view, ".filters").querySelectorAll("a") if a.textContent == name]
    return link


def test_the_filter_links_route_and_back_returns():
    view = app(todos=[model.Todo(1, "a"), model.Todo(2, "b", True), model.Todo(3, "c")])
    click(filter_link(view, "Active"))
    assert titles(view) == ["a", "c"] and selected_filter(view) == ["Active"]
    click(filter_link(view, "Completed"))
    assert titles(view) == ["b"] and selected_filter(view) == ["Completed"]
    back()
    assert titles(view) == ["a", "c"] and selected_filter(view) == ["Active"]
    back()
    assert titles(view) == ["a", "b", "c"] and selected_filter(view) == ["All"]
    view.unmount()


def test_a_half_typed_todo_survives_a_change_of_filter():
    view = app(todos=[model.Todo(1, "a")])
    replace_text(one(view, ".new-todo"), "half typed")
    click(filter_link(view, "Completed"))
    assert one(view, ".new-todo").value == "half typed"
    view.unmount()
