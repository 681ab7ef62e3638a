"""The chat endpoint and conversation history over HTTP, with real JWTs."""

import pytest
from rest_framework.test import APIClient

from conversations.models import Conversation, Message
from tasks.models import Activity, Task

CHAT = "/api/chat/"
CONVERSATIONS = "/api/conversations/"


def conversation_url(conversation_id) -> str:
    return f"{CONVERSATIONS}{conversation_id}/"


def test_chat_out_of_the_box_adds_a_task_and_answers(api, user):
    response = api.post(CHAT, {"message": "Add a task to buy groceries"})
    assert response.status_code == 200
    body = response.json()
    task = Task.objects.for_user(user).get()
    assert body == {
        "conversation_id": Conversation.objects.for_user(user).get().pk,
        "response": f"Got it! I added “Buy groceries” to your tasks (task {task.number}).",
        "tool_calls": [
            {
                "name": "add_task",
                "arguments": {"title": "Buy groceries"},
                "result": {"task_id": task.pk, "number": task.number, "status": "created", "title": "Buy groceries"},
            }
        ],
        # The turn's changes, to undo them together.
        "activity_group": str(Activity.objects.get(task_id=task.pk, action="created").group_id),
    }


def test_a_conversation_continues_and_its_history_reads_back_in_order(api, user):
    first = api.post(CHAT, {"message": "Add a task to buy groceries"}).json()
    second = api.post(CHAT, {"message": "What's pending?", "conversation_id": first["conversation_id"]}).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert "Buy groceries" in second["response"]
    detail = api.get(conversation_url(first["conversation_id"])).json()
    assert detail["title"] == "Add a task to buy groceries"
    assert [(m["role"], m["content"]) for m in detail["messages"]] == [
        ("user", "Add a task to buy groceries"),
        ("assistant", first["response"]),
        ("user", "What's pending?"),
        ("assistant", second["response"]),
    ]
    assert detail["messages"][1]["tool_calls"] == first["tool_calls"]
    assert detail["messages"][0]["tool_calls"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "message"),
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": "x" * 4001}, "message"),
        ({"message": 42}, "message"),
        ({"message": ["add milk"]}, "message"),
        ({"message": None}, "message"),
        ({"message": "add milk\x00"}, "message"),
        ({"message": "hi", "conversation_id": "abc"}, "conversation_id"),
        ({"message": "hi", "conversation_id": "5"}, "conversation_id"),
        ({"message": "hi", "conversation_id": 1.5}, "conversation_id"),
        ({"message": "hi", "conversation_id": True}, "conversation_id"),
        ({"message": "hi", "conversation_id": 0}, "conversation_id"),
        ({"message": "hi", "conversation_id": 2**64}, "conversation_id"),
        ({"message": "hi", "conversation_id": {"id": 1}}, "conversation_id"),
    ],
)
def test_bad_chat_input_is_400_with_field_messages_and_writes_nothing(api, payload, field):
    response = api.post(CHAT, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Conversation.objects.exists() and not Message.objects.exists() and not Task.objects.exists()


def test_a_lone_surrogate_in_the_json_is_400_not_a_database_error(api):
    response = api.generic("POST", CHAT, '{"message": "add \\ud800 milk"}', content_type="application/json")
    assert response.status_code == 400
    assert "message" in response.json()
    assert not Message.objects.exists()


def test_a_message_of_4000_characters_is_accepted(api):
    assert api.post(CHAT, {"message": "a" * 4000}).status_code == 200


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"add milk"', "null", ""])
def test_malformed_or_non_object_json_is_400(api, body):
    assert api.generic("POST", CHAT, body, content_type="application/json").status_code == 400
    assert not Message.objects.exists()


def test_a_missing_or_another_users_conversation_is_404_on_every_path(api, other_api, user):
    theirs = other_api.post(CHAT, {"message": "Add a task to plan the surprise party"}).json()["conversation_id"]
    for conversation_id in (theirs, 999999):
        response = api.post(CHAT, {"message": "delete the surprise party", "conversation_id": conversation_id})
        assert response.status_code == 404
        assert response.json()["code"] == "conversation_not_found"
        assert api.get(conversation_url(conversation_id)).status_code == 404
        assert api.delete(conversation_url(conversation_id)).status_code == 404
    assert api.get(CONVERSATIONS).json()["results"] == []
    assert Message.objects.filter(conversation_id=theirs).count() == 2
    assert not Message.objects.for_user(user).exists()
    assert Task.objects.get().title == "Plan the surprise party"


def test_chat_never_reaches_another_users_tasks(api, other_user, make_task):
    secret = make_task(other_user, "Secret plan")
    for message in (
        f"delete task {secret.pk}",
        "delete the secret plan",
        "show my tasks",
        f"change task {secret.pk} to hacked",
        "find tasks about secret",
    ):
        body = api.post(CHAT, {"message": message}).json()
        assert "Secret plan" not in body["response"]
    secret.refresh_from_db()
    assert (secret.title, secret.completed) == ("Secret plan", False)


@pytest.mark.parametrize("conversation_id", ["abc", "99999999999999999999999", "-1"])
def test_malformed_conversation_ids_in_the_url_are_404(api, conversation_id):
    assert api.get(conversation_url(conversation_id)).status_code == 404
    assert api.delete(conversation_url(conversation_id)).status_code == 404


def test_the_list_is_paginated_by_recent_activity_and_delete_removes_history(api):
    ids = [api.post(CHAT, {"message": f"add task number {n}"}).json()["conversation_id"] for n in range(3)]
    api.post(CHAT, {"message": "show my tasks", "conversation_id": ids[0]})
    page = api.get(CONVERSATIONS, {"limit": 2}).json()
    assert page["count"] == 3
    assert [item["id"] for item in page["results"]] == [ids[0], ids[2]]
    assert set(page["results"][0]) == {"id", "title", "created_at", "updated_at"}
    assert api.delete(conversation_url(ids[0])).status_code == 204
    assert [item["id"] for item in api.get(CONVERSATIONS).json()["results"]] == [ids[2], ids[1]]
    assert not Message.objects.filter(conversation_id=ids[0]).exists()
    assert Task.objects.count() == 3


def test_every_endpoint_needs_authentication(db):
    anonymous = APIClient()
    assert anonymous.post(CHAT, {"message": "add milk"}, format="json").status_code == 401
    assert anonymous.get(CONVERSATIONS).status_code == 401
    assert anonymous.get(conversation_url(1)).status_code == 401
    assert not Message.objects.exists()


def test_unsupported_methods_are_405(api):
    assert api.get(CHAT).status_code == 405
    assert api.post(CONVERSATIONS, {}).status_code == 405
    assert api.patch(conversation_url(1), {}).status_code == 405


# The JWT's user, COUNT(*) for the total, the page's rows.
LIST_QUERIES = 3


@pytest.mark.parametrize("conversation_count", [1, 20])
def test_the_conversation_list_costs_the_same_queries_whatever_its_size(
    api, user, django_assert_num_queries, conversation_count
):
    Conversation.objects.bulk_create([Conversation(user=user, title=f"c{n}") for n in range(conversation_count)])
    with django_assert_num_queries(LIST_QUERIES):
        response = api.get(CONVERSATIONS)
    assert len(response.json()["results"]) == conversation_count


@pytest.mark.parametrize("message_count", [2, 40])
def test_a_conversation_with_its_messages_costs_the_same_queries_whatever_its_length(
    api, user, django_assert_num_queries, message_count
):
    conversation = Conversation.objects.create(user=user, title="long")
    Message.objects.bulk_create(
        [
            Message(conversation=conversation, user=user, role="user" if n % 2 == 0 else "assistant", content=f"m{n}")
            for n in range(message_count)
        ]
    )
    # The JWT's user, the conversation, its messages.
    with django_assert_num_queries(3):
        response = api.get(conversation_url(conversation.pk))
    assert [m["content"] for m in response.json()["messages"]] == [f"m{n}" for n in range(message_count)]


def test_the_openapi_schema_describes_chat_and_its_503(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    chat = schema["paths"]["/api/chat/"]["post"]
    assert set(chat["responses"]) >= {"200", "503"}
    assert "/api/conversations/{id}/" in schema["paths"]
