"""A chat message stored as one SQL statement, and the history read without the ORM: the only code that writes
messages.

``conversations.services`` calls these. Storing a message takes the
conversation's row lock, moves its activity time and inserts the message in one
statement of data-modifying CTEs: one round trip, atomic by itself, where the
ORM would take five (BEGIN, the locked read, the INSERT, the UPDATE, COMMIT).

The order of a conversation stays the order of its writes. The message is
stamped with ``GREATEST(now, the conversation's updated_at)``, and a racing
statement that waited for the row lock re-reads the row before computing its
new values (PostgreSQL's rule for an UPDATE in READ COMMITTED): each stamp is
at least the one before it, and ids come from the sequence after the lock.
Ties are ordered by id, so (created_at, id) is a total order that matches the
writes.

Every statement is scoped by ``user_id`` as ``Conversation.objects.for_user``
is, and each conversation id has been checked to be a positive 64-bit integer.
"""

import json
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from django.db import connection
from django.utils import timezone
from psycopg.types.json import Jsonb

from .agents import Turn
from .models import Conversation, Message

CONVERSATION_TABLE: Final = Conversation._meta.db_table
MESSAGE_TABLE: Final = Message._meta.db_table

_APPEND: Final = f"""
    WITH conversation AS (
        UPDATE {CONVERSATION_TABLE} SET updated_at = GREATEST(%(now)s, updated_at)
        WHERE id = %(conversation_id)s AND user_id = %(user_id)s
        RETURNING id, user_id, updated_at
    )
    INSERT INTO {MESSAGE_TABLE} (conversation_id, user_id, role, content, tool_calls, activity_group, created_at)
    SELECT id, user_id, %(role)s, %(content)s, %(tool_calls)s, %(activity_group)s, updated_at FROM conversation
    RETURNING id, created_at
"""  # noqa: S608  (identifiers are the models' own; every value is a parameter)

_HISTORY: Final = f"""
    SELECT role, content, tool_calls, activity_group FROM {MESSAGE_TABLE}
    WHERE conversation_id = %(conversation_id)s AND user_id = %(user_id)s
      AND (created_at, id) < (%(created_at)s, %(id)s)
    ORDER BY created_at DESC, id DESC
    LIMIT %(limit)s
"""  # noqa: S608


def append(
    user_id: int,
    conversation_id: int,
    *,
    role: str,
    content: str,
    tool_calls: list[dict[str, Any]],
    activity_group: UUID | None,
) -> tuple[int, datetime] | None:
    """Store a message at the end of the user's conversation: (its id, its stamp); None if there is no such one."""
    params: dict[str, Any] = {
        "user_id": user_id,
        "conversation_id": conversation_id,
        "role": role,
        "content": content,
        "tool_calls": Jsonb(tool_calls),
        "activity_group": activity_group,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_APPEND, params)
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def history_before(user_id: int, conversation_id: int, message: tuple[int, datetime], *, limit: int) -> list[Turn]:
    """The latest ``limit`` messages stored before ``message`` (its id and stamp), oldest first."""
    message_id, created_at = message
    params: dict[str, Any] = {
        "user_id": user_id,
        "conversation_id": conversation_id,
        "created_at": created_at,
        "id": message_id,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(_HISTORY, params)
        rows = cursor.fetchall()
    return [
        # Django's connection reads jsonb as text (JSONField decodes it), so the calls are decoded here.
        Turn(role=role, content=content, tool_calls=json.loads(calls), activity_group=str(group) if group else None)
        for role, content, calls, group in reversed(rows)
    ]
