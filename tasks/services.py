"""The task operations: what every edge calls to read or change a person's tasks.

Web views, REST views, MCP tools, the chat agent and the admin all call these
functions. Each takes the acting user first, and everything it reads or writes
is scoped to them, so a task that belongs to someone else is indistinguishable
from one that does not exist. Validation lives on the model's fields and runs
here, so every edge reports the same messages. The writes go through
``tasks.store`` (one statement each, with its ``Activity`` record, under the
``Actor`` the edge passes) and every list through ``tasks.queries``.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from todo_project.errors import NotFound, refuse_null_characters
from todo_project.ids import row_id

from . import idempotency, queries, store
from .activity import Actor
from .fields import DUE_FILTERS, ORDERS, STATUSES, TRACKED, DueName, OrderName, StatusName
from .models import Priority, Profile, Task, validate_time_zone


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks an argument of update_task that was not given (None clears due_date)."""


class TaskNotFound(NotFound):
    code = "task_not_found"

    def __init__(self, task_id: object):
        super().__init__(f"Task {task_id} not found")
        self.task_id = task_id


def _validate(task: Task, fields: tuple[str, ...] | None = None) -> None:
    """Run the model's field validators (lengths, choices, dates) before any write; cleaned values stay on ``task``.

    With ``fields``, only those are checked (the values an update brings).
    The user is excluded because ForeignKey validation costs a query and the
    user always comes from authentication; constraints mirror field checks.
    """
    if isinstance(task.title, str):
        task.title = task.title.strip()
    if isinstance(task.description, str):
        task.description = task.description.strip()
    refuse_null_characters({name: getattr(task, name) for name in fields or TRACKED})
    skipped = ["user"]
    if fields is not None:
        skipped += [field.name for field in Task._meta.concrete_fields if field.name not in fields]
    task.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)


def _task_pk(task_id: object) -> int:
    """A task id as the database can take it; TaskNotFound for anything that cannot be one."""
    pk = row_id(task_id)
    if pk is None:
        raise TaskNotFound(task_id)
    return pk


def get_task(user, task_id: object) -> Task:
    """The user's task with this id; TaskNotFound if it is missing, malformed or someone else's."""
    task = Task.objects.for_user(user).filter(pk=_task_pk(task_id)).first()
    if task is None:
        raise TaskNotFound(task_id)
    return task


def time_zone_name(user) -> str:
    """The name of the user's time zone, "" for the server's ``TIME_ZONE`` (no choice made yet)."""
    return Profile.objects.time_zone_of(user.pk)


def set_time_zone(user, name: str) -> str:
    """Make ``name`` the user's time zone ("" for the server's); ValidationError names a zone that does not exist.

    Only the time zone is written: the profile's numbering and counts belong to ``tasks.store``.
    """
    name = name.strip()
    try:
        validate_time_zone(name)
    except ValidationError as error:
        raise ValidationError({"time_zone": error.messages}) from None
    Profile.objects.update_or_create(user=user, defaults={"time_zone": name})
    return name


def local_today(user) -> date:
    """Today where the user is: their profile's time zone, else the server's ``TIME_ZONE``."""
    name = time_zone_name(user)
    return timezone.localdate(timezone=ZoneInfo(name) if name else None)


def _due_bounds(due: DueName, today: date) -> dict[str, Any]:
    """What a due filter keeps, as ``queries.page`` takes it: days (first, last), overdue as of today, or undated."""
    match due:
        case "today":
            return {"due_on": (today, today)}
        case "tomorrow":
            return {"due_on": (today + timedelta(days=1), today + timedelta(days=1))}
        case "week":  # the next seven days, today included
            return {"due_on": (today, today + timedelta(days=6))}
        case "overdue":  # a day that has passed, and still to do
            return {"overdue_on": today}
        case "none":
            return {"undated": True}
    raise ValidationError({"due": f"Must be one of: {', '.join(DUE_FILTERS)}."})


def _phrase(search: str | None) -> str | None:
    """A search as it is matched: trimmed; nothing when blank."""
    refuse_null_characters({"search": search})
    return search.strip() if search and search.strip() else None


def _check_choice(name: str, value: str | None, choices: tuple[str, ...] | list[str]) -> None:
    if value is not None and value not in choices:
        raise ValidationError({name: f"Must be one of: {', '.join(choices)}."})


@dataclass(frozen=True)
class Written:
    """A task after a write that may have changed nothing (setting what it already was): ``changed`` says."""

    task: Task
    changed: bool


@dataclass(frozen=True)
class TaskPage:
    """One page of a user's tasks, as rows of the fields asked for, and how many match by status."""

    rows: list[dict[str, Any]]
    counts: dict[str, int]
    """How many tasks match the filters: ``all``, ``pending``, ``completed`` (whatever the page's status)."""
    status: StatusName

    @property
    def total(self) -> int:
        """How many tasks match the filters and the page's status: what a paged list reports."""
        return self.counts[self.status]


def task_page(
    user,
    *,
    fields: tuple[str, ...],
    offset: int = 0,
    limit: int = 50,
    status: StatusName = "all",
    order: OrderName = "newest",
    search: str | None = None,
    priority: str | None = None,
    due: DueName | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    number: int | None = None,
) -> TaskPage:
    """One page of the user's tasks (``fields`` of each) narrowed by status and filters, in the given order, with
    the count of every status: one statement (``queries.page``), for every list on every edge.

    ``search`` matches title or description; ``due`` is a window of the
    user's own days (today, tomorrow, the next seven, overdue, or undated);
    ``due_before`` and ``due_after`` include the day itself, and a task with no
    due date matches neither. ``order``: ``newest`` first (the default), by
    ``due`` date (soonest first, undated last) or by ``priority`` (high first);
    ties newest first.
    """
    _check_choice("status", status, tuple(STATUSES))
    _check_choice("order", order, ORDERS)
    _check_choice("priority", priority, Priority.values)
    rows, total, done = queries.page(
        user.pk,
        fields,
        offset=offset,
        limit=limit,
        completed=STATUSES[status],
        order=order,
        search=_phrase(search),
        priority=priority,
        due_before=due_before,
        due_after=due_after,
        number=number,
        **(_due_bounds(due, local_today(user)) if due is not None else {}),
    )
    return TaskPage(rows=rows, counts={"all": total, "pending": total - done, "completed": done}, status=status)


def add_task(
    user,
    *,
    actor: Actor,
    title: str,
    description: str = "",
    priority: str = Priority.MEDIUM,
    due_date: date | None = None,
    idempotency_key: str | None = None,
) -> Task:
    """Create a task for the user after validating every field, and record it.

    With an ``idempotency_key``, a retry of the same add (same key, same
    fields, within a day) returns the task the first one created instead of
    adding a duplicate; the same key with other fields is refused.
    """
    task = Task(user=user, title=title, description=description, priority=priority, due_date=due_date)
    _validate(task)
    values = {name: getattr(task, name) for name in TRACKED}
    if idempotency_key is None:
        return store.add(user.pk, actor, values)
    return idempotency.add_once(user, idempotency_key, task, insert=lambda: store.add(user.pk, actor, values))


def update_task(
    user,
    task_id: object,
    *,
    actor: Actor,
    title: str | _Unset = UNSET,
    description: str | _Unset = UNSET,
    priority: str | _Unset = UNSET,
    due_date: date | _Unset | None = UNSET,
    completed: bool | _Unset = UNSET,
) -> Written:
    """Change the given fields of the user's task; fields left UNSET keep their value.

    Only fields whose value really changes are written and recorded; an
    update that changes nothing writes nothing. The values are checked before
    the task is looked up: bad input is a field error whether the task exists or not.
    """
    given = {
        name: value
        for name, value in {
            "title": title,
            "description": description,
            "priority": priority,
            "due_date": due_date,
            "completed": completed,
        }.items()
        if value is not UNSET
    }
    if not given:
        return Written(get_task(user, task_id), changed=False)
    wanted = Task(**given)
    _validate(wanted, tuple(given))
    updated, changed = store.update(user.pk, _task_pk(task_id), actor, {name: getattr(wanted, name) for name in given})
    if updated is None:
        raise TaskNotFound(task_id)
    return Written(updated, changed)


def complete_task(user, task_id: object, *, actor: Actor) -> Written:
    """Mark the user's task complete. Completing a completed task changes (and records) nothing.

    A conditional UPDATE (``WHERE NOT completed``) instead of a locked
    read-modify-write, and still race-free: of two requests completing one
    task, only the first writes, and only it records the change.
    """
    completed, changed = store.complete(user.pk, _task_pk(task_id), actor)
    if completed is None:
        raise TaskNotFound(task_id)
    if changed or completed.completed:
        return Written(completed, changed)
    # Completed (or deleted) by someone else while this statement ran: report what is there now.
    return Written(get_task(user, completed.pk), changed=False)


def delete_task(user, task_id: object, *, actor: Actor) -> Task:
    """Delete the user's task and return it as it was (its id kept, for the reply).

    The record keeps every column, so an undo brings the task back whole.
    """
    deleted = store.delete(user.pk, _task_pk(task_id), actor)
    if deleted is None:
        raise TaskNotFound(task_id)
    return deleted
