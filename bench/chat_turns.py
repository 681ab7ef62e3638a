"""Chat turn latency in process: ``conversations.services.send_message`` with the rules agent.

Runs inside Django (see bench/django_side.py). Every turn goes to a different
seeded conversation that holds exactly ``history`` messages, so each sees the
same history length; users are spread over the whole table. The messages are
the everyday phrasings of SPEC (list, pending, add, complete, completed), in
rotation. The timer covers what POST /api/chat/ does after authentication:
load the conversation, store the message, run the agent and its tools, store
the reply.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count

from conversations import services as chat
from conversations.models import Conversation
from tasks.models import Task

PHRASES: Sequence[tuple[str, str]] = (
    ("list all", "Show me all my tasks"),
    ("pending", "What's pending?"),
    ("add", "Add a task to buy bread"),
    ("complete", "Mark task {number} as complete"),
    ("completed", "What have I completed?"),
)


def _conversations_with(history: int, wanted: int) -> list[tuple[int, int]]:
    """(conversation id, user id) of up to ``wanted`` conversations holding ``history`` messages, spread out."""
    candidates = list(Conversation.objects.order_by("id").values_list("id", flat=True))
    step = max(1, len(candidates) // max(1, wanted * 2))
    sample = candidates[::step][: wanted * 2]
    sized = (
        Conversation.objects.filter(pk__in=sample)
        .annotate(message_count=Count("messages"))
        .filter(message_count=history)
        .order_by("id")
        .values_list("id", "user_id")
    )
    return list(sized)[:wanted]


def run_chat_turns(
    *, turns: int, history: int, warmup: int, summarize: Callable[[Sequence[float]], Any]
) -> dict[str, Any]:
    picked = _conversations_with(history, turns + warmup)
    if not picked:
        raise SystemExit(f"No conversation holds {history} messages: seed with --messages-per-conversation {history}.")
    users = get_user_model().objects.in_bulk({user_id for _, user_id in picked})
    samples: dict[str, list[float]] = defaultdict(list)
    replies: dict[str, str] = {}
    for turn in range(warmup + turns):
        conversation_id, user_id = picked[turn % len(picked)]
        user = users[user_id]
        kind, template = PHRASES[turn % len(PHRASES)]
        # The number the person sees and types (their own 1, 2, 3...), not the database id.
        number = Task.objects.for_user(user).pending().values_list("number", flat=True).first() or 1
        message = template.format(number=number)
        started = time.perf_counter()
        reply = chat.send_message(user, message=message, conversation_id=conversation_id)
        elapsed = time.perf_counter() - started
        replies.setdefault(kind, reply.response[:120])
        if turn >= warmup:
            samples[kind].append(elapsed)
            samples["all"].append(elapsed)
    return {
        "agent": getattr(settings, "TODO_AGENT", "rules"),
        "history_messages": history,
        "distinct_conversations": len(picked),
        "turns": summarize(samples["all"]),
        "by_message": {kind: summarize(samples[kind]) for kind, _ in PHRASES},
        "sample_replies": replies,
    }
