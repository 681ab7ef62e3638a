"""Tool arguments the database cannot take (issue 19, "500s"): tool errors naming the field, nothing written,
where they used to be "Internal error"."""

import pytest

from tasks.models import Task


@pytest.mark.parametrize(
    ("tool", "arguments", "field"),
    [
        ("add_task", {"title": "Buy\x00milk"}, "title"),
        ("add_task", {"title": "Buy milk", "description": "\x00"}, "description"),
        ("add_task", {"title": "Buy milk", "idempotency_key": "key\x00"}, "idempotency_key"),
        ("list_tasks", {"search": "milk\x00"}, "search"),
        ("list_tasks", {"offset": 2**63}, "offset"),
    ],
)
def test_mcp_arguments_that_the_database_cannot_take_are_tool_errors_naming_the_field(mcp, tool, arguments, field):
    message = mcp.error(tool, arguments)
    assert field in message.split(":")[0], message
    assert "Internal error" not in message and "Traceback" not in message
    assert not Task.objects.exists()


def test_a_null_character_in_an_update_is_refused_and_changes_nothing(mcp, user, make_task):
    task = make_task(user, "Keep me")
    message = mcp.error("update_task", {"task_id": task.pk, "title": "x\x00"})
    assert message.startswith("title: ")
    assert Task.objects.get(pk=task.pk).title == "Keep me"
