"""Taking your data out: everything a person has as one JSON document, and their tasks as CSV.

Every read goes through ``for_user``: an export holds the person's own rows
and nothing else. The JSON carries a format name and version so an import can
tell it apart from other files.
"""

import csv
import io
from collections.abc import Iterator
from typing import Any, Final

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone

from conversations.models import Conversation, Message
from tasks import services
from tasks.activity_api import ACTIVITY_FIELDS as ACTIVITY_API_FIELDS
from tasks.fields import SHOWN
from tasks.models import INBOX, Activity, Label, Task, TaskList

FORMAT: Final = "todo-export"
VERSION: Final = 1
TASK_FIELDS: Final = tuple(name for name in SHOWN if name != "id")
"""A task as exported: what the API shows but its database id (a number is the person's own)."""
ACTIVITY_FIELDS: Final = tuple(name for name in ACTIVITY_API_FIELDS if name not in {"group_id", "undoes", "undone_by"})
"""A record as exported: what the API shows of it but the links between records (groups, undos)."""
CSV_FIELDS: Final = tuple(
    "list" if name == "list_id" else name for name in TASK_FIELDS if name not in {"reminders", "position"}
)
"""A task as a CSV row: its list by name, labels comma-separated, steps as "[x] done | still to do" (a
spreadsheet has no good column for reminders or a place in a list; the JSON has them)."""
ENCODER: Final = DjangoJSONEncoder


def everything(user) -> dict[str, Any]:
    """All the person's data: profile, lists and labels, tasks (oldest first; ``list_id`` is one of ``lists``),
    the activity log, conversations with messages."""
    reminding = services.reminder_settings(user)
    messages: dict[int, list[dict[str, Any]]] = {}
    for message in (
        Message.objects.for_user(user)
        .order_by("conversation_id", "created_at", "id")
        .values("conversation_id", "role", "content", "tool_calls", "created_at")
    ):
        messages.setdefault(message.pop("conversation_id"), []).append(message)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "profile": {
            "username": user.get_username(),
            "email": user.email,
            "time_zone": services.time_zone_name(user),
            "remind_by_default": reminding.remind_by_default,
            "email_reminders": reminding.email_reminders,
        },
        "lists": list(TaskList.objects.for_user(user).order_by("id").values("id", "name", "colour", "archived")),
        "labels": list(Label.objects.for_user(user).order_by("id").values_list("name", flat=True)),
        "tasks": list(Task.objects.for_user(user).order_by("number").values(*TASK_FIELDS)),
        "activity": list(Activity.objects.for_user(user).order_by("id").values(*ACTIVITY_FIELDS)),
        "conversations": [
            {**conversation, "messages": messages.get(conversation.pop("id"), [])}
            for conversation in Conversation.objects.for_user(user).order_by("id").values("id", "title", "created_at")
        ],
    }


def tasks_csv(user) -> Iterator[str]:
    """The person's tasks as CSV lines, a header first, oldest task first (streamed: no list is held whole)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    names = {found.pk: found.name for found in TaskList.objects.for_user(user)}
    columns = tuple("list_id" if name == "list" else name for name in CSV_FIELDS)
    yield line(list(CSV_FIELDS))
    for task in Task.objects.for_user(user).order_by("number").values_list(*columns).iterator(chunk_size=2000):
        yield line([_cell(name, value, names) for name, value in zip(columns, task, strict=True)])


def _cell(name: str, value: Any, lists: dict[int, str]) -> Any:
    if name == "list_id":
        return lists.get(value, INBOX)
    if name == "labels":
        return ", ".join(value)
    if name == "steps":
        return " | ".join(f"{'[x] ' if step['done'] else ''}{step['title']}" for step in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def download(user, kind: str) -> HttpResponse:
    """The download of ``kind`` (json or csv), named by person and day; a 400 for any other kind."""
    if kind not in {"json", "csv"}:
        return JsonResponse({"as": ["Must be json or csv."]}, status=400)
    name = f"todo-{user.get_username()}-{timezone.localdate():%Y-%m-%d}"
    if kind == "csv":
        response: HttpResponse = StreamingHttpResponse(tasks_csv(user), content_type="text/csv; charset=utf-8")
    else:
        response = JsonResponse(everything(user), encoder=ENCODER, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
