"""The model's rules, as the TodoMVC specification states them, on plain values."""

from todomvc import model
from todomvc.model import Todo


def three():
    return (Todo(1, "buy some cheese"), Todo(2, "feed the cat", True), Todo(3, "book a doctors appointment"))


def test_add_trims_appends_and_ignores_blank_titles():
    todos = model.add((), "   buy some cheese   ")
    assert todos == (Todo(1, "buy some cheese"),)
    assert model.add(todos, "feed the cat")[-1] == Todo(2, "feed the cat")
    assert model.add(todos, "   ") is todos


def test_ids_stay_unique_after_removals():
    todos = model.remove(three(), 2)
    assert model.add(todos, "new")[-1].id == 4


def test_toggle_flips_one_todo():
    assert [t.completed for t in model.toggle(three(), 1)] == [True, True, False]
    assert [t.completed for t in model.toggle(three(), 2)] == [False, False, False]


def test_toggle_all_sets_every_todo_to_the_same_state():
    assert all(t.completed for t in model.toggle_all(three(), True))
    assert not any(t.completed for t in model.toggle_all(three(), False))


def test_rename_trims_and_an_empty_title_removes_the_todo():
    assert model.rename(three(), 2, "  buy some sausages  ")[1] == Todo(2, "buy some sausages", True)
    assert [t.id for t in model.rename(three(), 2, "   ")] == [1, 3]


def test_clear_completed_keeps_the_active_todos():
    assert [t.id for t in model.clear_completed(three())] == [1, 3]


def test_filters():
    assert [t.id for t in model.visible(three(), model.ALL)] == [1, 2, 3]
    assert [t.id for t in model.visible(three(), model.ACTIVE)] == [1, 3]
    assert [t.id for t in model.visible(three(), model.COMPLETED)] == [2]
    assert model.ROUTES == {"/": "all", "/active": "active", "/completed": "completed"}


def test_counter_words():
    assert model.active_count(three()) == 2
    assert [model.items_word(n) for n in (0, 1, 2)] == ["items", "item", "items"]


def test_records_round_trip_with_the_specified_keys():
    records = model.to_records(three())
    assert records[1] == {"id": 2, "title": "feed the cat", "completed": True}
    assert model.from_records(records) == three()


def test_malformed_records_are_skipped():
    records = [{"id": 1, "title": "ok"}, {"id": 1, "title": "same id"}, {"id": "2", "title": "x"},
               {"id": 3, "title": "  "}, "junk", {"id": 4, "title": " spaced ", "completed": 1}]  # fmt: skip
    assert model.from_records(records) == (Todo(1, "ok"), Todo(4, "spaced", True))
    assert model.from_records({"not": "a list"}) == ()
