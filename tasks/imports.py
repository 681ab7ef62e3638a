"""Bringing tasks in: our own JSON export, or a Todoist project's CSV export, as one background job.

The file is read and every task checked when it arrives (``start``): a
malformed file is refused with the line (or task) and the reason, and nothing
is written. The checked tasks wait on an ``Import`` row for the worker
(``run``, a Django task), which adds them in batches of one statement each
(``tasks.store.add_many``), moving the row's progress as it goes. Everything
it adds (tasks, and the lists and labels they name) is recorded in the
import's own activity group, so one undo takes the whole import back. It is
one request for the person, so the per-minute write limit does not stop it.
"""

import csv
import io
import json
import re
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any, Final
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from todo_project.errors import validation_messages

from . import order, organize, services, store
from .activity import Actor
from .fields import TRACKED
from .models import INBOX, Channel, Import, ImportStatus, Task
from .reminders import schedule_task

MAX_BYTES: Final = 10 * 1024 * 1024
MAX_TASKS: Final = 20_000
BATCH: Final = 500
EXPORT_FORMAT: Final = "todo-export"
TODOIST_COLUMNS: Final = {"TYPE", "CONTENT"}
TODOIST_PRIORITY: Final = {"1": "high", "2": "medium", "3": "low", "4": "medium", "": "medium"}
"""Todoist's p1 (urgent) is high and p3 low; p4, its "no priority", is our default, medium."""
PLACEHOLDER: Final = "imported"
"""A title put before a DATE so the add box's grammar reads it; whatever it leaves besides this was no date."""
MENTION: Final = re.compile(r"(?<!\S)@([^\W_][\w-]{0,39})")
"""A Todoist label in a task's content: "@errands"."""


def _refused(where: str, reason: str) -> ValidationError:
    return ValidationError({"file": f"{where}: {reason} Nothing was imported."})


def _checked(user, where: str, fields: dict[str, Any]) -> dict[str, Any]:
    """One task of the file as it will be written (every tracked field, in JSON), or the file refused. ``place``
    (an export's ``position``) orders it among its list's tasks; without one, the file's order does."""
    list_name, completed = fields.pop("list", None), bool(fields.pop("completed", False))
    place = fields.pop("place", "")
    try:
        checked = services.new_task(user, **fields)
    except ValidationError as error:
        messages = "; ".join(f"{field}: {' '.join(text)}" for field, text in validation_messages(error).items())
        raise _refused(where, messages) from None
    values = {name: getattr(checked, name) for name in TRACKED}
    values.update(completed=completed, list_id=None, position="")
    row = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return {"task": row, "list": list_name or None, "place": place if isinstance(place, str) else ""}


def read(user, name: str, data: bytes) -> tuple[str, list[dict[str, Any]]]:
    """The kind of file and its tasks, each checked; ValidationError (on ``file``) with where and why."""
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"The file is over {MAX_BYTES // (1024 * 1024)} MB. Nothing was imported."})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refused(f"Byte {error.start + 1}", "this is not UTF-8 text.") from None
    if "\x00" in text:
        raise _refused("The file", "it holds a null character (is it a binary file?).")
    if text.lstrip().startswith("{"):
        return "todo-export", _read_export(user, text)
    return "todoist", _read_todoist(user, name, text)


def _read_export(user, text: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _refused(f"Line {error.lineno}", f"this is not valid JSON ({error.msg}).") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise _refused("Line 1", "this JSON is not a Todo export (its “format” is not “todo-export”).")
    tasks, lists = document.get("tasks"), document.get("lists", [])
    if not isinstance(tasks, list) or not isinstance(lists, list):
        raise _refused("Line 1", "“tasks” and “lists” must be lists.")
    named = {entry.get("id"): entry.get("name") for entry in lists if isinstance(entry, dict)}
    if len(tasks) > MAX_TASKS:
        raise _refused("The file", f"it holds {len(tasks)} tasks; at most {MAX_TASKS} come in at once.")
    rows = []
    for number, given in enumerate(tasks, start=1):
        where = f"Task {number}"
        if not isinstance(given, dict):
            raise _refused(where, "expected an object with a “title”.")
        fields = {
            key: given[key]
            for key in ("title", "description", "priority", "repeat", "reminders", "labels", "steps")
            if key in given
        }
        if given.get("due_date"):
            day = given["due_date"]
            fields["due_date"] = _date(where, day)
            if given.get("due_time"):
                fields["due_time"] = _time(where, given["due_time"])
        fields["completed"] = given.get("completed") is True
        fields["list"] = named.get(given.get("list_id"))
        fields["place"] = given.get("position") or ""
        if "title" not in fields or not isinstance(fields["title"], str):
            raise _refused(where, "a task needs a “title”.")
        rows.append(_checked(user, where, fields))
    return rows


def _date(where: str, value: object) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _refused(where, f"“{value}” is not a date (YYYY-MM-DD).") from None


def _time(where: str, value: object) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise _refused(where, f"“{value}” is not a time (HH:MM).") from None


def _read_todoist(user, name: str, text: str) -> list[dict[str, Any]]:
    """A Todoist project's CSV export: TYPE task at INDENT 1 is a task, deeper ones are its steps, a note adds to
    its description; "@label" words are labels; DATE is read as the app's add box reads dates ("every monday",
    "Dec 4 2026 17:00"). The file's name is the list (a file called Inbox.csv is the Inbox)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {column.strip().upper() for column in reader.fieldnames or ()}
    if not columns >= TODOIST_COLUMNS:
        raise _refused("Line 1", "this is neither a Todo export (JSON) nor a Todoist CSV export (no TYPE and CONTENT).")
    stem = PurePath(name).stem.strip()
    list_name = None if not stem or stem.lower() == INBOX.lower() else stem[:60]
    now = timezone.localtime()
    rows: list[dict[str, Any]] = []
    for line in reader:
        where = f"Line {reader.line_num}"
        row = {key.strip().upper(): (value or "").strip() for key, value in line.items() if key}
        kind = row.get("TYPE", "").lower()
        if kind in {"", "section", "meta"}:
            continue
        if kind == "note":
            if not rows:
                raise _refused(where, "a note before any task.")
            described = rows[-1]["task"]
            described["description"] = (described["description"] + "\n" + row["CONTENT"]).strip()[
                : Task.DESCRIPTION_MAX_LENGTH
            ]
            continue
        if kind != "task":
            raise _refused(where, f"TYPE “{row['TYPE']}” is not task, section or note.")
        content = row.get("CONTENT", "")
        if row.get("INDENT", "1") not in {"", "1"}:
            if not rows:
                raise _refused(where, "a subtask before any task.")
            parent = rows[-1]["task"]
            try:
                parent["steps"] = organize.clean_steps([*parent["steps"], MENTION.sub("", content).strip() or content])
            except ValidationError as error:
                raise _refused(where, " ".join(error.messages)) from None
            continue
        fields: dict[str, Any] = {
            "title": MENTION.sub("", content).strip(),
            "description": row.get("DESCRIPTION", ""),
            "priority": TODOIST_PRIORITY.get(row.get("PRIORITY", ""), None),
            "labels": [match[1] for match in MENTION.finditer(content)],
            "list": list_name,
        }
        if fields["priority"] is None:
            raise _refused(where, f"PRIORITY “{row['PRIORITY']}” is not 1, 2, 3 or 4.")
        if row.get("DATE"):
            fields.update(_when(where, row["DATE"], now))
        rows.append(_checked(user, where, fields))
        if len(rows) > MAX_TASKS:
            raise _refused(where, f"at most {MAX_TASKS} tasks come in at once.")
    if not rows:
        raise _refused("The file", "it holds no tasks.")
    return rows


def _when(where: str, words: str, now: datetime) -> dict[str, Any]:
    """A Todoist DATE: an ISO day or moment ("2030-05-01", "2030-05-01T17:00"), or words ("every monday")."""
    from conversations.understanding.parse import read_task

    try:
        moment = datetime.fromisoformat(words)
    except ValueError:
        pass
    else:
        at = moment.time() if "T" in words or " " in words.strip() else None
        return {"due_date": moment.date(), **({"due_time": at} if at is not None else {})}
    read = read_task(f"{PLACEHOLDER} {words}", now.date(), now=now)
    if isinstance(read, str) or read.title.lower() != PLACEHOLDER:
        raise _refused(where, f"DATE “{words}” is not a date this app can read.")
    said = read.task_fields()
    return {name: said[name] for name in ("due_date", "due_time", "repeat") if name in said}


def start(user, name: str, data: bytes, *, channel: Channel = Channel.WEB) -> Import:
    """Check the file and queue its import; ValidationError (on ``file``) refuses it, writing nothing."""
    kind, rows = read(user, name, data)
    with transaction.atomic():
        job = Import.objects.create(
            user=user, name=name[:200], kind=kind, total=len(rows), rows=rows, group_id=uuid4(), channel=channel
        )
        run.enqueue(job.pk)
    return job


@task()
def run(import_id: int) -> int:
    """Add an import's tasks (the worker runs this); how many it added. Each batch is its own transaction, and
    the progress moves with it; a failure stops the import where it is, and says so on it."""
    with transaction.atomic():
        job = Import.objects.select_for_update().filter(pk=import_id, status=ImportStatus.QUEUED).first()
        if job is None:
            return 0  # already taken by another worker, or done
        Import.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    actor = Actor(Channel(job.channel), f"import {job.name}"[:200], group_id=job.group_id)
    try:
        added = _add(job, actor)
    except Exception as error:
        Import.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    Import.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, rows=[], finished_at=timezone.now())
    return added


def _add(job: Import, actor: Actor) -> int:
    user = job.user
    rows = job.rows
    with transaction.atomic():
        list_ids: dict[str | None, int | None] = {None: None}
        for name in dict.fromkeys(row["list"] for row in rows if row["list"]):
            found = organize.list_named(user, name)
            list_ids[name] = found.pk if found else organize.create_list(user, actor=actor, name=name).pk
        every_label = list(dict.fromkeys(label for row in rows for label in row["task"]["labels"]))
        spelled = dict(
            zip(
                [label.lower() for label in every_label],
                organize.label_names(user, every_label, actor=actor),
                strict=True,
            )
        )
    # Each list's new tasks go on top of it, in the order they had (an export's places), else the file's.
    positions: dict[int, str] = {}
    for list_id in set(list_ids.values()):
        members = [index for index, row in enumerate(rows) if list_ids[row["list"]] == list_id]
        members.sort(key=lambda index: (not rows[index].get("place"), rows[index].get("place") or "", index))
        keys = order.keys(len(members), before=services.top_of(user, list_id))
        positions.update(zip(members, keys, strict=True))
    added = 0
    for start_at in range(0, len(rows), BATCH):
        batch = []
        for index, row in enumerate(rows[start_at : start_at + BATCH], start=start_at):
            values = dict(row["task"])
            values["list_id"] = list_ids[row["list"]]
            values["labels"] = [spelled[label.lower()] for label in values["labels"]]
            values["position"] = positions[index]
            batch.append(values)
        with transaction.atomic():
            written = store.add_many(user.pk, actor, batch)
            for made in written:
                if made.reminders and not made.completed:
                    schedule_task(made)
            added += len(written)
            Import.objects.filter(pk=job.pk).update(done=added)
    return added
