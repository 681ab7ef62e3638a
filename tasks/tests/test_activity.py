"""Every change writes exactly one activity, in its own transaction, under the actor the edge passed."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tasks import services
from tasks.activity import Actor, list_activity
from tasks.models import Activity, Channel, Task

MCP = Actor(Channel.MCP, "Claude Desktop")


def only_activity(user) -> Activity:
    (activity,) = Activity.objects.for_user(user).exclude(actor="test setup")
    return activity


def test_adding_records_the_new_task_in_full(user):
    task = services.add_task(user, actor=MCP, title=" Buy milk ", priority="high", due_date=date(2030, 1, 2))
    activity = only_activity(user)
    assert (activity.action, activity.task_id, activity.title) == ("created", task.pk, "Buy milk")
    assert activity.before == {}
    assert activity.after == {
        "title": "Buy milk",
        "description": "",
        "priority": "high",
        "due_date": "2030-01-02",
        "due_time": None,
        "repeat": "",
        "reminders": [],
        "list_id": None,
        "labels": [],
        "steps": [],
        "completed": False,
        "position": task.position,
    }
    assert (activity.channel, activity.actor, activity.source) == ("mcp", "Claude Desktop", "MCP · Claude Desktop")


def test_an_edit_records_only_the_fields_that_changed(user, make_task):
    task = make_task(user, "Call mom", priority="low")
    services.update_task(user, task.pk, actor=MCP, title="Call mom tonight", priority="low", description="")
    activity = only_activity(user)
    assert activity.action == "updated"
    assert (activity.before, activity.after) == ({"title": "Call mom"}, {"title": "Call mom tonight"})


@pytest.mark.parametrize(
    ("change", "action", "before", "after"),
    [
        (lambda user, task: services.complete_task(user, task.pk, actor=MCP), "completed", False, True),
        (
            lambda user, task: services.update_task(user, task.pk, actor=MCP, completed=True),
            "completed",
            False,
            True,
        ),
    ],
)
def test_completing_records_the_done_state(user, make_task, change, action, before, after):
    task = make_task(user)
    change(user, task)
    activity = only_activity(user)
    assert (activity.action, activity.before, activity.after) == (action, {"completed": before}, {"completed": after})


def test_reopening_records_uncompleted(user, make_task):
    task = make_task(user)
    services.complete_task(user, task.pk, actor=Actor(Channel.WEB))
    services.update_task(user, task.pk, actor=MCP, completed=False)
    activity = Activity.objects.for_user(user).filter(channel="mcp").get()
    assert (activity.action, activity.before, activity.after) == (
        "uncompleted",
        {"completed": True},
        {"completed": False},
    )


def test_deleting_records_a_full_snapshot(user, make_task):
    task = make_task(user, "Old task", description="notes", due_date=date(2030, 5, 6))
    services.delete_task(user, task.pk, actor=MCP)
    activity = only_activity(user)
    assert activity.action == "deleted" and activity.after == {}
    snapshot = dict(activity.before)
    # Times as PostgreSQL writes them in JSON (ISO 8601, trailing zeros of the microseconds dropped).
    assert datetime.fromisoformat(snapshot.pop("created_at")) == task.created_at
    assert datetime.fromisoformat(snapshot.pop("updated_at")) == task.updated_at
    assert snapshot == {
        "title": "Old task",
        "description": "notes",
        "priority": "medium",
        "due_date": "2030-05-06",
        "due_time": None,
        "repeat": "",
        "reminders": [],
        "list_id": None,
        "labels": [],
        "steps": [],
        "position": task.position,
        "completed": False,
        "number": task.number,
    }


def test_changes_that_change_nothing_record_nothing(user, make_task):
    task = make_task(user, "Same", priority="high")
    services.update_task(user, task.pk, actor=MCP, title=" Same ", priority="high")
    services.complete_task(user, task.pk, actor=MCP)
    services.complete_task(user, task.pk, actor=MCP)
    assert list(Activity.objects.for_user(user).filter(channel="mcp").values_list("action", flat=True)) == ["completed"]


def test_refused_and_foreign_changes_record_nothing(user, other_user, make_task):
    foreign = make_task(other_user)
    with pytest.raises(ValidationError):
        services.add_task(user, actor=MCP, title="")
    with pytest.raises(services.TaskNotFound):
        services.delete_task(user, foreign.pk, actor=MCP)
    with pytest.raises(ValidationError):
        services.update_task(user, make_task(user).pk, actor=MCP, priority="urgent")
    assert not Activity.objects.filter(channel="mcp").exists()


def test_a_change_whose_record_fails_is_rolled_back(user, make_task):
    task = make_task(user, "Keep me")
    # The database refuses the record (its channel breaks a check constraint), not the change itself.
    refused = Actor("none")  # type: ignore[arg-type]

    with pytest.raises(IntegrityError):
        services.add_task(user, actor=refused, title="Half-made")
    with pytest.raises(IntegrityError):
        services.delete_task(user, task.pk, actor=refused)
    with pytest.raises(IntegrityError):
        services.complete_task(user, task.pk, actor=refused)
    with pytest.raises(IntegrityError):
        services.update_task(user, task.pk, actor=refused, title="Renamed")
    assert list(Task.objects.for_user(user).values_list("title", "completed")) == [("Keep me", False)]
    assert not Activity.objects.filter(task_id=task.pk).exclude(action="created").exists()


def test_an_actor_group_ties_changes_together(user):
    turn = Actor.for_conversation(7)
    first = services.add_task(user, actor=turn, title="Eggs")
    second = services.add_task(user, actor=turn, title="Flour")
    alone = services.add_task(user, actor=MCP, title="Butter")
    groups = dict(Activity.objects.values_list("task_id", "group_id"))
    assert groups[first.pk] == groups[second.pk] == turn.group_id
    assert groups[alone.pk] not in {turn.group_id, None}
    assert Activity.objects.get(task_id=first.pk).actor == "conversation 7"


def test_list_activity_is_the_users_newest_first_and_filters(user, other_user, make_task):
    task = make_task(user, "Mine")
    services.complete_task(user, task.pk, actor=MCP)
    services.add_task(user, actor=Actor(Channel.WEB), title="From the web")
    make_task(other_user, "Theirs")

    assert [a.title for a in list_activity(user)] == ["From the web", "Mine", "Mine"]
    assert [a.action for a in list_activity(user, channel="mcp")] == ["completed"]
    assert [a.action for a in list_activity(user, task_id=task.pk)] == ["completed", "created"]
    assert [a.title for a in list_activity(other_user)] == ["Theirs"]
    with pytest.raises(ValidationError) as error:
        list_activity(user, channel="carrier pigeon")
    assert "channel" in error.value.message_dict
