"""Task reads and writes: the one place that touches Task rows.

Web views, REST views, MCP tools, the chat agent and the admin all call these
functions. Each takes the acting user first and starts from
``Task.objects.for_user(user)``, so a task that belongs to someone else is
indistinguishable from one that does not exist. Validation lives on the
model's fields and runs here, so every edge reports the same messages. Every
write also takes the ``Actor`` (channel and who in it) and records one
``Activity`` in the same transaction as the change.
"""

from datetime import date, timedelta
from enum import Enum
from typing import Any, Final, Literal, cast
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, Q, Subquery, When
from django.utils import timezone

from todo_project.errors import NotFound
from todo_project.ids import row_id

from . import idempotency, statements
from .activity import Actor, change_action, full_snapshot, record, snapshot
from .models import Action, Priority, Profile, Task, TaskQuerySet

StatusFilter = Literal["all", "pending", "completed"]
DueFilter = Literal["today", "tomorrow", "week", "overdue", "none"]
DUE_FILTERS: Final = ("today", "tomorrow", "week", "overdue", "none")
STATUS_FILTERS: Final = ("all", "pending", "completed")
OrderName = Literal["newest", "due", "priority"]
_NEWEST: Final = ("-created_at", "-id")
ORDERS: Final = {
    "newest": _NEWEST,
    "due": (F("due_date").asc(nulls_last=True), *_NEWEST),
    "priority": (
        Case(When(priority=Priority.HIGH, then=0), When(priority=Priority.MEDIUM, then=1), default=2),
        *_NEWEST,
    ),
}


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


def get_task(user, task_id: int, *, for_update: bool = False) -> Task:
    """The user's task with this id; TaskNotFound if it is missing or someone else's.

    ``for_update`` locks the row (inside a transaction) so concurrent updates queue.
    """
    tasks = Task.objects.for_user(user)
    if for_update:
        tasks = tasks.select_for_update()
    try:
        return tasks.get(pk=_task_pk(task_id))
    except Task.DoesNotExist:
        raise TaskNotFound(task_id) from None


def local_today(user) -> date:
    """Today where the user is: their profile's time zone, else the server's ``TIME_ZONE``."""
    name = Profile.objects.time_zone_of(user.pk)
    return timezone.localdate(timezone=ZoneInfo(name) if name else None)


def _due_bounds(due: DueFilter, today: date) -> dict[str, Any]:
    """What a due filter keeps, as ``statements.page`` takes it: days (first, last), overdue as of today, or undated."""
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


def _due_window(due: DueFilter, today: date) -> Q:
    """The due filter for the ORM, from the same bounds."""
    bounds = _due_bounds(due, today)
    if "due_on" in bounds:
        first, last = bounds["due_on"]
        return Q(due_date=first) if first == last else Q(due_date__gte=first, due_date__lte=last)
    if "overdue_on" in bounds:
        return Q(due_date__lt=bounds["overdue_on"], completed=False)
    return Q(due_date__isnull=True)


_COMPLETED: Final = {"all": None, "pending": False, "completed": True}
"""A status filter as the ``completed`` value it keeps (None: either)."""


def _phrase(search: str | None) -> str | None:
    """A search as it is matched: trimmed; nothing when blank."""
    return search.strip() if search and search.strip() else None


def _check_priority(priority: str | None) -> None:
    if priority is not None and priority not in Priority.values:
        raise ValidationError({"priority": f"Must be one of: {', '.join(Priority.values)}."})


def _check_status_and_order(status: str, order: str) -> None:
    if status not in STATUS_FILTERS:
        raise ValidationError({"status": f"Must be one of: {', '.join(STATUS_FILTERS)}."})
    if order not in ORDERS:
        raise ValidationError({"order": f"Must be one of: {', '.join(ORDERS)}."})


def _matching(
    user,
    *,
    search: str | None = None,
    priority: str | None = None,
    due: DueFilter | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    number: int | None = None,
) -> TaskQuerySet:
    """The user's tasks narrowed by a search phrase, priority, due date and number, whatever their status.

    ``due_before`` and ``due_after`` include the day itself; a task with no due date matches neither.
    """
    _check_priority(priority)
    tasks = Task.objects.for_user(user)
    if priority:
        tasks = tasks.filter(priority=priority)
    if phrase := _phrase(search):
        tasks = tasks.filter(Q(title__icontains=phrase) | Q(description__icontains=phrase))
    if due is not None:
        tasks = tasks.filter(_due_window(due, local_today(user)))
    if due_before is not None:
        tasks = tasks.filter(due_date__lte=due_before)
    if due_after is not None:
        tasks = tasks.filter(due_date__gte=due_after)
    if number is not None:
        tasks = tasks.filter(number=number)
    return tasks


def list_tasks(
    user,
    *,
    status: StatusFilter = "all",
    order: OrderName = "newest",
    **filters: Any,
) -> TaskQuerySet:
    """The user's tasks narrowed by status and ``filters`` (see ``_matching``), in the given order.

    ``order``: ``newest`` first (the default), by ``due`` date (soonest first,
    undated last) or by ``priority`` (high first); ties newest first.
    """
    _check_status_and_order(status, order)
    tasks = _matching(user, **filters)
    if status == "pending":
        tasks = tasks.pending()
    elif status == "completed":
        tasks = tasks.completed()
    return tasks.order_by(*ORDERS[order]) if order != "newest" else tasks


def task_page(
    user,
    *,
    fields: tuple[str, ...],
    offset: int,
    limit: int,
    status: StatusFilter = "all",
    order: OrderName = "newest",
    search: str | None = None,
    priority: str | None = None,
    due: DueFilter | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    number: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of ``list_tasks(user, ...)`` as ``values(*fields)`` rows, and how many match in all: one query.

    What the REST list and the MCP ``list_tasks`` tool (so the chat too) read.
    On PostgreSQL the page is one statement built without the ORM
    (``statements.page``), which compiled the same query on every call for
    about as long as the database took to answer it; elsewhere it is
    ``list_tasks`` through the ORM. The arguments are checked the same way on both.
    """
    if not statements.available():
        matching = list_tasks(
            user,
            status=status,
            order=order,
            search=search,
            priority=priority,
            due=due,
            due_before=due_before,
            due_after=due_after,
            number=number,
        )
        return cast(TaskQuerySet, matching.values(*fields)).page_with_total(offset=offset, limit=limit)
    _check_status_and_order(status, order)
    _check_priority(priority)
    return statements.page(
        user.pk,
        fields,
        offset=offset,
        limit=limit,
        completed=_COMPLETED[status],
        search=_phrase(search),
        priority=priority,
        due_before=due_before,
        due_after=due_after,
        number=number,
        order=order,
        **(_due_bounds(due, local_today(user)) if due is not None else {}),
    )


def page_with_counts(
    user,
    *,
    fields: tuple[str, ...],
    status: StatusFilter = "all",
    search: str | None = None,
    priority: str | None = None,
    order: OrderName = "newest",
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One page of the user's tasks (``fields`` of each) and the count of every status, in one query.

    The counts ride along as two uncorrelated scalar subqueries, which the
    database computes once; only a page with no rows needs a query of its own.
    On PostgreSQL it is one statement built without the ORM (``statements.page_with_counts``),
    past the end too.
    """
    if statements.available():
        _check_status_and_order(status, order)
        _check_priority(priority)
        rows, total, done = statements.page_with_counts(
            user.pk,
            fields,
            offset=offset,
            limit=limit,
            completed=_COMPLETED[status],
            order=order,
            search=_phrase(search),
            priority=priority,
        )
        return rows, {"all": total, "pending": total - done, "completed": done}
    matching = _matching(user, search=search, priority=priority).order_by().values("user")
    tally = matching.annotate(all=Count("pk"), done=Count("pk", filter=Q(completed=True)))
    page = list(
        list_tasks(user, status=status, search=search, priority=priority, order=order)
        .values(*fields)
        .annotate(count_all=Subquery(tally.values("all")), count_done=Subquery(tally.values("done")))[
            offset : offset + limit
        ]
    )
    if not page:
        return page, count_tasks(user, search=search, priority=priority)
    total, done = page[0]["count_all"], page[0]["count_done"]
    for row in page:
        del row["count_all"], row["count_done"]
    return page, {"all": total, "pending": total - done, "completed": done}


def count_tasks(user, *, search: str | None = None, priority: str | None = None) -> dict[str, int]:
    """How many of the user's tasks match, by status (``all``, ``pending``, ``completed``), in one query."""
    counts = _matching(user, search=search, priority=priority).aggregate(
        all=Count("pk"), completed=Count("pk", filter=Q(completed=True))
    )
    return {"all": counts["all"], "pending": counts["all"] - counts["completed"], "completed": counts["completed"]}


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
    if idempotency_key is None:
        if statements.available():
            _insert(user, actor, task)  # one statement, atomic by itself
        else:
            with transaction.atomic():
                _insert(user, actor, task)
        return task
    return idempotency.add_once(user, idempotency_key, task, insert=lambda: _insert(user, actor, task))


def _insert(user, actor: Actor, task: Task) -> None:
    """Save the validated ``task`` under the user's next number, with its record (in the caller's transaction)."""
    if statements.available():
        fields = {name: getattr(task, name) for name in ("title", "description", "priority", "due_date")}
        added = statements.add(user.pk, actor, fields, after=snapshot(task))
        task.pk, task.number, task.created_at, task.updated_at = (
            added.pk,
            added.number,
            added.created_at,
            added.updated_at,
        )
        task._state.adding = False
        return
    task.save(force_insert=True)  # which gives it the user's next number
    record(user, actor, Action.CREATED, task, before={}, after=snapshot(task))


def update_task(
    user,
    task_id: int,
    *,
    actor: Actor,
    title: str | _Unset = UNSET,
    description: str | _Unset = UNSET,
    priority: str | _Unset = UNSET,
    due_date: date | _Unset | None = UNSET,
    completed: bool | _Unset = UNSET,
) -> Task:
    """Change the given fields of the user's task; fields left UNSET keep their value.

    Only fields whose value really changes are written and recorded; an
    update that changes nothing writes nothing.
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
    # The given values are checked before the task is looked up, on both paths alike: bad input is a
    # field error whether the task exists or not.
    wanted = Task(**given)
    _validate(wanted, tuple(given))
    if given and statements.available():
        updated, _ = statements.update(
            user.pk, _task_pk(task_id), actor, {name: getattr(wanted, name) for name in given}
        )
        if updated is None:
            raise TaskNotFound(task_id)
        return updated
    with transaction.atomic():
        task = get_task(user, task_id, for_update=True)
        before = snapshot(task, tuple(given))
        for name, value in given.items():
            setattr(task, name, value)
        _validate(task)
        after = snapshot(task, tuple(given))
        changed = tuple(name for name in given if after[name] != before[name])
        if changed:
            task.save(update_fields=[*changed, "updated_at"])
            record(
                user,
                actor,
                change_action(changed, task),
                task,
                before={name: before[name] for name in changed},
                after={name: after[name] for name in changed},
            )
    return task


def complete_task(user, task_id: int, *, actor: Actor) -> Task:
    """Mark the user's task complete. Completing a completed task changes (and records) nothing.

    A conditional UPDATE (``WHERE NOT completed``) instead of a locked
    read-modify-write, and still race-free: of two requests completing one
    task, only the first writes, and only it records the change.
    """
    if statements.available():
        completed, changed = statements.complete(user.pk, _task_pk(task_id), actor)
        if completed is None:
            raise TaskNotFound(task_id)
        if changed or completed.completed:
            return completed
        # Completed (or deleted) by someone else while this statement ran: report what is there now.
        return get_task(user, completed.pk)
    task = get_task(user, task_id)
    if task.completed:
        return task
    now = timezone.now()
    with transaction.atomic():
        if Task.objects.for_user(user).filter(pk=task.pk, completed=False).update(completed=True, updated_at=now):
            task.completed, task.updated_at = True, now
            record(user, actor, Action.COMPLETED, task, before={"completed": False}, after={"completed": True})
            return task
    # Completed (or deleted) by someone else between the read and the write: report what is there now.
    return get_task(user, task.pk)


def delete_task(user, task_id: int, *, actor: Actor) -> Task:
    """Delete the user's task and return it as it was (its id kept, for the reply).

    The record keeps every field, so an undo brings the task back whole.
    """
    if statements.available():
        deleted = statements.delete(user.pk, _task_pk(task_id), actor)
        if deleted is None:
            raise TaskNotFound(task_id)
        return deleted
    with transaction.atomic():
        task = get_task(user, task_id, for_update=True)
        deleted_id = task.pk
        before = full_snapshot(task)
        task.delete()
        task.pk = deleted_id
        record(user, actor, Action.DELETED, task, before=before, after={})
    return task
