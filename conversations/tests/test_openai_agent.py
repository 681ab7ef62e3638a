"""The openai agent end to end: the chat API → a fake OpenAI-compatible server on loopback → the task tools."""

import json
import socket

import pytest

from conversations.agents.openai import MAX_TOOL_ROUNDS
from conversations.models import Message
from mcp_bridge.toolbox import tool_specs
from tasks.models import Task

from .fake_openai import Failure, answer, tool_call

CHAT = "/api/chat/"


def test_the_model_calls_a_tool_and_its_answer_is_returned_and_stored(api, user, fake_openai):
    fake_openai.will_answer(tool_call("add_task", {"title": "Buy groceries"}), answer("Added “Buy groceries”."))
    response = api.post(CHAT, {"message": "Add a task to buy groceries"})
    assert response.status_code == 200
    task = Task.objects.for_user(user).get()
    assert task.title == "Buy groceries"
    body = response.json()
    assert body["response"] == "Added “Buy groceries”."
    assert body["tool_calls"] == [
        {
            "name": "add_task",
            "arguments": {"title": "Buy groceries"},
            "result": {"task_id": task.pk, "number": task.number, "status": "created", "title": "Buy groceries"},
        }
    ]
    stored = Message.objects.for_user(user).filter(role="assistant").get()
    assert (stored.content, stored.tool_calls) == (body["response"], body["tool_calls"])


def test_the_request_carries_the_model_key_tools_and_the_tool_result(api, user, fake_openai):
    fake_openai.will_answer(tool_call("add_task", {"title": "Pay bills"}, call_id="call_abc"), answer("Done!"))
    api.post(CHAT, {"message": "remind me to pay bills"})
    first, second = fake_openai.requests
    assert first["path"] == "/v1/chat/completions"
    assert first["headers"]["Authorization"] == "Bearer sk-test-key"
    assert first["json"]["model"] == "fake-model"
    assert first["json"]["tools"] == [
        {
            "type": "function",
            "function": {"name": spec["name"], "description": spec["description"], "parameters": spec["input_schema"]},
        }
        for spec in tool_specs()
    ]
    assert {tool["function"]["name"] for tool in first["json"]["tools"]} == {
        "add_task",
        "list_tasks",
        "complete_task",
        "delete_task",
        "update_task",
        "skip_task",
        "list_activity",
        "undo_activity",
        "add_list",
        "update_list",
        "delete_list",
        "list_lists",
        "rename_label",
        "delete_label",
        "move_task",
    }
    assert [m["role"] for m in first["json"]["messages"]] == ["system", "user"]
    assert first["json"]["messages"][1]["content"] == "remind me to pay bills"
    tool_message = second["json"]["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_abc"
    task = Task.objects.get()
    assert json.loads(tool_message["content"]) == {
        "task_id": task.pk,
        "number": task.number,
        "status": "created",
        "title": "Pay bills",
    }


def test_the_history_sent_to_the_model_comes_from_the_database(api, user, make_task, fake_openai):
    task = make_task(user, "Call mom")
    fake_openai.will_answer(tool_call("list_tasks", {"status": "pending"}), answer("You have: Call mom."))
    conversation_id = api.post(CHAT, {"message": "What's pending?"}).json()["conversation_id"]
    fake_openai.requests.clear()
    fake_openai.will_answer(tool_call("complete_task", {"task_id": task.pk}), answer("Marked “Call mom” done."))
    api.post(CHAT, {"message": "mark it done", "conversation_id": conversation_id})
    sent = fake_openai.requests[0]["json"]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "tool", "assistant", "user"]
    assert sent[1]["content"] == "What's pending?"
    assert sent[2]["tool_calls"][0]["function"] == {"name": "list_tasks", "arguments": '{"status": "pending"}'}
    assert sent[3]["tool_call_id"] == sent[2]["tool_calls"][0]["id"]
    assert json.loads(sent[3]["content"])["tasks"][0]["title"] == "Call mom"
    assert sent[4]["content"] == "You have: Call mom."
    assert sent[5]["content"] == "mark it done"
    task.refresh_from_db()
    assert task.completed


@pytest.mark.parametrize(
    ("name", "arguments", "error"),
    [
        ("complete_task", {"task_id": 424242}, "Task 424242 not found"),
        ("add_task", {"title": ""}, "title"),
        ("add_task", "{not json", "arguments"),
        ("drop_database", {}, "Unknown tool: drop_database"),
    ],
)
def test_a_refused_tool_call_is_recorded_and_its_error_given_back_to_the_model(
    api, fake_openai, name, arguments, error
):
    fake_openai.will_answer(tool_call(name, arguments), answer("Sorry, that did not work."))
    body = api.post(CHAT, {"message": "do the thing"}).json()
    assert body["response"] == "Sorry, that did not work."
    assert error in body["tool_calls"][0]["error"]
    assert error in json.loads(fake_openai.requests[1]["json"]["messages"][-1]["content"])["error"]
    assert not Task.objects.exists()


def test_the_model_cannot_reach_another_users_task(api, other_user, make_task, fake_openai):
    secret = make_task(other_user, "Secret plan")
    fake_openai.will_answer(tool_call("delete_task", {"task_id": secret.pk}), answer("Deleted."))
    body = api.post(CHAT, {"message": f"delete task {secret.pk}"}).json()
    assert body["tool_calls"][0]["error"] == f"Task {secret.pk} not found"
    assert Task.objects.filter(pk=secret.pk).exists()


def test_the_tool_loop_is_bounded(api, fake_openai):
    fake_openai.repeat_last = True
    fake_openai.will_answer(tool_call("list_tasks", {}))
    response = api.post(CHAT, {"message": "loop forever"})
    assert response.status_code == 200
    assert len(fake_openai.requests) == MAX_TOOL_ROUNDS + 1
    assert fake_openai.requests[-1]["json"]["tool_choice"] == "none"
    assert all("tool_choice" not in request["json"] for request in fake_openai.requests[:-1])
    assert len(response.json()["tool_calls"]) == MAX_TOOL_ROUNDS
    assert response.json()["response"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "failure",
    [
        Failure(500),
        Failure(401, '{"error": {"message": "bad key"}}'),
        Failure(429),
        Failure(200, "not json"),
        Failure(200, '{"choices": []}'),
        Failure(200, '{"choices": [{"message": "text"}]}'),
        Failure(200, "[]"),
        Failure(200, "", delay=1.5),
        "connection refused",
    ],
)
def test_when_the_endpoint_fails_the_message_is_kept_and_the_answer_is_503(api, user, settings, fake_openai, failure):
    if failure == "connection refused":
        settings.OPENAI_BASE_URL = f"http://127.0.0.1:{_closed_port()}/v1"
    else:
        fake_openai.will_answer(failure)
    settings.TODO_AGENT_TIMEOUT = 0.5
    response = api.post(CHAT, {"message": "Add a task to buy groceries"})
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "assistant_unavailable"
    assert "unavailable" in body["detail"] and "saved" in body["detail"]
    assert "boom" not in body["detail"] and "sk-test-key" not in json.dumps(body)
    kept = Message.objects.for_user(user).get()
    assert (kept.role, kept.content, kept.conversation_id) == (
        "user",
        "Add a task to buy groceries",
        body["conversation_id"],
    )


def test_after_a_failure_the_same_conversation_can_be_retried(api, user, fake_openai):
    fake_openai.will_answer(Failure(503))
    conversation_id = api.post(CHAT, {"message": "Add a task to buy groceries"}).json()["conversation_id"]
    fake_openai.will_answer(tool_call("add_task", {"title": "Buy groceries"}), answer("Added it."))
    retry = api.post(CHAT, {"message": "Add a task to buy groceries", "conversation_id": conversation_id})
    assert retry.status_code == 200
    roles = list(Message.objects.filter(conversation_id=conversation_id).in_order().values_list("role", flat=True))
    assert roles == ["user", "user", "assistant"]
    # The failed turn's message is history the model sees on the retry.
    assert [m["role"] for m in fake_openai.requests[1]["json"]["messages"]] == ["system", "user", "user"]


def test_tools_that_ran_before_a_failure_are_recorded_so_a_retry_knows(api, user, fake_openai):
    fake_openai.will_answer(tool_call("add_task", {"title": "Buy groceries"}), Failure(502))
    response = api.post(CHAT, {"message": "Add a task to buy groceries"})
    assert response.status_code == 503
    task = Task.objects.for_user(user).get()
    stored = list(Message.objects.for_user(user).in_order().values_list("role", "tool_calls"))
    assert stored == [
        ("user", []),
        (
            "assistant",
            [
                {
                    "name": "add_task",
                    "arguments": {"title": "Buy groceries"},
                    "result": {
                        "task_id": task.pk,
                        "number": task.number,
                        "status": "created",
                        "title": "Buy groceries",
                    },
                }
            ],
        ),
    ]
    fake_openai.requests.clear()
    fake_openai.will_answer(answer("It's already on your list."))
    api.post(CHAT, {"message": "did that work?", "conversation_id": response.json()["conversation_id"]})
    sent = fake_openai.requests[0]["json"]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "tool", "assistant", "user"]
    assert Task.objects.count() == 1
