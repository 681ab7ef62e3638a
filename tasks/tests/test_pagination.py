"""The task list counts its total inside the page query; the answers must not change because of it."""

TASKS = "/api/tasks/"


def test_count_is_the_total_of_matching_tasks_on_every_page(api, user, other_user, make_task):
    for number in range(5):
        make_task(user, f"Buy milk {number}", priority="high" if number % 2 else "low")
    make_task(other_user, "Buy milk elsewhere", priority="high")

    def page(**params):
        return api.get(TASKS, params).json()

    first = page(limit=2)
    assert (first["count"], len(first["results"]), first["previous"]) == (5, 2, None)
    middle = page(limit=2, offset=2)
    assert (middle["count"], len(middle["results"])) == (5, 2)
    assert middle["next"] is not None and middle["previous"] is not None
    last = page(limit=2, offset=4)
    assert (last["count"], len(last["results"]), last["next"]) == (5, 1, None)
    assert page(priority="high")["count"] == 2
    assert page(priority="high", offset=1)["count"] == 2
    assert set(first["results"][0]) == {
        "list_id",
        "labels",
        "steps",
        "position",
        "id",
        "number",
        "title",
        "description",
        "completed",
        "priority",
        "due_date",
        "due_time",
        "due_at",
        "repeat",
        "reminders",
        "created_at",
        "updated_at",
    }


def test_an_empty_list_counts_zero(api):
    assert api.get(TASKS).json() == {"count": 0, "next": None, "previous": None, "results": []}
