"""list_activity and undo_activity through the SDK's in-memory client."""

import jsonschema
import pytest

from tasks import services
from tasks.activity import Actor
from tasks.models import Activity, Channel, Task

WEB = Actor(Channel.WEB)


def test_the_tools_are_declared_like_the_others(mcp):
    tools = mcp.tools()
    assert tools["list_activity"].annotations.read_only_hint is True
    undo = tools["undo_activity"].annotations
    # Destructive: undoing an add deletes the task, and force overwrites a later change.
    assert (undo.read_only_hint, undo.destructive_hint, undo.idempotent_hint) == (False, True, True)
    assert tools["undo_activity"].input_schema["required"] == ["activity_id"]
    assert tools["list_activity"].input_schema["properties"]["channel"]["anyOf"][0]["enum"] == [
        "web",
        "rest",
        "chat",
        "mcp",
        "admin",
    ]


def test_list_activity_shows_what_changed_with_a_strict_schema(mcp, user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=WEB, title="Final report", due_date="2030-01-02")
    listing = mcp.ok("list_activity", {"task_id": task.pk})
    jsonschema.validate(listing, mcp.tools()["list_activity"].output_schema)
    newest = listing["activities"][0]
    assert newest["action"] == "updated" and newest["channel"] == "web"
    assert newest["before"] == {"title": "Report", "due_date": None}
    assert newest["after"] == {"title": "Final report", "due_date": "2030-01-02"}


def test_undo_activity_reverts_and_refuses_to_overwrite_a_later_change(mcp, user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=WEB, priority="high")
    change = Activity.objects.get(action="updated")
    services.complete_task(user, task.pk, actor=WEB)

    message = mcp.error("undo_activity", {"activity_id": change.pk})
    assert message.startswith(f"Task {task.pk} has changed since: completed “Report”")
    assert mcp.ok("undo_activity", {"activity_id": change.pk, "force": True})["status"] == "undone"
    assert Task.objects.get(pk=task.pk).priority == "medium"
    record = Activity.objects.get(undoes=change)
    assert (record.channel, record.actor) == ("mcp", "runmcp --user")


def test_undo_activity_whole_group(mcp, user):
    turn = Actor.for_conversation(3)
    first = services.add_task(user, actor=turn, title="Eggs")
    services.add_task(user, actor=turn, title="Flour")
    group = str(turn.group_id)
    assert len(mcp.ok("list_activity", {"group_id": group})["activities"]) == 2
    change = Activity.objects.get(task_id=first.pk)
    result = mcp.ok("undo_activity", {"activity_id": change.pk, "whole_group": True})
    assert (result["activity_id"], result["title"], result["status"]) == (change.pk, "Eggs", "undone")
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [({"activity_id": 0}, "activity_id"), ({"activity_id": "x"}, "activity_id"), ({}, "activity_id")],
)
def test_bad_undo_arguments_name_the_field(mcp, arguments, field):
    assert mcp.error("undo_activity", arguments).startswith(f"{field}: ")


def test_another_users_activity_is_not_found(mcp, other_user, make_task):
    theirs = make_task(other_user, "Theirs")
    change = Activity.objects.get(task_id=theirs.pk)
    assert mcp.error("undo_activity", {"activity_id": change.pk}) == f"Activity {change.pk} not found"
    assert mcp.ok("list_activity", {}) == {"activities": [], "next_cursor": None}
    assert Task.objects.filter(pk=theirs.pk).exists()


def test_add_task_with_an_idempotency_key_adds_once(mcp, user):
    first = mcp.ok("add_task", {"title": "Buy milk", "idempotency_key": "call-1"})
    retried = mcp.ok("add_task", {"title": "Buy milk", "idempotency_key": "call-1"})
    assert first == retried and Task.objects.count() == 1
    conflict = mcp.error("add_task", {"title": "Buy bread", "idempotency_key": "call-1"})
    assert "already used to add a different task" in conflict
    assert mcp.error("add_task", {"title": "x", "idempotency_key": ""}).startswith("idempotency_key: ")


def test_list_activity_pages_back_with_a_cursor_past_the_first_hundred(mcp, user, make_task):
    task = make_task(user, "Counter")
    for number in range(130):
        services.update_task(user, task.pk, actor=WEB, title=f"Counter {number}")
    everything = list(Activity.objects.for_user(user).order_by("-pk").values_list("pk", flat=True))

    seen, cursor = [], None
    while True:
        page = mcp.ok("list_activity", {"limit": 100, **({"cursor": cursor} if cursor else {})})
        jsonschema.validate(page, mcp.tools()["list_activity"].output_schema)
        seen += [change["id"] for change in page["activities"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(seen) == 131
    assert mcp.error("list_activity", {"cursor": 0}).startswith("cursor: ")
