"""The tools for lists, labels, steps and order, through a real MCP client talking to the server."""

import pytest

from conftest import SETUP_ACTOR
from tasks import organize, services
from tasks.models import Activity, Task, TaskList

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_agent_organizes_tasks_with_lists_labels_steps_and_order(mcp, user):
    made = mcp.ok("add_list", {"name": "Trip", "colour": "blue"})
    assert made["status"] == "created"
    trip = mcp.ok(
        "add_task",
        {"title": "Plan the trip", "list": "trip", "labels": ["travel"], "steps": ["Book flights", "Pack"]},
    )
    assert (trip["list_id"], trip["labels"]) == (made["list_id"], ["travel"])
    assert [step["title"] for step in trip["steps"]] == ["Book flights", "Pack"]
    worded = mcp.ok("add_task", {"text": "buy sunscreen tomorrow in trip #shop"})
    assert (worded["title"], worded["list_id"], worded["labels"]) == ("Buy sunscreen", made["list_id"], ["shop"])

    listed = mcp.ok("list_tasks", {"list": "Trip", "order": "manual"})
    assert [task["title"] for task in listed["tasks"]] == ["Buy sunscreen", "Plan the trip"]
    assert mcp.ok("list_tasks", {"label": ["travel"]})["total"] == 1
    moved = mcp.ok("move_task", {"task_id": trip["task_id"], "direction": "top"})
    assert moved["status"] == "updated"
    assert mcp.ok("list_tasks", {"list": "Trip", "order": "manual"})["tasks"][0]["title"] == "Plan the trip"

    overview = mcp.ok("list_lists")
    assert [(entry["name"], entry["pending"]) for entry in overview["lists"]] == [("Inbox", 0), ("Trip", 2)]
    assert {label["name"] for label in overview["labels"]} == {"travel", "shop"}

    done = mcp.ok("complete_task", {"task_id": trip["task_id"]})
    assert done["steps_done"] == 2 and all(step["done"] for step in done["steps"])

    renamed = mcp.ok("rename_label", {"label": "shop", "name": "errands"})
    assert (renamed["name"], renamed["tasks"]) == ("errands", 1)
    assert mcp.ok("update_task", {"task_id": worded["task_id"], "list": "Inbox"})["status"] == "updated"
    deleted = mcp.ok("delete_list", {"list": "Trip", "tasks": "move"})
    assert (deleted["status"], deleted["moved_to_inbox"]) == ("deleted", 1)
    record = Activity.objects.for_user(user).get(subject="list", action="deleted")
    assert mcp.ok("undo_activity", {"activity_id": record.pk})["status"] == "undone"
    assert TaskList.objects.get(pk=made["list_id"]).name == "Trip"


def test_bad_arguments_name_the_field_and_write_nothing(mcp, user):
    assert mcp.error("add_task", {"title": "x", "list": "Nowhere"}).startswith("list: There is no list")
    assert mcp.error("update_task", {"task_id": 1, "list": "Nowhere"}).startswith("list: There is no list")
    assert "labels" in mcp.error("add_task", {"title": "x", "labels": ["a,b"]})
    assert "steps" in mcp.error("add_task", {"title": "x", "steps": [{"title": ""}]})
    assert "name" in mcp.error("add_list", {"name": "Inbox"})
    assert "colour" in mcp.error("add_list", {"name": "Work", "colour": "mauve"})
    assert "list" in mcp.error("delete_list", {"list": "Inbox"})
    assert "after" in mcp.error("move_task", {"task_id": 1})
    assert Task.objects.count() == 0 and TaskList.objects.count() == 0


def test_another_persons_list_and_label_do_not_exist_for_the_agent(mcp, user, other_user):
    theirs = organize.create_list(other_user, actor=SETUP_ACTOR, name="Theirs")
    secret = services.add_task(other_user, actor=SETUP_ACTOR, title="Secret", list_id=theirs.pk, labels=["hidden"])
    inbox = {"id": None, "name": "Inbox", "colour": "grey", "archived": False, "pending": 0}
    assert mcp.ok("list_lists") == {"lists": [inbox], "labels": []}
    assert "There is no list" in mcp.error("add_task", {"title": "x", "list": str(theirs.pk)})
    assert "There is no list" in mcp.error("list_tasks", {"list": "Theirs"})
    assert "There is no list" in mcp.error("update_list", {"list": str(theirs.pk), "name": "Mine"})
    assert "There is no list" in mcp.error("delete_list", {"list": "Theirs"})
    assert "not found" in mcp.error("delete_label", {"label": "hidden"})
    assert "not found" in mcp.error("rename_label", {"label": "hidden", "name": "mine"})
    assert "not found" in mcp.error("move_task", {"task_id": secret.pk, "direction": "up"})
    assert mcp.ok("list_tasks", {"label": ["hidden"]})["total"] == 0
    assert TaskList.objects.get(pk=theirs.pk).name == "Theirs"
    assert Task.objects.get(pk=secret.pk).labels == ["hidden"]
