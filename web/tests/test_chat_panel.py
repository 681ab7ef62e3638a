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


def test_a_long_conversation_shows_its_latest_messages_and_the_earlier_ones_on_request(
    signed_in, other_signed_in, user
):
    talk = Conversation.objects.create(user=user, title="Long")
    for number in range(1, 66):
        Message.objects.create(conversation=talk, user=user, role="user", content=f"Message {number}")
    page = signed_in.get("/tasks/")
    shown = [m["content"] for m in page.context["chat_messages"]]
    assert shown == [f"Message {number}" for number in range(36, 66)]
    earlier_url = page.context["earlier_url"]
    assert "Show earlier messages" in page.content.decode()

    fragment = signed_in.get(earlier_url, headers=htmx())
    assert [m["content"] for m in fragment.context["chat_messages"]] == [f"Message {n}" for n in range(6, 36)]
    last = signed_in.get(fragment.context["earlier_url"], headers=htmx())
    assert [m["content"] for m in last.context["chat_messages"]] == [f"Message {n}" for n in range(1, 6)]
    assert last.context["earlier_url"] == "" and "Show earlier" not in last.content.decode()
    # Without JavaScript, a page of them; a bad "before" is the latest; another person's chat is not there.
    assert "<h1" in signed_in.get(earlier_url).content.decode()
    assert len(signed_in.get(earlier_url.split("?")[0] + "?before=abc").context["chat_messages"]) == 30
    assert other_signed_in.get(earlier_url).status_code == 404


def test_past_conversations_show_only_when_there_is_another_to_go_back_to(signed_in, user):
    first = chat.send_message(user, message="add buy milk")
    assert "Past conversations" not in signed_in.get("/tasks/").content.decode()
    assert "Past conversations" in signed_in.get("/tasks/", {"chat": "new"}).content.decode()
    chat.send_message(user, message="hello")
    page = signed_in.get("/tasks/", {"chat": first.conversation_id})
    assert "Past conversations" in page.content.decode()
