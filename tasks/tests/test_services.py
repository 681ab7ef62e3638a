from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tasks import services
from tasks.activity import Actor
from tasks.models import Channel, Task

ACTOR = Actor(Channel.REST)


def test_add_task_trims_title_and_applies_defaults(user):
    task = services.add_task(user, actor=ACTOR, title="  Buy milk  ")
    task.refresh_from_db()
    assert (task.title, task.description, task.priority, task.completed, task.due_date) == (
        "Buy milk",
        "",
        "medium",
        False,
        None,
    )
    assert task.user == user


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"title": "   "}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
        ({"title": "ok", "priority": "urgent"}, "priority"),
        ({"title": "ok", "due_date": "next tuesday"}, "due_date"),
    ],
)
def test_add_task_rejects_bad_fields_and_writes_nothing(user, fields, bad_field):
    with pytest.raises(ValidationError) as error:
        services.add_task(user, actor=ACTOR, **fields)
    assert bad_field in error.value.message_dict
    assert not Task.objects.exists()


def test_add_task_accepts_the_limits(user):
    task = services.add_task(
        user, actor=ACTOR, title="t" * 200, description="d" * 2000, priority="high", due_date=date(2030, 1, 2)
    )
    assert len(task.title) == 200 and len(task.description) == 2000


def test_get_task_of_another_user_is_not_found(user, other_user, make_task):
    task = make_task(other_user)
    with pytest.raises(services.TaskNotFound, match=f"Task {task.pk} not found"):
        services.get_task(user, task.pk)


@pytest.mark.parametrize("task_id", [999999, "abc", None, 2**70])
def test_get_task_missing_or_malformed_is_not_found(user, task_id):
    with pytest.raises(services.TaskNotFound):
        services.get_task(user, task_id)


def _listed(user, **arguments) -> list[int]:
    return [row["id"] for row in services.task_page(user, fields=("id",), **arguments).rows]


def test_a_task_page_filters_by_status_search_and_priority(user, other_user, make_task):
    milk = make_task(user, "Buy milk", priority="high")
    bills = make_task(user, "Pay bills", description="electricity and MILK money")
    services.complete_task(user, bills.pk, actor=ACTOR)
    make_task(other_user, "Buy milk too")

    assert _listed(user) == [bills.pk, milk.pk]
    assert _listed(user, status="pending") == [milk.pk]
    assert _listed(user, status="completed") == [bills.pk]
    assert _listed(user, search="milk") == [bills.pk, milk.pk]
    assert _listed(user, search="bills") == [bills.pk]
    assert _listed(user, priority="high") == [milk.pk]


def test_complete_task_is_idempotent_and_says_when_it_changed_nothing(user, make_task):
    task = make_task(user)
    first, again = (services.complete_task(user, task.pk, actor=ACTOR) for _ in range(2))
    assert (first.task.completed, first.changed) == (True, True)
    assert (again.task.completed, again.changed) == (True, False)
    task.refresh_from_db()
    assert task.completed


def test_complete_task_moves_updated_at_once(user, make_task):
    task = make_task(user)
    completed = services.complete_task(user, task.pk, actor=ACTOR).task
    task.refresh_from_db()
    assert completed.updated_at == task.updated_at > task.created_at
    assert services.complete_task(user, task.pk, actor=ACTOR).task.updated_at == task.updated_at


def test_complete_task_of_another_user_changes_nothing(user, other_user, make_task):
    task = make_task(other_user)
    with pytest.raises(services.TaskNotFound):
        services.complete_task(user, task.pk, actor=ACTOR)
    task.refresh_from_db()
    assert not task.completed


def test_update_task_changes_only_given_fields(user, make_task):
    task = make_task(user, "Call mom", description="about sunday", due_date=date(2030, 1, 1))
    services.update_task(user, task.pk, actor=ACTOR, title=" Call mom tonight ", priority="high")
    task.refresh_from_db()
    assert (task.title, task.description, task.priority, task.due_date) == (
        "Call mom tonight",
        "about sunday",
        "high",
        date(2030, 1, 1),
    )
    services.update_task(user, task.pk, actor=ACTOR, due_date=None, completed=True)
    task.refresh_from_db()
    assert task.due_date is None and task.completed


def test_update_task_with_a_bad_field_writes_nothing(user, make_task):
    task = make_task(user, "Call mom")
    with pytest.raises(ValidationError) as error:
        services.update_task(user, task.pk, actor=ACTOR, title="New title", priority="urgent")
    assert "priority" in error.value.message_dict
    task.refresh_from_db()
    assert (task.title, task.priority) == ("Call mom", "medium")


def test_update_task_of_another_user_is_not_found(user, other_user, make_task):
    task = make_task(other_user, "Theirs")
    with pytest.raises(services.TaskNotFound):
        services.update_task(user, task.pk, actor=ACTOR, title="Mine now")
    task.refresh_from_db()
    assert task.title == "Theirs"


def test_delete_task_returns_what_was_deleted(user, make_task):
    task = make_task(user, "Old task")
    deleted = services.delete_task(user, task.pk, actor=ACTOR)
    assert (deleted.pk, deleted.title) == (task.pk, "Old task")
    assert not Task.objects.exists()


def test_delete_task_of_another_user_keeps_it(user, other_user, make_task):
    task = make_task(other_user)
    with pytest.raises(services.TaskNotFound):
        services.delete_task(user, task.pk, actor=ACTOR)
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_page_carries_the_count_of_every_status(user, other_user, make_task):
    for number in range(5):
        task = make_task(user, f"Report {number}", priority="high" if number < 2 else "low")
        if number % 2:
            services.complete_task(user, task.pk, actor=ACTOR)
    make_task(other_user, "Report of theirs")

    page = services.task_page(user, fields=("id", "title"), status="pending", limit=2)

    assert page.counts == {"all": 5, "pending": 3, "completed": 2}
    assert page.total == 3
    assert [row["title"] for row in page.rows] == ["Report 4", "Report 2"]
    assert set(page.rows[0]) == {"id", "title"}
    high = services.task_page(user, fields=("id",), priority="high", search="report")
    assert high.counts == {"all": 2, "pending": 1, "completed": 1}
    # An empty page still knows the counts.
    empty = services.task_page(user, fields=("id",), status="completed", offset=10)
    assert empty.rows == [] and empty.counts == page.counts and empty.total == 2


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("newest", ["Later", "Undated", "Soon"]),
        ("due", ["Soon", "Later", "Undated"]),
        ("priority", ["Soon", "Later", "Undated"]),
    ],
)
def test_a_task_page_orders(user, make_task, order, expected):
    make_task(user, "Soon", due_date=date(2030, 1, 1), priority="high")
    make_task(user, "Undated", priority="low")
    make_task(user, "Later", due_date=date(2030, 6, 1))
    assert _titles(user, order=order)[0] == expected


def test_bad_update_values_are_a_field_error_whether_or_not_the_task_is_yours(user, other_user, make_task):
    """The values are checked before the look-up: a bad value is a field error, never a probe for ids."""
    theirs = make_task(other_user, "Theirs")
    for task_id in (theirs.pk, 10**9):
        with pytest.raises(ValidationError) as refused:
            services.update_task(user, task_id, actor=ACTOR, title="   ")
        assert "title" in refused.value.message_dict
    assert Task.objects.get(pk=theirs.pk).title == "Theirs"


def _titles(user, **arguments) -> tuple[list[str], int]:
    page = services.task_page(user, fields=("id", "title"), offset=0, limit=50, **arguments)
    return [row["title"] for row in page.rows], page.total


def test_a_task_page_filters_orders_and_counts(user, other_user, make_task):
    milk = make_task(user, "Buy milk", priority="high", due_date=date(2030, 1, 1))
    make_task(user, "Pay bills", description="electricity and MILK money", priority="low")
    make_task(user, "Call mum", due_date=date(2030, 6, 1))
    services.complete_task(user, milk.pk, actor=ACTOR)
    make_task(other_user, "Buy milk too")

    assert _titles(user) == (["Call mum", "Pay bills", "Buy milk"], 3)
    assert _titles(user, status="pending", search="  MILK ") == (["Pay bills"], 1)
    assert _titles(user, status="completed") == (["Buy milk"], 1)
    assert _titles(user, order="due") == (["Buy milk", "Call mum", "Pay bills"], 3)
    assert _titles(user, order="priority") == (["Buy milk", "Call mum", "Pay bills"], 3)
    assert _titles(user, priority="low") == (["Pay bills"], 1)
    assert _titles(user, due_after=date(2030, 2, 1)) == (["Call mum"], 1)
    assert _titles(user, due_before=date(2030, 1, 1), due_after=date(2030, 1, 1)) == (["Buy milk"], 1)
    assert _titles(user, due="none") == (["Pay bills"], 1)
    assert _titles(user, number=milk.number) == (["Buy milk"], 1)
    assert _titles(user, search="   ") == _titles(user)
    page = services.task_page(user, fields=("number",), offset=1, limit=1)
    assert (page.rows, page.total) == ([{"number": 2}], 3)
    # A page past the end has no rows but still the total.
    past = services.task_page(user, fields=("id",), offset=10, limit=5)
    assert (past.rows, past.total) == ([], 3)


def test_a_search_takes_wildcards_and_backslashes_literally(user, make_task):
    for title in ("100% done", "1000 done", "snake_case", "snakeXcase", r"back\slash", "backslash"):
        make_task(user, title)
    assert _titles(user, search="0%")[0] == ["100% done"]
    assert _titles(user, search="e_c")[0] == ["snake_case"]
    assert _titles(user, search="k\\s")[0] == [r"back\slash"]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [({"status": "done"}, "status"), ({"priority": "urgent"}, "priority"), ({"order": "random"}, "order")],
)
def test_a_task_page_refuses_unknown_filters(user, arguments, field):
    with pytest.raises(ValidationError) as error:
        services.task_page(user, fields=("id",), offset=0, limit=50, **arguments)
    assert field in error.value.message_dict


def test_a_page_with_counts_past_the_end_and_in_each_order_keeps_its_counts(user, make_task):
    make_task(user, "Soon", due_date=date(2030, 1, 1), priority="high")
    make_task(user, "Undated", priority="low")
    later = make_task(user, "Later", due_date=date(2030, 6, 1))
    services.complete_task(user, later.pk, actor=ACTOR)
    counts = {"all": 3, "pending": 2, "completed": 1}
    for order, expected in (("newest", ["Undated", "Soon"]), ("due", ["Soon", "Undated"])):
        page = services.task_page(user, fields=("due_date", "title"), status="pending", order=order)
        assert ([row["title"] for row in page.rows], page.counts) == (expected, counts)
    # A first field that may be NULL does not read as an empty page.
    assert services.task_page(user, fields=("due_date",), priority="low").rows == [{"due_date": None}]
    past = services.task_page(user, fields=("id",), offset=3)
    assert (past.rows, past.counts) == ([], counts)
    nothing = services.task_page(user, fields=("id",), search="nothing like it")
    assert (nothing.rows, nothing.counts) == ([], {"all": 0, "pending": 0, "completed": 0})
