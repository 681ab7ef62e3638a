"""The list every corpus test starts from, the frozen day, and how a row says what a message must write."""

from datetime import date, timedelta
from typing import Any

from conversations import services

TODAY = date(2026, 12, 1)  # a Tuesday
WRITES = frozenset({"add_task", "update_task", "complete_task", "delete_task", "undo_activity"})
# The list every row starts from, numbered 1-8 in this order.
LIST = [
    ("Buy milk", {"description": "shopping list"}),
    ("Call the bank", {"due_date": TODAY}),
    ("Go to the gym", {"completed": True}),
    ("Write the report", {"priority": "high", "due_date": TODAY + timedelta(days=1)}),
    ("Pay rent", {"due_date": TODAY - timedelta(days=3)}),
    ("Team meeting", {}),
    ("Meeting with Bob", {"priority": "low"}),
    ("Buy eggs", {"description": "shopping list"}),
]


def day(month: int, day_: int, year: int = 2026) -> str:
    return date(year, month, day_).isoformat()


def add(title: str, **fields: Any) -> tuple[str, dict[str, Any]]:
    return ("add_task", {"title": title, **fields})


def complete(number: int) -> tuple[str, dict[str, Any]]:
    return ("complete_task", {"task": number})


def delete(number: int) -> tuple[str, dict[str, Any]]:
    return ("delete_task", {"task": number})


def update(number: int, **fields: Any) -> tuple[str, dict[str, Any]]:
    return ("update_task", {"task": number, **fields})


NOTHING: list = []


def chat(user, *messages: str) -> services.ChatReply:
    conversation_id = None
    reply = None
    for message in messages:
        reply = services.send_message(user, message=message, conversation_id=conversation_id)
        conversation_id = reply.conversation_id
    assert reply is not None
    return reply


def writes(reply: services.ChatReply) -> list[tuple[str, dict[str, Any]]]:
    return [(call["name"], call["arguments"]) for call in reply.tool_calls if call["name"] in WRITES]


def expected_calls(expected: list[tuple[str, dict[str, Any]]], ids: dict[int, int]) -> list:
    calls = []
    for name, arguments in expected:
        arguments = dict(arguments)
        if "task" in arguments:
            arguments = {"task_id": ids.get(arguments.pop("task"), -1), **arguments}
        calls.append((name, arguments))
    return calls
