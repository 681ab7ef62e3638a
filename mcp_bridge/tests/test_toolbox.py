"""The in-process tool API the chat agent uses: same tools, same results, same errors as MCP."""

import pytest
from django.db import transaction

from mcp_bridge.toolbox import ToolCallError, call_tool, tool_specs
from tasks.activity import Actor
from tasks.models import Channel, Task

ACTOR = Actor(Channel.CHAT, "conversation 1")


def test_call_tool_runs_in_the_callers_transaction(db, user):
    def add_then_fail() -> None:
        with transaction.atomic():
            result = call_tool(user, "add_task", {"title": "Buy milk"}, actor=ACTOR)
            assert Task.objects.filter(pk=result["task_id"], user=user).exists()
            raise RuntimeError("roll the caller's transaction back")

    with pytest.raises(RuntimeError):
        add_then_fail()

    assert not Task.objects.exists()


def test_call_tool_acts_only_for_the_given_user(db, user, other_user, make_task):
    foreign = make_task(other_user, "Bob's secret")

    with pytest.raises(ToolCallError) as error:
        call_tool(user, "delete_task", {"task_id": foreign.pk}, actor=ACTOR)

    assert error.value.message == f"Task {foreign.pk} not found"
    assert call_tool(user, "list_tasks", {}, actor=ACTOR) == {"tasks": [], "total": 0}
    assert call_tool(other_user, "list_tasks", {}, actor=ACTOR)["total"] == 1


def test_call_tool_refuses_a_smuggled_user_id_by_name_and_writes_nothing(db, user, other_user):
    with pytest.raises(ToolCallError) as error:
        call_tool(user, "add_task", {"title": "Mine", "user_id": other_user.pk}, actor=ACTOR)

    assert error.value.message == "user_id: Extra inputs are not permitted"
    assert not Task.objects.exists()


def test_call_tool_names_the_bad_field_and_writes_nothing(db, user):
    with pytest.raises(ToolCallError) as error:
        call_tool(user, "add_task", {"title": "Ok", "priority": "urgent"}, actor=ACTOR)

    assert error.value.message == "priority: Input should be 'low', 'medium' or 'high'"
    assert not Task.objects.exists()


@pytest.mark.parametrize(("name", "arguments"), [("nope", {}), ("add_task", ["not", "a", "dict"])])
def test_call_tool_rejects_unknown_tools_and_non_object_arguments(db, user, name, arguments):
    with pytest.raises(ToolCallError):
        call_tool(user, name, arguments, actor=ACTOR)


def test_call_tool_turns_a_crash_into_a_logged_internal_error(db, user, monkeypatch, caplog):
    from tasks import services

    def explode(*args, **kwargs):
        raise RuntimeError("secret connection string")

    monkeypatch.setattr(services, "complete_task", explode)

    with pytest.raises(ToolCallError) as error:
        call_tool(user, "complete_task", {"task_id": 1}, actor=ACTOR)

    assert error.value.message == "Internal error in complete_task; the details are in the server log."
    assert "secret connection string" in caplog.text


def test_list_tasks_costs_one_query_whatever_the_page_size(db, user, make_task, django_assert_num_queries):
    for number in range(30):
        make_task(user, f"Task {number}")

    for limit in (1, 25):
        with django_assert_num_queries(1):
            page = call_tool(user, "list_tasks", {"limit": limit}, actor=ACTOR)
        assert (len(page["tasks"]), page["total"]) == (limit, 30)
    # Past the end the counts still come with the (empty) page: the same one statement.
    with django_assert_num_queries(1):
        assert call_tool(user, "list_tasks", {"offset": 40}, actor=ACTOR) == {"tasks": [], "total": 30}


def test_tool_specs_describe_the_served_tools(mcp):
    served = mcp.tools()

    specs = tool_specs()

    assert [spec["name"] for spec in specs] == list(served)
    for spec in specs:
        assert spec["input_schema"] == served[spec["name"]].input_schema
        assert spec["description"] == served[spec["name"]].description


def test_call_tool_and_mcp_client_agree_on_results_and_errors(mcp, user, other_user, make_task):
    """Parity: the chat agent and an MCP client get the same answers from the same tools."""
    foreign = make_task(other_user, "Bob's secret")
    first = make_task(user, "Call mom", due_date="2030-01-02")
    second = make_task(user, "Pay bills")
    calls = [
        ("list_tasks", {"status": "pending", "limit": 10}),
        ("update_task", {"task_id": first.pk, "priority": "high"}),
        ("complete_task", {"task_id": second.pk}),
        ("complete_task", {"task_id": foreign.pk}),
        ("update_task", {"task_id": first.pk, "title": ""}),
        ("add_task", {"title": "x", "priority": "urgent", "due_date": "soon"}),
        ("list_tasks", {"limit": 500}),
        ("add_task", {"title": "Typo", "priorty": "high"}),
        ("launch_rockets", {}),
    ]

    for name, arguments in calls:
        served = mcp.call(name, arguments)
        if served.is_error:
            with pytest.raises(ToolCallError) as error:
                call_tool(user, name, arguments, actor=ACTOR)
            assert error.value.message == served.content[0].text, name
        elif "status" in served.structured_content:
            # The same write a second time: the same answer, except that it now changes nothing and says so.
            direct = call_tool(user, name, arguments, actor=ACTOR)
            assert direct == served.structured_content | {"status": "unchanged"}, name
        else:
            assert call_tool(user, name, arguments, actor=ACTOR) == served.structured_content, name
