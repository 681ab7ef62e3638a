"""Conversations: the chat turn, and reading and deleting a user's history.

A chat turn is stateless. It loads the conversation from the database, stores
the user's message in its own short transaction (so the message survives an
agent that fails), runs the agent with no transaction open (a remote model can
take seconds), then stores the assistant's message in a second transaction.
Both writes lock the conversation row, so two turns racing on one conversation
both land, each message stamped inside the lock and never before the one ahead
of it: (created_at, id) is a total order that matches the order of the writes.

Each message is one statement (``store.py``): the lock, the message and the
conversation's activity time in one round trip.
"""

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from tasks.activity import Actor
from todo_project.errors import NotFound, refuse_null_characters
from todo_project.ids import row_id

from . import store
from .agents import AssistantUnavailable, Turn, changed_tasks, get_agent
from .models import Conversation, ConversationQuerySet, Message, MessageQuerySet, Role

logger = logging.getLogger(__name__)

HISTORY_LIMIT = 50
"""How many of the latest messages an agent is given: enough context, bounded cost per turn."""


class ConversationNotFound(NotFound):
    code = "conversation_not_found"

    def __init__(self, conversation_id: object):
        super().__init__(f"Conversation {conversation_id} not found")
        self.conversation_id = conversation_id


@dataclass(frozen=True)
class ChatReply:
    conversation_id: int
    response: str
    tool_calls: list[dict[str, Any]]
    activity_group: UUID | None = None
    """The group of the task changes this turn made (None if it changed nothing), for undoing the turn."""


def list_conversations(user) -> ConversationQuerySet:
    """The user's conversations, most recent activity first."""
    return Conversation.objects.for_user(user).order_by("-updated_at", "-id")


def get_conversation(user, conversation_id: object, *, for_update: bool = False) -> Conversation:
    """The user's conversation; ConversationNotFound if it is missing or someone else's alike."""
    conversations = Conversation.objects.for_user(user)
    if for_update:
        conversations = conversations.select_for_update()
    try:
        return conversations.get(pk=_conversation_pk(conversation_id))
    except Conversation.DoesNotExist:
        raise ConversationNotFound(conversation_id) from None


def recent_conversations(user, *, limit: int) -> list[Conversation]:
    """The user's ``limit`` most recently active conversations (id, title, activity time)."""
    return list(list_conversations(user).only("id", "title", "updated_at")[:limit])


def latest_messages(
    user, conversation: Conversation, *, limit: int, before: int | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """The conversation's latest ``limit`` messages (id, role, content, tool calls, activity group), oldest
    first, or the latest before the message ``before``; and whether earlier ones exist."""
    messages = conversation_messages(user, conversation)
    if before is not None:
        messages = messages.filter(id__lt=before)
    latest = list(
        messages.values("id", "role", "content", "tool_calls", "activity_group").order_by("-created_at", "-id")[
            : limit + 1
        ]
    )
    return list(reversed(latest[:limit])), len(latest) > limit


def conversation_messages(user, conversation: Conversation) -> MessageQuerySet:
    """The conversation's messages in the order they were stored."""
    return Message.objects.for_user(user).filter(conversation=conversation).in_order()


def delete_conversation(user, conversation_id: object) -> None:
    """Delete the user's conversation and all its messages."""
    with transaction.atomic():
        get_conversation(user, conversation_id, for_update=True).delete()


def _title_from(message: str) -> str:
    first_line = message.splitlines()[0].strip() if message.strip() else ""
    limit = Conversation.TITLE_MAX_LENGTH
    return first_line if len(first_line) <= limit else first_line[: limit - 1].rstrip() + "…"


def _validated(message: object) -> str:
    if not isinstance(message, str):
        raise ValidationError({"message": "Must be a string."})
    text = message.strip()
    refuse_null_characters({"message": text})
    if not text:
        raise ValidationError({"message": "This field may not be blank."})
    if len(text) > Message.CONTENT_MAX_LENGTH:
        raise ValidationError(
            {"message": f"Ensure this field has no more than {Message.CONTENT_MAX_LENGTH} characters."}
        )
    return text


def _conversation_pk(conversation_id: object) -> int:
    """A conversation id as the database can take it; ConversationNotFound for anything that cannot be one."""
    pk = row_id(conversation_id)
    if pk is None:
        raise ConversationNotFound(conversation_id)
    return pk


def _begin_turn(user, *, message: str, conversation_id: object | None) -> tuple[int, list[Turn]]:
    """Store the user's message (first creating the conversation if needed); (conversation id, the earlier history).

    The history is read after the message is stored under the conversation's lock, so it holds every
    message written before this one, a racing turn's included, and none written after.
    """
    if conversation_id is None:
        with transaction.atomic():
            pk = Conversation.objects.create(user=user, title=_title_from(message)).pk
            store.append(user.pk, pk, role=Role.USER, content=message, tool_calls=[], activity_group=None)
        return pk, []
    pk = _conversation_pk(conversation_id)
    stored = store.append(user.pk, pk, role=Role.USER, content=message, tool_calls=[], activity_group=None)
    if stored is None:
        raise ConversationNotFound(conversation_id)
    return pk, store.history_before(user.pk, pk, stored, limit=HISTORY_LIMIT)


def _store_reply(
    user, conversation_id: int, *, content: str, tool_calls: list[dict[str, Any]], actor: Actor
) -> UUID | None:
    """Store the assistant's message; the turn's activity group if it changed tasks, for undoing the turn."""
    group = actor.group_id if changed_tasks(tool_calls) else None
    stored = store.append(
        user.pk, conversation_id, role=Role.ASSISTANT, content=content, tool_calls=tool_calls, activity_group=group
    )
    if stored is None:  # deleted while the agent ran
        raise ConversationNotFound(conversation_id)
    return group


def send_message(user, *, message: str, conversation_id: int | None = None) -> ChatReply:
    """One chat turn: store the message, let the agent act on the user's tasks, store and return its reply.

    The agent's changes are recorded as the conversation's, all of one turn in
    one activity group, so "undo" can take back a whole turn.

    Raises ConversationNotFound for a missing or foreign conversation and
    ValidationError for an empty or over-long message, both before anything is
    written; AssistantUnavailable (with ``conversation_id``) when the agent
    fails, after the user's message is safely stored.
    """
    text = _validated(message)
    conversation_pk, history = _begin_turn(user, message=text, conversation_id=conversation_id)
    actor = Actor.for_conversation(conversation_pk)
    try:
        reply = get_agent().reply(user, history=history, message=text, actor=actor)
    except AssistantUnavailable as error:
        error.conversation_id = conversation_pk
        if error.tool_calls:
            # Tools ran before the model failed: record them, or a retry would not know and redo them.
            _store_reply(user, conversation_pk, content=error.message, tool_calls=error.tool_calls, actor=actor)
        raise
    except Exception as error:
        # An agent bug must not lose the turn or answer 500: the message is stored, the user can retry.
        logger.exception("The chat agent failed on conversation %s", conversation_pk)
        raise AssistantUnavailable(conversation_id=conversation_pk) from error
    group = _store_reply(user, conversation_pk, content=reply.content, tool_calls=reply.tool_calls, actor=actor)
    return ChatReply(
        conversation_id=conversation_pk, response=reply.content, tool_calls=reply.tool_calls, activity_group=group
    )
