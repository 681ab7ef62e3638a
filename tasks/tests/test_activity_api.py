"""GET /api/activity/ and the undo endpoints: the user's own history, filters, paging, undo and its refusals."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conversations import services as chat
from tasks import services
from tasks.activity import Actor
from tasks.models import Activity, Channel, Task

ACTIVITY = "/api/activity/"
AGENT = Actor(Channel.MCP, "Claude Desktop")


def test_the_list_is_the_users_changes_newest_first_with_who_made_them(api, user, other_user, make_task):
    task = make_task(user, "Report")
    api.patch(f"/api/tasks/{task.pk}/", {"title": "Final report"})
    services.complete_task(user, task.pk, actor=AGENT)
    make_task(other_user, "Theirs")

    results = api.get(ACTIVITY).json()["results"]

    assert [(row["action"], row["channel"], row["actor"]) for row in results] == [
        ("completed", "mcp", "Claude Desktop"),
        ("updated", "rest", ""),
        ("created", "admin", "test setup"),
    ]
    assert results[1]["before"] == {"title": "Report"} and results[1]["after"] == {"title": "Final report"}
    assert results[1]["task_id"] == task.pk and results[1]["undone_by"] is None


def test_filters_by_channel_task_and_time(api, user, make_task):
    first = make_task(user, "First")
    second = make_task(user, "Second")
    services.complete_task(user, second.pk, actor=AGENT)
    Activity.objects.filter(task_id=first.pk).update(created_at=timezone.now() - timedelta(days=3))

    def titles(**params):
        return [row["title"] for row in api.get(ACTIVITY, params).json()["results"]]

    assert titles(channel="mcp") == ["Second"]
    assert titles(task=first.pk) == ["First"]
    assert titles(since=(timezone.now() - timedelta(days=1)).isoformat()) == ["Second", "Second"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"task": "abc"}, "task"),
        ({"since": "yesterday"}, "since"),
        ({"task": 0}, "task"),
    ],
)
def test_bad_filters_are_400_naming_the_field(api, params, field):
    response = api.get(ACTIVITY, params)
    assert response.status_code == 400 and field in response.json()


def test_the_list_pages_with_a_cursor_in_one_query(api, user, make_task, django_assert_num_queries):
    Activity.objects.bulk_create(
        Activity(user=user, action="created", task_id=number, title=f"Task {number}", channel="web")
        for number in range(130)
    )
    # The JWT's user, then one page (with the undo of each row joined in).
    with django_assert_num_queries(2):
        first = api.get(ACTIVITY, {"limit": 100}).json()
    second = api.get(first["next"]).json()
    assert len(first["results"]) == 100 and len(second["results"]) == 30 and second["next"] is None
    assert first["results"][0]["title"] == "Task 129" and second["results"][-1]["title"] == "Task 0"


def test_undo_over_rest_and_its_conflict(api, user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=AGENT, title="Draft")
    rename = Activity.objects.get(action="updated")
    services.complete_task(user, task.pk, actor=AGENT)
    completion = Activity.objects.get(action="completed")

    refused = api.post(f"{ACTIVITY}{rename.pk}/undo/")
    assert refused.status_code == 409
    assert refused.json()["code"] == "undo_conflict" and f"activity {completion.pk}" in refused.json()["detail"]
    assert Task.objects.get(pk=task.pk).title == "Draft"

    done = api.post(f"{ACTIVITY}{completion.pk}/undo/")
    assert done.status_code == 200 and done.json()["status"] == "undone"
    assert done.json()["undone"] == [completion.pk]
    record = Activity.objects.get(pk=done.json()["records"][0])
    assert (record.channel, record.undoes_id) == ("rest", completion.pk)

    again = api.post(f"{ACTIVITY}{completion.pk}/undo/")
    assert again.status_code == 200 and again.json() == {
        "status": "already_undone",
        "message": f"Activity {completion.pk} was already undone (by activity {record.pk}); nothing changed.",
        "undone": [completion.pk],
        "records": [],
    }
    forced = api.post(f"{ACTIVITY}{rename.pk}/undo/", {"force": True})
    assert forced.status_code == 200 and Task.objects.get(pk=task.pk).title == "Report"


def test_a_whole_chat_turn_is_undone_by_its_group(api, user):
    turn = chat.send_message(user, message="add buy milk")
    assert turn.activity_group is not None
    response = api.post(f"{ACTIVITY}groups/{turn.activity_group}/undo/")
    assert response.status_code == 200 and response.json()["status"] == "undone"
    assert not Task.objects.exists()


def test_whole_group_from_one_of_its_activities(api, user):
    turn = Actor.for_conversation(9)
    eggs = services.add_task(user, actor=turn, title="Eggs")
    services.add_task(user, actor=turn, title="Flour")
    change = Activity.objects.get(task_id=eggs.pk)
    response = api.post(f"{ACTIVITY}{change.pk}/undo/", {"whole_group": True})
    assert response.status_code == 200 and len(response.json()["undone"]) == 2
    assert not Task.objects.exists()


@pytest.mark.parametrize("body", [{"force": "yes"}, {"whole_group": 1}])
def test_a_bad_undo_body_is_400_and_undoes_nothing(api, user, make_task, body):
    task = make_task(user)
    change = Activity.objects.get(task_id=task.pk)
    response = api.post(f"{ACTIVITY}{change.pk}/undo/", body)
    assert response.status_code == 400 and set(response.json()) == set(body)
    assert Task.objects.filter(pk=task.pk).exists()


def test_another_users_activity_is_404_like_a_missing_one(api, other_user, make_task):
    theirs = make_task(other_user, "Theirs")
    change = Activity.objects.get(task_id=theirs.pk)
    for path in (
        f"{ACTIVITY}{change.pk}/undo/",
        f"{ACTIVITY}{change.pk + 1000}/undo/",
        f"{ACTIVITY}groups/{change.group_id}/undo/",
    ):
        response = api.post(path, {"whole_group": True} if "groups" not in path else {})
        assert response.status_code == 404, path
    assert api.get(ACTIVITY).json()["results"] == []
    assert Task.objects.filter(pk=theirs.pk).exists()


def test_the_activity_api_needs_authentication(client, db):
    assert client.get(ACTIVITY).status_code == 401


def test_the_list_rows_are_what_the_activity_serializer_gives(api, user, make_task):
    """The list shapes value rows itself (its hot path); each row must equal the ModelSerializer's."""
    from tasks import undo
    from tasks.activity_api import ActivitySerializer

    task = make_task(user, "Report", due_date="2030-01-02")
    services.update_task(user, task.pk, actor=AGENT, title="Final report", due_date=None)
    changed = Activity.objects.for_user(user).latest("id")
    undo.undo_activity(user, changed.pk, actor=AGENT)
    services.delete_task(user, task.pk, actor=AGENT)

    listed = api.get(ACTIVITY).json()["results"]
    expected = ActivitySerializer(Activity.objects.for_user(user).with_undo().order_by("-id"), many=True).data
    assert listed == [dict(row) for row in expected]
    assert any(row["undone_by"] for row in listed) and any(row["undoes"] for row in listed)
