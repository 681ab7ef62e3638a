"""Rows for the reference load (10k users, 1M tasks, 1M messages), and the fastest way in.

Used by ``python -m bench.seed``. The data is made from a seeded RNG and a fixed
reference time, so the same arguments on a fresh database give the same rows.
Rows go in with PostgreSQL's COPY (about 20x faster than INSERTs from Python at
a million rows), bypassing ``Model.save`` and the services on purpose: seed data needs timestamps spread over a year,
which ``auto_now`` fields would overwrite, and a million service calls would
take an hour.
"""

import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import batched
from typing import Any

from django.db import connection, models

REFERENCE_TIME = datetime(2026, 1, 1, tzinfo=UTC)
"""Seeded timestamps fall in the year before this instant, so reruns give equal rows."""

YEAR_SECONDS = 365 * 24 * 3600
BATCH_ROWS = 10_000

_VERBS = ("Buy", "Call", "Email", "Fix", "Plan", "Review", "Write", "Book", "Pay", "Clean", "Schedule", "Read")
_OBJECTS = (
    "groceries",
    "mom",
    "the dentist",
    "the quarterly report",
    "bills",
    "the car",
    "flights to Lisbon",
    "the kitchen",
    "the team meeting",
    "the garden",
    "rent",
    "a birthday present",
    "the landlord",
    "the budget",
    "the slides",
    "the plumber",
    "insurance",
    "the library books",
    "the gym",
    "taxes",
)
_DESCRIPTIONS = (
    "Before the weekend.",
    "Ask Sam first.",
    "Check the receipts in the blue folder.",
    "Needs about an hour.",
    "Remember the discount code.",
    "Call back if nobody answers.",
)
_PRIORITIES = ("low", "medium", "medium", "high")


def username_for(prefix: str, position: int, width: int) -> str:
    return f"{prefix}{position + 1:0{width}d}"


def task_rows(user_ids: Sequence[int], tasks_per_user: int, rng: random.Random) -> Iterator[tuple]:
    """(user_id, number, title, description, completed, priority, due_date, created_at, updated_at) rows.

    Each user's tasks are numbered 1, 2, 3… in the order they were made, as the app numbers them.
    """
    today = REFERENCE_TIME.date()
    for user_id in user_ids:
        made = sorted(REFERENCE_TIME - timedelta(seconds=rng.randrange(YEAR_SECONDS)) for _ in range(tasks_per_user))
        for number, created_at in enumerate(made, start=1):
            due_date: date | None = today + timedelta(days=rng.randrange(-30, 90)) if rng.random() < 0.5 else None
            yield (
                user_id,
                number,
                f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
                rng.choice(_DESCRIPTIONS) if rng.random() < 0.4 else "",
                rng.random() < 0.35,
                rng.choice(_PRIORITIES),
                due_date,
                created_at,
                created_at + timedelta(seconds=rng.randrange(3600)),
            )


def profile_rows(user_ids: Sequence[int], tasks_per_user: int) -> Iterator[tuple]:
    """(user_id, time_zone, last_task_number): each user's task counter, past the tasks seeded."""
    for user_id in user_ids:
        yield (user_id, "", tasks_per_user)


TASK_FIELDS = (
    "user",
    "number",
    "title",
    "description",
    "completed",
    "priority",
    "due_date",
    "created_at",
    "updated_at",
)
PROFILE_FIELDS = ("user", "time_zone", "last_task_number")
CONVERSATION_FIELDS = ("user", "title", "created_at", "updated_at")
MESSAGE_FIELDS = ("conversation", "user", "role", "content", "tool_calls", "created_at")


def _exchange(rng: random.Random) -> tuple[str, str, list[dict[str, Any]]]:
    """One plausible user message, the assistant's answer and the tool calls behind it."""
    task_id = rng.randrange(1, 1000)
    title = f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    match rng.randrange(5):
        case 0:
            return (
                f"Add a task to {title.lower()}",
                f"I've added “{title}” to your tasks.",
                [
                    {
                        "name": "add_task",
                        "arguments": {"title": title},
                        "result": {"task_id": task_id, "status": "created", "title": title},
                    }
                ],
            )
        case 1:
            return (
                "What's pending?",
                f"You have 2 pending tasks: “{title}” and “Pay rent”.",
                [
                    {
                        "name": "list_tasks",
                        "arguments": {"status": "pending"},
                        "result": {"total": 2, "tasks": [{"id": task_id, "title": title}]},
                    }
                ],
            )
        case 2:
            return (
                f"Mark task {task_id} as complete",
                f"Done: “{title}” is complete.",
                [
                    {
                        "name": "complete_task",
                        "arguments": {"task_id": task_id},
                        "result": {"task_id": task_id, "status": "completed", "title": title},
                    }
                ],
            )
        case 3:
            return (
                f"Delete task {task_id}",
                f"I've deleted “{title}”.",
                [
                    {
                        "name": "delete_task",
                        "arguments": {"task_id": task_id},
                        "result": {"task_id": task_id, "status": "deleted", "title": title},
                    }
                ],
            )
        case _:
            return ("thanks!", "You're welcome. Ask me to add, list, complete, update or delete tasks.", [])


@dataclass(frozen=True)
class ConversationPlan:
    """Where each conversation goes and how long it is; made before any row is written."""

    owner_id: int
    message_count: int
    started_at: datetime
    first_message: str


MESSAGE_GAP = timedelta(seconds=30)


def plan_conversations(
    user_ids: Sequence[int], messages: int, per_conversation: int, rng: random.Random
) -> list[ConversationPlan]:
    """Conversations of ``per_conversation`` messages (the last may be shorter), dealt round-robin over the users."""
    plans = []
    remaining = messages
    index = 0
    while remaining > 0:
        count = min(per_conversation, remaining)
        started_at = REFERENCE_TIME - timedelta(seconds=rng.randrange(YEAR_SECONDS))
        plans.append(ConversationPlan(user_ids[index % len(user_ids)], count, started_at, _exchange(rng)[0]))
        remaining -= count
        index += 1
    return plans


def conversation_rows(plans: Sequence[ConversationPlan]) -> Iterator[tuple]:
    for plan in plans:
        last_at = plan.started_at + MESSAGE_GAP * (plan.message_count - 1)
        yield (plan.owner_id, plan.first_message[:200], plan.started_at, last_at)


def message_rows(
    plans: Sequence[ConversationPlan], conversation_ids: Sequence[int], rng: random.Random
) -> Iterator[tuple]:
    """Alternating user/assistant messages; the first user message is the one the title came from."""
    for plan, conversation_id in zip(plans, conversation_ids, strict=True):
        user_id = plan.owner_id
        for position in range(plan.message_count):
            created_at = plan.started_at + MESSAGE_GAP * position
            if position % 2 == 0:
                question, answer, tool_calls = _exchange(rng)
                if position == 0:
                    question = plan.first_message
                yield (conversation_id, user_id, "user", question, "[]", created_at)
            else:
                yield (conversation_id, user_id, "assistant", answer, json.dumps(tool_calls), created_at)


def bulk_insert(
    model: type[models.Model],
    field_names: Sequence[str],
    rows: Iterable[tuple],
    *,
    on_batch: Callable[[int], None] = lambda rows_written: None,
) -> int:
    """Insert rows into ``model``'s table, returning how many; ``on_batch`` reports progress."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    written = 0
    # COPY: psycopg adapts datetimes, dates and booleans itself, and PostgreSQL parses the JSON text.
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for batch in batched(rows, BATCH_ROWS, strict=False):
            for row in batch:
                copy.write_row(row)
            written += len(batch)
            on_batch(len(batch))
    return written


def analyze(*models_to_analyze: type[models.Model]) -> None:
    """Refresh planner statistics, so the first queries after a bulk load pick the indexes.

    Outside a transaction, VACUUM also marks the new pages
    all-visible, so counts are index-only scans from the first request on.
    """
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models_to_analyze:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
