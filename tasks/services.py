"""The task operations: what every edge calls to read or change a person's tasks.

Web views, REST views, MCP tools, the chat agent and the admin all call these
functions. Each takes the acting user first, and everything it reads or writes
is scoped to them, so a task that belongs to someone else is indistinguishable
from one that does not exist. Validation lives on the model's fields and runs
here, so every edge reports the same messages. The writes go through
``tasks.store`` (one statement each, with its ``Activity`` record, under the
``Actor`` the edge passes) and every list through ``tasks.queries``.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import Enum
from functools import cache as cached
from typing import Any, Final, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from todo_project.errors import NotFound, refuse_null_characters
from todo_project.ids import row_id

from . import idempotency, order, organize, queries, schedule, store
from .activity import Actor
from .fields import DUE_FILTERS, ORDERS, STATUSES, TRACKED, WHEN, DueName, OrderName, StatusName
from .models import Action, Priority, Profile, Task, validate_time_zone
from .reminders import reschedule_user, schedule_task


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
    skipped = ["user", "list"]  # the list is the person's: ``organize.find_list`` resolved it
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


def time_zone(user) -> tzinfo:
    """The user's time zone (the server's ``TIME_ZONE`` until they choose one)."""
    return schedule.zone_named(time_zone_name(user))


def set_time_zone(user, name: str) -> str:
    """Make ``name`` the user's time zone ("" for the server's); ValidationError names a zone that does not exist.

    Only the time zone is written: the profile's numbering and counts belong to ``tasks.store``.
    """
    name = name.strip()
    try:
        validate_time_zone(name)
    except ValidationError as error:
        raise ValidationError({"time_zone": error.messages}) from None
    with transaction.atomic():
        Profile.objects.update_or_create(user=user, defaults={"time_zone": name})
        reschedule_user(user, schedule.zone_named(name))
    return name


@dataclass(frozen=True)
class ReminderSettings:
    remind_by_default: bool
    """A timed task is reminded at its time unless it is given other reminders."""
    email_reminders: bool
    """Reminders are also emailed (to the account's address, if it has one)."""


def reminder_settings(user) -> ReminderSettings:
    """The user's reminder settings (both on until they choose)."""
    values = Profile.objects.filter(user=user).values("remind_by_default", "email_reminders").first()
    return ReminderSettings(**values) if values else ReminderSettings(remind_by_default=True, email_reminders=True)


def set_reminder_settings(user, settings: ReminderSettings) -> None:
    """Keep the user's reminder settings (only those: the profile's numbering and counts are ``tasks.store``'s)."""
    Profile.objects.update_or_create(
        user=user,
        defaults={"remind_by_default": settings.remind_by_default, "email_reminders": settings.email_reminders},
    )


def local_today(user) -> date:
    """Today where the user is: their profile's time zone, else the server's ``TIME_ZONE``."""
    return local_now(user).date()


def local_now(user) -> datetime:
    """Now on the user's clock (their profile's time zone, else the server's ``TIME_ZONE``)."""
    return timezone.localtime(timezone=time_zone(user))


def _due_bounds(due: DueName, now: datetime) -> dict[str, Any]:
    """What a due filter keeps, as ``queries.page`` takes it: days (first, last), overdue as of now (on the
    person's clock: an all-day task once its day has passed, a timed one once its minute has), or undated."""
    today = now.date()
    match due:
        case "today":
            return {"due_on": (today, today)}
        case "tomorrow":
            return {"due_on": (today + timedelta(days=1), today + timedelta(days=1))}
        case "week":  # the next seven days, today included
            return {"due_on": (today, today + timedelta(days=6))}
        case "overdue":  # a day or a time that has passed, and still to do
            return {"overdue_at": (today, now.time().replace(second=0, microsecond=0))}
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
    steps_done: int = 0
    """Open steps ticked with it (a task completed with steps still to do)."""


UPCOMING_DAYS: Final = 7
"""The Upcoming view: the days after today it shows."""


@dataclass(frozen=True)
class DueSoon:
    today: int
    """Still to do and due today or before (overdue): the Today view."""
    upcoming: int
    """Still to do and due in the ``UPCOMING_DAYS`` after today: the Upcoming view."""


@dataclass(frozen=True)
class TaskPage:
    """One page of a user's tasks, as rows of the fields asked for, and how many match by status."""

    rows: list[dict[str, Any]]
    counts: dict[str, int]
    """How many tasks match the filters: ``all``, ``pending``, ``completed`` (whatever the page's status)."""
    status: StatusName
    due_soon: DueSoon | None = None
    """With ``with_due_soon``: the counts beside the Today and Upcoming views."""

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
    list_id: object = None,
    labels: list[str] | None = None,
    with_due_soon: date | None = None,
) -> TaskPage:
    """One page of the user's tasks (``fields`` of each) narrowed by status and filters, in the given order, with
    the count of every status: one statement (``queries.page``), for every list on every edge.

    ``search`` matches title or description; ``due`` is a window of the
    user's own days (today, tomorrow, the next seven, overdue, or undated);
    ``due_before`` and ``due_after`` include the day itself, and a task with no
    due date matches neither. ``order``: ``newest`` first (the default), by
    ``due`` date (soonest first, undated last) or by ``priority`` (high first);
    ties newest first, or ``manual`` (as placed in each list). ``list_id``: one
    list's tasks (an id or a name; "Inbox" for those in none); ``labels``:
    those with every one of these labels. ``with_due_soon`` (today) adds the
    Today and Upcoming counts (``DueSoon``), in the same statement.
    """
    _check_choice("status", status, tuple(STATUSES))
    _check_choice("order", order, ORDERS)
    _check_choice("priority", priority, Priority.values)
    rows, total, done, soon = queries.page(
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
        **_in_list(user, list_id),
        labels=_labels_named(user, labels),
        due_soon=(with_due_soon, UPCOMING_DAYS) if with_due_soon is not None else None,
        **(_due_bounds(due, local_now(user)) if due is not None else {}),
    )
    counts = {"all": total, "pending": total - done, "completed": done}
    return TaskPage(rows=rows, counts=counts, status=status, due_soon=DueSoon(*soon) if soon else None)


def _in_list(user, list_id: object) -> dict[str, Any]:
    """A list filter as ``queries.page`` takes it; an unknown list is a field error, not an empty page."""
    if list_id is None:
        return {}
    found = organize.find_list(user, list_id)
    return {"in_list": found} if found is not None else {"in_inbox": True}


def _labels_named(user, names: list[str] | None) -> list[str] | None:
    """Label names as the person's labels spell them (a filter matches whatever the case); None: no filter."""
    if not names:
        return None
    wanted = organize.clean_label_names(names)
    spelled = organize.spelled(user, wanted)
    return [spelled.get(name.lower(), name) for name in wanted]


def _top(user, list_id: int | None) -> str:
    """The key of a task put at the top of a list (the Inbox: None)."""
    return order.first(top_of(user, list_id))


def top_of(user, list_id: int | None) -> str | None:
    """The position of the first task of a list (the Inbox: None); None for an empty list."""
    return (
        Task.objects.for_user(user)
        .filter(list_id=list_id)
        .order_by("position", "id")
        .values_list("position", flat=True)
        .first()
    )


def _organized(user, given: dict[str, Any]) -> dict[str, Any]:
    """The list, labels and steps of an add or an update, checked: the list is one of the person's (an id or a
    name; "Inbox" or None for none), labels are names. ValidationError names the field."""
    kept: dict[str, Any] = {}
    if "list_id" in given:
        kept["list_id"] = organize.find_list(user, given["list_id"], field="list_id")
    if "labels" in given:
        kept["labels"] = organize.clean_label_names(given["labels"])
    if "steps" in given:
        kept["steps"] = organize.clean_steps(given["steps"])
    return kept


def _when(user, given: dict[str, Any], current: Task | None) -> dict[str, Any]:
    """The due date, time, repeat and reminders of an add (``current`` None) or an update, as they are kept.

    ``due_date`` may be a date (all day on an add; on an update the time is
    kept), a date-time on the person's clock, or one with an offset (read in
    their time zone). ``None`` clears the day and its time. A repeating task
    given no day starts on the rule's first day from today. A timed task
    added without reminders is reminded at its time, unless the person turned
    that off. ValidationError names the field.
    """
    zone = cached(lambda: time_zone(user))
    when: dict[str, Any] = {name: given[name] for name in WHEN if name in given}
    due = when.get("due_date")
    if isinstance(due, datetime):
        if when.get("due_time") is not None:
            raise ValidationError({"due_time": "Give the time once: in due_date or here, not in both."})
        when["due_date"], when["due_time"] = schedule.local_due(due, zone() if due.tzinfo else UTC)
    elif "due_date" in when and due is None and current is not None and current.due_time is not None:
        when.setdefault("due_time", None)  # no day, no time of day
    if "repeat" in when:
        when["repeat"] = schedule.clean_repeat(when["repeat"] or "")
    if "reminders" in when:
        when["reminders"] = schedule.clean_reminders(when["reminders"])
    day = when["due_date"] if "due_date" in when else getattr(current, "due_date", None)
    repeat = when["repeat"] if "repeat" in when else getattr(current, "repeat", "")
    if repeat and day is None:
        if "due_date" in when and current is not None:
            raise ValidationError(
                {"due_date": 'A repeating task needs a due date; stop the repeat (repeat: "") first.'}
            )
        when["due_date"] = day = schedule.first_occurrence(repeat, local_today(user))
        if day is None:
            raise ValidationError({"repeat": "This rule has no day from today on."})
    time_of_day = when["due_time"] if "due_time" in when else getattr(current, "due_time", None)
    if time_of_day is not None and day is None:
        raise ValidationError({"due_time": "A due time needs a due date."})
    if (
        current is None
        and "reminders" not in when
        and time_of_day is not None
        and reminder_settings(user).remind_by_default
    ):
        when["reminders"] = [dict(schedule.DEFAULT_REMINDER)]
    return when


def new_task(
    user,
    *,
    title: str,
    description: str = "",
    priority: str = Priority.MEDIUM,
    due_date: date | datetime | None = None,
    due_time: time | None = None,
    repeat: str = "",
    reminders: list[dict[str, Any]] | None = None,
    list_id: object = None,
    labels: list[str] | None = None,
    steps: list[Any] | None = None,
) -> Task:
    """A task for the user, checked field by field and not yet written (``add_task`` writes it, an import writes
    many at once); ValidationError names the field."""
    given: dict[str, Any] = {"due_date": due_date, "due_time": due_time, "repeat": repeat}
    if reminders is not None:
        given["reminders"] = reminders
    organized = _organized(user, {"list_id": list_id, "labels": labels, "steps": steps})
    task = Task(
        user=user, title=title, description=description, priority=priority, **organized, **_when(user, given, None)
    )
    _validate(task)
    return task


def add_task(
    user,
    *,
    actor: Actor,
    title: str,
    description: str = "",
    priority: str = Priority.MEDIUM,
    due_date: date | datetime | None = None,
    due_time: time | None = None,
    repeat: str = "",
    reminders: list[dict[str, Any]] | None = None,
    list_id: object = None,
    labels: list[str] | None = None,
    steps: list[Any] | None = None,
    idempotency_key: str | None = None,
) -> Task:
    """Create a task for the user after validating every field, and record it (and schedule its reminders).

    With an ``idempotency_key``, a retry of the same add (same key, same
    fields, within a day) returns the task the first one created instead of
    adding a duplicate; the same key with other fields is refused. It goes
    to the top of its list (``list_id``: an id or a name; none: the Inbox);
    labels it names that the person has not used yet are made.
    """
    task = new_task(
        user,
        title=title,
        description=description,
        priority=priority,
        due_date=due_date,
        due_time=due_time,
        repeat=repeat,
        reminders=reminders,
        list_id=list_id,
        labels=labels,
        steps=steps,
    )

    def insert() -> Task:
        with transaction.atomic() if task.reminders or task.labels else nullcontext():
            values = {name: getattr(task, name) for name in TRACKED}
            values["labels"] = organize.label_names(user, task.labels, actor=actor)
            values["position"] = _top(user, task.list_id)
            added = store.add(user.pk, actor, values)
            if added.reminders:
                schedule_task(added)
        return added

    if idempotency_key is None:
        return insert()
    return idempotency.add_once(user, idempotency_key, task, insert=insert)


def update_task(
    user,
    task_id: object,
    *,
    actor: Actor,
    title: str | _Unset = UNSET,
    description: str | _Unset = UNSET,
    priority: str | _Unset = UNSET,
    due_date: date | datetime | _Unset | None = UNSET,
    due_time: time | _Unset | None = UNSET,
    repeat: str | _Unset = UNSET,
    reminders: list[dict[str, Any]] | _Unset | None = UNSET,
    list_id: object = UNSET,
    labels: list[str] | _Unset | None = UNSET,
    steps: list[Any] | _Unset | None = UNSET,
    completed: bool | _Unset = UNSET,
) -> Written:
    """Change the given fields of the user's task; fields left UNSET keep their value.

    Only fields whose value really changes are written and recorded; an
    update that changes nothing writes nothing. The values are checked before
    the task is looked up (bad input is a field error whether the task exists
    or not), except where they depend on what the task has (a time for a task
    with no day). A change to when it is due moves its reminders.
    """
    given = {
        name: value
        for name, value in {
            "title": title,
            "description": description,
            "priority": priority,
            "due_date": due_date,
            "due_time": due_time,
            "repeat": repeat,
            "reminders": reminders,
            "list_id": list_id,
            "labels": labels,
            "steps": steps,
            "completed": completed,
        }.items()
        if value is not UNSET
    }
    if not given:
        return Written(get_task(user, task_id), changed=False)
    pk = _task_pk(task_id)
    current = get_task(user, pk) if given.keys() & {*WHEN, "list_id"} else None
    given.update(_when(user, given, current))
    given.update(_organized(user, given))
    wanted = Task(**given)
    _validate(wanted, tuple(given))
    values = {name: getattr(wanted, name) for name in given}
    with transaction.atomic() if current is not None or values.get("labels") else nullcontext():
        if values.get("labels"):
            values["labels"] = organize.label_names(user, values["labels"], actor=actor)
        if current is not None and "list_id" in values and values["list_id"] != current.list_id:
            values["position"] = _top(user, values["list_id"])  # moved to another list: at its top
        updated, changed = store.update(user.pk, pk, actor, values)
        if updated is not None and changed and given.keys() & set(WHEN):
            schedule_task(updated)
    if updated is None:
        raise TaskNotFound(task_id)
    return Written(updated, changed)


def _move_on(user, task: Task, actor: Actor, *, recorded_as: Action | None) -> Written | None:
    """Move a repeating task to its next day (done: recorded as ``completed``; skipped: as an update); None when
    its rule has no next day."""
    today = local_today(user)
    following = schedule.next_occurrence(task.repeat, task.due_date or today, today)
    if following is None:
        return None
    values: dict[str, Any] = {"due_date": following.due_date, "repeat": following.repeat}
    if task.steps:  # the next time starts with every step still to do
        values["steps"] = organize.all_open(task.steps)
    with transaction.atomic():
        moved, changed = store.update(user.pk, task.pk, actor, values, recorded_as=recorded_as)
        if moved is None:
            raise TaskNotFound(task.pk)
        schedule_task(moved)
    return Written(moved, changed)


def complete_task(user, task_id: object, *, actor: Actor) -> Written:
    """Mark the user's task complete. Completing a completed task changes (and records) nothing.

    A repeating task is not closed: its completion is recorded and it moves
    to its next day (as Todoist does), still to do; on its last day it is
    simply done. Otherwise a conditional UPDATE (``WHERE NOT completed``)
    instead of a locked read-modify-write, and still race-free: of two
    requests completing one task, only the first writes, and only it records.
    """
    completed, changed = store.complete(user.pk, _task_pk(task_id), actor)
    if completed is None:
        raise TaskNotFound(task_id)
    if not completed.repeat and not completed.completed and organize.open_steps(completed.steps):
        # Done with steps still open: they are ticked with it, in its one record (an undo reopens them too).
        ticked, changed = store.update(
            user.pk,
            completed.pk,
            actor,
            {"completed": True, "steps": organize.all_done(completed.steps)},
            recorded_as=Action.COMPLETED,
        )
        if ticked is None:
            raise TaskNotFound(task_id)
        return Written(ticked, changed, steps_done=organize.open_steps(completed.steps) if changed else 0)
    if completed.repeat and not completed.completed:
        moved = _move_on(user, completed, actor, recorded_as=Action.COMPLETED)
        if moved is not None:
            return moved
        completed, changed = store.update(user.pk, completed.pk, actor, {"completed": True})  # its last time
        assert completed is not None  # locked and updated by the move's statement just now
    if changed or completed.completed:
        return Written(completed, changed)
    # Completed (or deleted) by someone else while this statement ran: report what is there now.
    return Written(get_task(user, completed.pk), changed=False)


def skip_task(user, task_id: object, *, actor: Actor) -> Written:
    """Move a repeating task to its next day without doing it ("skip this week"); ValidationError if it does not
    repeat or has no day after this one."""
    task = get_task(user, task_id)
    if not task.repeat:
        raise ValidationError({"task_id": f"Task {task.pk} does not repeat, so there is no next time to skip to."})
    if task.completed:
        raise ValidationError({"task_id": f"Task {task.pk} is done; reopen it to skip."})
    moved = _move_on(user, task, actor, recorded_as=None)
    if moved is None:
        raise ValidationError({"task_id": f"Task {task.pk} has no later day: this is its last time."})
    return moved


def toggle_step(user, task_id: object, number: int, *, actor: Actor) -> Written:
    """Tick step ``number`` (1 for the first) of the user's task, or untick it; ValidationError for no such step."""
    task = get_task(user, task_id)
    if not 1 <= number <= len(task.steps):
        raise ValidationError({"step": f"Task {task.pk} has no step {number}."})
    steps = [dict(step) for step in task.steps]
    steps[number - 1]["done"] = not steps[number - 1]["done"]
    return update_task(user, task.pk, actor=actor, steps=steps)


Direction = Literal["up", "down", "top", "bottom"]
DIRECTIONS: Final = ("up", "down", "top", "bottom")


def _next_to(user, task: Task, *, above: bool, count: int = 1, excluding: Task | None = None) -> list[str]:
    """The positions of the tasks next to ``task`` in its list, on one side, nearest first (``excluding`` one)."""
    if above:
        place = Q(position__lt=task.position) | Q(position=task.position, id__lt=task.pk)
    else:
        place = Q(position__gt=task.position) | Q(position=task.position, id__gt=task.pk)
    found = Task.objects.for_user(user).filter(place, list_id=task.list_id)
    if excluding is not None:
        found = found.exclude(pk=excluding.pk)
    ordering = ("-position", "-id") if above else ("position", "id")
    return list(found.order_by(*ordering).values_list("position", flat=True)[:count])


def move_task(
    user,
    task_id: object,
    *,
    actor: Actor,
    after: object = None,
    before: object = None,
    direction: Direction | None = None,
) -> Written:
    """Put a task in a new place in its list's manual order: right ``after`` or ``before`` another task of that
    list (its id), one place ``up`` or ``down``, or to the ``top`` or ``bottom``. Only the moved task is written
    (a key between its new neighbours, ``tasks.order``), and recorded; moving past an end changes nothing.
    """
    if sum(value is not None for value in (after, before, direction)) != 1:
        raise ValidationError({"after": "Give one of: after (a task id), before (a task id), or a direction."})
    _check_choice("direction", direction, DIRECTIONS)
    task = get_task(user, task_id)
    if direction is None:
        field, anchor_id = ("after", after) if after is not None else ("before", before)
        try:
            anchor = get_task(user, anchor_id)
        except TaskNotFound:
            raise ValidationError({field: f"Task {anchor_id} not found."}) from None
        if anchor.list_id != task.list_id:
            raise ValidationError({field: f"Task {anchor.pk} is in another list; move the task to that list first."})
        if anchor.pk == task.pk:
            return Written(task, changed=False)
        beyond = next(iter(_next_to(user, anchor, above=field == "before", excluding=task)), None)
        low, high = (anchor.position, beyond) if field == "after" else (beyond, anchor.position)
    else:
        ahead = _next_to(user, task, above=direction in ("up", "top"), count=2)
        if not ahead:
            return Written(task, changed=False)  # already first (or last)
        match direction:
            case "up":
                low, high = (ahead[1] if len(ahead) > 1 else None), ahead[0]
            case "down":
                low, high = ahead[0], (ahead[1] if len(ahead) > 1 else None)
            case "top":
                low, high = None, _end(user, task, first=True)
            case _:
                low, high = _end(user, task, first=False), None
    moved, changed = store.update(user.pk, task.pk, actor, {"position": order.between(low, high)})
    if moved is None:
        raise TaskNotFound(task_id)
    return Written(moved, changed)


def _end(user, task: Task, *, first: bool) -> str | None:
    """The first (or last) position in the task's list, not counting the task."""
    found = Task.objects.for_user(user).filter(list_id=task.list_id).exclude(pk=task.pk)
    ordering = ("position", "id") if first else ("-position", "-id")
    return found.order_by(*ordering).values_list("position", flat=True).first()


def delete_task(user, task_id: object, *, actor: Actor) -> Task:
    """Delete the user's task and return it as it was (its id kept, for the reply).

    The record keeps every column, so an undo brings the task back whole.
    """
    deleted = store.delete(user.pk, _task_pk(task_id), actor)
    if deleted is None:
        raise TaskNotFound(task_id)
    return deleted
