"""The chat turn service: what is stored, when, for whom, and under races."""

import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from conversations import services
from conversations.agents import AgentReply, AssistantUnavailable, Turn
from conversations.models import Conversation, Message
from tasks.activity import Actor
from tasks.models import Activity
from todo_project.errors import Unavailable


class RecordingAgent:
    """Answers with a fixed sentence and remembers the history it was given."""

    def __init__(self):
        self.histories: list[list[Turn]] = []
        self.actors: list[Actor] = []

    def reply(self, user, *, history: Sequence[Turn], message: str, actor: Actor) -> AgentReply:
        self.histories.append(list(history))
        self.actors.append(actor)
        return AgentReply(content=f"echo: {message}", tool_calls=[{"name": "x", "arguments": {}, "result": {}}])


@pytest.fixture
def recording_agent(monkeypatch) -> RecordingAgent:
    agent = RecordingAgent()
    monkeypatch.setattr(services, "get_agent", lambda: agent)
    return agent


def test_a_first_message_starts_a_conversation_titled_after_it(user):
    reply = services.send_message(user, message="  Add a task to buy groceries  ")
    conversation = Conversation.objects.for_user(user).get(pk=reply.conversation_id)
    assert conversation.title == "Add a task to buy groceries"
    stored = list(services.conversation_messages(user, conversation).values_list("role", "content", "user"))
    assert stored == [("user", "Add a task to buy groceries", user.pk), ("assistant", reply.response, user.pk)]
    assert conversation.updated_at == Message.objects.latest("created_at", "id").created_at


def test_a_long_first_line_is_shortened_for_the_title(user):
    reply = services.send_message(user, message="add " + "word " * 100 + "\nsecond line")
    title = Conversation.objects.get(pk=reply.conversation_id).title
    assert len(title) <= Conversation.TITLE_MAX_LENGTH and title.endswith("…")


def test_each_turn_gives_the_agent_the_stored_history_and_appends_in_order(user, recording_agent):
    first = services.send_message(user, message="one")
    services.send_message(user, message="two", conversation_id=first.conversation_id)
    third = services.send_message(user, message="three", conversation_id=first.conversation_id)
    assert third.conversation_id == first.conversation_id
    assert [(turn.role, turn.content) for turn in recording_agent.histories[2]] == [
        ("user", "one"),
        ("assistant", "echo: one"),
        ("user", "two"),
        ("assistant", "echo: two"),
    ]
    assert recording_agent.histories[2][1].tool_calls == [{"name": "x", "arguments": {}, "result": {}}]
    # The agent acts as the conversation, each turn a group of its own (so "undo" takes back one turn).
    assert {(actor.channel, actor.name) for actor in recording_agent.actors} == {
        ("chat", f"conversation {first.conversation_id}")
    }
    assert len({actor.group_id for actor in recording_agent.actors}) == 3
    contents = list(
        Message.objects.filter(conversation_id=first.conversation_id).in_order().values_list("content", flat=True)
    )
    assert contents == ["one", "echo: one", "two", "echo: two", "three", "echo: three"]


def test_the_agent_sees_only_the_latest_messages_of_a_long_conversation(user, recording_agent, monkeypatch):
    monkeypatch.setattr(services, "HISTORY_LIMIT", 3)
    first = services.send_message(user, message="one")
    services.send_message(user, message="two", conversation_id=first.conversation_id)
    services.send_message(user, message="three", conversation_id=first.conversation_id)
    assert [turn.content for turn in recording_agent.histories[2]] == ["echo: one", "two", "echo: two"]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("", "blank"),
        ("   \n\t ", "blank"),
        ("x" * 4001, "4000"),
        (None, "string"),
        (42, "string"),
    ],
)
def test_a_bad_message_is_refused_before_anything_is_written(user, message, reason):
    with pytest.raises(ValidationError) as error:
        services.send_message(user, message=message)
    assert reason in " ".join(error.value.message_dict["message"])
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_a_message_of_exactly_the_limit_is_accepted(user, recording_agent):
    services.send_message(user, message="y" * 4000)
    assert Message.objects.filter(role="user").get().content == "y" * 4000


@pytest.mark.parametrize("conversation_id", [999999, 0, -1, "abc", 2**70])
def test_a_missing_conversation_is_not_found_and_nothing_is_written(user, conversation_id):
    with pytest.raises(services.ConversationNotFound):
        services.send_message(user, message="hello", conversation_id=conversation_id)
    assert not Message.objects.exists()


def test_another_users_conversation_is_not_found_and_untouched(user, other_user):
    theirs = services.send_message(other_user, message="add a task to plan the surprise")
    with pytest.raises(services.ConversationNotFound, match=f"Conversation {theirs.conversation_id} not found"):
        services.send_message(user, message="show my tasks", conversation_id=theirs.conversation_id)
    with pytest.raises(services.ConversationNotFound):
        services.get_conversation(user, theirs.conversation_id)
    with pytest.raises(services.ConversationNotFound):
        services.delete_conversation(user, theirs.conversation_id)
    assert Message.objects.filter(conversation_id=theirs.conversation_id).count() == 2
    assert not services.list_conversations(user).exists()


def test_a_clock_that_steps_back_does_not_reorder_the_conversation(user, recording_agent):
    first = services.send_message(user, message="one")
    # The last write was stamped an hour ahead, as by a server whose clock has since been set back.
    ahead = timezone.now() + timedelta(hours=1)
    Message.objects.filter(role="assistant").update(created_at=ahead)
    Conversation.objects.filter(pk=first.conversation_id).update(updated_at=ahead)
    services.send_message(user, message="two", conversation_id=first.conversation_id)
    messages = list(Message.objects.filter(conversation_id=first.conversation_id).in_order())
    assert [message.content for message in messages] == ["one", "echo: one", "two", "echo: two"]
    assert all(message.created_at >= ahead for message in messages[1:])
    assert Conversation.objects.get(pk=first.conversation_id).updated_at == messages[-1].created_at
    # "two" was answered knowing what came before it, in order.
    assert [turn.content for turn in recording_agent.histories[1]] == ["one", "echo: one"]


class DeletingAgent:
    """The person deletes the conversation (in another tab) while the assistant is thinking."""

    def reply(self, user, *, history, message, actor):
        Conversation.objects.filter(user=user).delete()
        return AgentReply(content="too late")


def test_a_conversation_deleted_while_the_agent_ran_stores_no_reply(user, monkeypatch):
    started = services.send_message(user, message="hello")
    monkeypatch.setattr(services, "get_agent", DeletingAgent)
    with pytest.raises(services.ConversationNotFound):
        services.send_message(user, message="and then", conversation_id=started.conversation_id)
    assert not Message.objects.exists() and not Conversation.objects.exists()


class FailingAgent:
    def __init__(self, error: Exception):
        self.error = error

    def reply(self, user, *, history, message, actor):
        raise self.error


@pytest.mark.parametrize("error", [AssistantUnavailable(), RuntimeError("a bug in an agent")])
def test_when_the_agent_fails_the_users_message_is_kept_and_the_assistant_is_unavailable(user, monkeypatch, error):
    monkeypatch.setattr(services, "get_agent", lambda: FailingAgent(error))
    with pytest.raises(AssistantUnavailable) as raised:
        services.send_message(user, message="add a task to retry later")
    stored = Message.objects.for_user(user).get()
    assert (stored.role, stored.content) == ("user", "add a task to retry later")
    assert raised.value.conversation_id == stored.conversation_id
    assert isinstance(raised.value, Unavailable)


def test_deleting_a_conversation_deletes_its_messages_only(user, recording_agent):
    kept = services.send_message(user, message="keep me")
    gone = services.send_message(user, message="delete me")
    services.delete_conversation(user, gone.conversation_id)
    assert list(services.list_conversations(user).values_list("pk", flat=True)) == [kept.conversation_id]
    assert set(Message.objects.values_list("conversation_id", flat=True)) == {kept.conversation_id}


def test_conversations_are_listed_by_latest_activity(user, recording_agent):
    older = services.send_message(user, message="older")
    newer = services.send_message(user, message="newer")
    assert list(services.list_conversations(user).values_list("pk", flat=True)) == [
        newer.conversation_id,
        older.conversation_id,
    ]
    services.send_message(user, message="back to the older one", conversation_id=older.conversation_id)
    assert list(services.list_conversations(user).values_list("pk", flat=True)) == [
        older.conversation_id,
        newer.conversation_id,
    ]


class MeetingAgent:
    """Waits until both racing turns are inside the agent, so their writes truly interleave."""

    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=20)

    def reply(self, user, *, history, message, actor):
        self.barrier.wait()
        return AgentReply(content=f"reply to {message}")


@pytest.mark.django_db(transaction=True)
def test_two_turns_racing_on_one_conversation_both_land_in_order(make_user, monkeypatch):
    owner = make_user("racer")
    conversation_id = services.send_message(owner, message="start").conversation_id
    agent = MeetingAgent()
    monkeypatch.setattr(services, "get_agent", lambda: agent)
    errors: list[BaseException] = []

    def turn(text: str) -> None:
        try:
            services.send_message(owner, message=text, conversation_id=conversation_id)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=turn, args=(text,)) for text in ("first racer", "second racer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    messages = list(Message.objects.filter(conversation_id=conversation_id).in_order())
    contents = [message.content for message in messages]
    assert [message.role for message in messages] == ["user", "assistant", "user", "user", "assistant", "assistant"]
    assert contents[0] == "start"
    # Both users' messages were stored before either agent answered (the barrier saw to that).
    assert sorted(contents[2:4]) == ["first racer", "second racer"]
    assert sorted(contents[4:]) == ["reply to first racer", "reply to second racer"]
    assert [message.created_at for message in messages] == sorted(message.created_at for message in messages)
    assert Conversation.objects.get(pk=conversation_id).updated_at == messages[-1].created_at


def test_the_assistants_changes_are_recorded_as_the_conversations(user):
    reply = services.send_message(user, message="add buy milk")
    (change,) = Activity.objects.for_user(user)
    assert (change.channel, change.actor, change.action) == ("chat", f"conversation {reply.conversation_id}", "created")
    assert change.group_id == reply.activity_group == Message.objects.get(role="assistant").activity_group
