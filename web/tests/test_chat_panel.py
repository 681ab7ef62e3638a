"""The chat panel: sending, what each reply did, the list refreshing, failures, and other people's chats."""

import pytest

from conversations import services as chat
from conversations.models import Conversation, Message
from conversations.tests.fake_openai import Failure
from tasks.models import Task

from .conftest import htmx


def test_sending_with_htmx_answers_the_panel_and_tells_the_list_to_refresh(signed_in, user):
    response = signed_in.post("/chat/", {"message": "add call the plumber", "state": "status=pending"}, headers=htmx())
    content = response.content.decode()
    task = Task.objects.for_user(user).get()
    assert task.title == "Call the plumber"
    assert response["HX-Trigger"] == '{"tasksChanged": {}}'
    assert 'id="chat-panel"' in content
    assert f"✓ Added ‘Call the plumber’ (#{task.number})" in content
    message = Message.objects.get(role="assistant")
    assert f"/activity/groups/{message.activity_group}/undo/" in content


def test_a_reply_that_changed_nothing_does_not_refresh_the_list(signed_in, user):
    response = signed_in.post("/chat/", {"message": "what's pending?"}, headers=htmx())
    assert "HX-Trigger" not in response
    assert Message.objects.get(role="assistant").activity_group is None


def test_sending_without_javascript_redirects_to_the_conversation(signed_in, user):
    response = signed_in.post("/chat/", {"message": "add buy milk", "state": "q=milk"})
    conversation = Conversation.objects.get()
    assert response["Location"] == f"/tasks/?q=milk&chat={conversation.pk}"
    page = signed_in.get(response["Location"])
    assert page.context["chat_messages"][0]["content"] == "add buy milk"


def test_messages_show_in_order_and_the_history_lists_past_conversations(signed_in, user):
    first = chat.send_message(user, message="add buy milk")
    chat.send_message(user, message="what's pending?", conversation_id=first.conversation_id)
    other = chat.send_message(user, message="hello")
    page = signed_in.get("/tasks/", {"chat": first.conversation_id})
    said = [(m["role"], m["content"]) for m in page.context["chat_messages"] if m["role"] == "user"]
    assert said == [("user", "add buy milk"), ("user", "what's pending?")]
    assert [m["role"] for m in page.context["chat_messages"]] == ["user", "assistant", "user", "assistant"]
    assert [item["conversation"].pk for item in page.context["conversations"]] == [
        other.conversation_id,
        first.conversation_id,
    ]
    # Without a choice, the most recent conversation is open; "new" opens an empty one.
    assert signed_in.get("/tasks/").context["conversation"].pk == other.conversation_id
    assert signed_in.get("/tasks/", {"chat": "new"}).context["chat_messages"] == []


@pytest.mark.parametrize(("message", "error"), [("", "This field is required."), ("x" * 4001, "at most 4000")])
def test_a_bad_message_is_an_error_beside_the_box_and_stores_nothing(signed_in, message, error):
    fragment = signed_in.post("/chat/", {"message": message}, headers=htmx())
    assert fragment.status_code == 200 and error in fragment.content.decode()
    page = signed_in.post("/chat/", {"message": message})
    assert page.status_code == 400 and error in " ".join(page.context["chat_form"].errors["message"])
    assert not Message.objects.exists()


def test_when_the_assistant_is_down_the_text_is_kept_with_a_friendly_message(signed_in, user, fake_openai):
    fake_openai.will_answer(Failure(status=500))
    response = signed_in.post("/chat/", {"message": "add call the plumber"}, headers=htmx())
    content = response.content.decode()
    assert "The assistant is unavailable right now" in content
    assert "add call the plumber</textarea>" in content  # the person's text, ready to send again
    stored = Message.objects.get()
    assert (stored.role, stored.content) == ("user", "add call the plumber")
    assert f'value="{stored.conversation_id}"' in content  # and the retry goes to the same conversation
    page = signed_in.post("/chat/", {"message": "add call the plumber", "conversation": stored.conversation_id})
    assert page.status_code == 503 and "unavailable" in page.content.decode()


def test_another_users_conversation_is_not_found(signed_in, other_user):
    theirs = chat.send_message(other_user, message="add plan the surprise party")
    assert signed_in.get("/tasks/", {"chat": theirs.conversation_id}).status_code == 404
    posted = signed_in.post("/chat/", {"message": "delete the surprise task", "conversation": theirs.conversation_id})
    assert posted.status_code == 404
    assert Message.objects.filter(conversation_id=theirs.conversation_id).count() == 2
    assert Task.objects.for_user(other_user).count() == 1
