"""The task tools, declared once.

Each tool is thin: it asks ``identity`` who it acts for (the user, and the
actor its changes are recorded under), calls one function of
``tasks.services`` and shapes the answer.
Limits live in the parameter annotations, so they reach the input schema a
client sees and are enforced before the function runs; the ``TypedDict``
return types become output schemas. Docstrings and field descriptions are read
by models, so they say when to use a tool and what each argument means.
"""

from datetime import date, datetime, time
from functools import cache
from typing import Annotated, Any, Final, Literal, NotRequired, TypedDict, cast

from django.core.exceptions import ValidationError
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field, PlainValidator, WithJsonSchema

from conversations.understanding.parse import given_kinds, read_task
from tasks import organize, schedule, services
from tasks.fields import DueName, OrderName, PriorityName, StatusName
from tasks.models import IdempotencyKey, Label, Task
from tasks.models import TaskList as TaskListModel
from tasks.schedule import REPEAT_MAX_LENGTH
from tasks.serializers import STEPS_JSON_SCHEMA
from todo_project.ids import MAX_ID

from ..identity import WRITE, acting
from .confirm import GO_AHEAD, NOT_CONFIRMED, ConfirmedDelete
from .registry import domain_errors_as_tool_errors, register

TaskId = Annotated[
    int, Field(ge=1, le=MAX_ID, description="The task's id, as shown by list_tasks or returned when it was added.")
]
Title = Annotated[
    str,
    Field(min_length=1, max_length=Task.TITLE_MAX_LENGTH, description="A short title, e.g. 'Buy groceries'."),
]
Description = Annotated[
    str, Field(max_length=Task.DESCRIPTION_MAX_LENGTH, description="Optional longer notes about the task.")
]
Importance = Annotated[PriorityName, Field(description="How important the task is.")]


def _due(value: object) -> date | datetime | None:
    return schedule.parse_due(value)


def _reminders(value: object) -> list[dict[str, Any]]:
    try:
        return schedule.clean_reminders(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


_DUE_SCHEMA: Final = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, {"type": "null"}],
    "description": "When the task is due: a day (YYYY-MM-DD: all day), or a day and time on the user's clock "
    "(2026-12-04T17:00), or a moment with an offset (2026-12-05T01:00:00Z, read in the user's time zone).",
    "examples": ["2026-12-04", "2026-12-04T17:00"],
}
DueDate = Annotated[date | datetime | None, PlainValidator(_due), WithJsonSchema(_DUE_SCHEMA)]
DueTime = Annotated[
    time | None,
    Field(description="The time of day it is due on the user's clock (17:00), beside due_date; null: all day."),
]
Repeat = Annotated[
    str,
    Field(
        max_length=REPEAT_MAX_LENGTH,
        description="How it repeats, as an RFC 5545 rule: FREQ=DAILY, FREQ=WEEKLY;BYDAY=MO,TH, "
        "FREQ=WEEKLY;INTERVAL=2, FREQ=MONTHLY;BYMONTHDAY=1, FREQ=MONTHLY;BYDAY=-1FR (last Friday), FREQ=YEARLY; "
        'with COUNT=n or UNTIL=YYYYMMDD to stop. Completing it moves it to its next day. "" for no repeat.',
    ),
]
Reminders = Annotated[list[dict[str, Any]], PlainValidator(_reminders), WithJsonSchema(schedule.REMINDERS_JSON_SCHEMA)]


def _steps(value: object) -> list[dict[str, Any]]:
    try:
        return organize.clean_steps(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


def _labels(value: object) -> list[str]:
    try:
        return organize.clean_label_names(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


InList = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=TaskListModel.NAME_MAX_LENGTH,
        description="The list it is in: a list's name (as list_lists shows it) or id; 'Inbox' for none.",
    ),
]
Labels = Annotated[
    list[str],
    PlainValidator(_labels),
    WithJsonSchema(
        {
            "type": "array",
            "maxItems": organize.MAX_LABELS,
            "items": {"type": "string", "minLength": 1, "maxLength": Label.NAME_MAX_LENGTH},
            "description": "Its labels' names (errands, home); a new name makes the label.",
            "examples": [["errands", "home"]],
        }
    ),
]
Steps = Annotated[list[dict[str, Any]], PlainValidator(_steps), WithJsonSchema(STEPS_JSON_SCHEMA)]


class TaskResult(TypedDict):
    """What a write did, to which task."""

    task_id: int
    number: int
    status: Literal["created", "completed", "deleted", "updated", "unchanged"]
    """What happened: "unchanged" when the task already was as asked (nothing was written or recorded)."""
    title: str
    due_date: NotRequired[date]
    """When it is due, if it is (a repeating task completed or skipped has moved to its next day)."""
    due_time: NotRequired[time]
    """Its time of day, if it has one."""
    repeat: NotRequired[str]
    """Its repeat rule, if it repeats."""
    reminders: NotRequired[list[dict[str, Any]]]
    """Its reminders, if it has any."""
    list_id: NotRequired[int]
    """Its list's id, if it is in one (not the Inbox)."""
    labels: NotRequired[list[str]]
    """Its labels, if it has any."""
    steps: NotRequired[list[dict[str, Any]]]
    """Its steps, if it has any."""
    steps_done: NotRequired[int]
    """Open steps that were ticked with it (completing a task with steps still to do)."""


class TaskItem(TypedDict):
    id: int
    number: int
    title: str
    description: str
    completed: bool
    priority: PriorityName
    due_date: date | None
    due_time: time | None
    due_at: datetime | None
    """The moment a timed task falls due, with the user's offset."""
    repeat: str
    reminders: list[dict[str, Any]]
    list_id: int | None
    """Its list's id (list_lists); null: the Inbox."""
    labels: list[str]
    steps: list[dict[str, Any]]
    """Its steps in order, each {title, done}."""
    created_at: datetime


LIST_FIELDS: Final = tuple(name for name in TaskItem.__annotations__ if name != "due_at")
"""The columns a listed task is read from; ``due_at`` is worked out from them."""


def _items(rows: list[dict[str, Any]], user) -> list[TaskItem]:
    zone = cache(lambda: services.time_zone(user))
    for row in rows:
        row["due_at"] = schedule.instant(row["due_date"], row["due_time"], zone()) if row["due_time"] else None
    return cast(list[TaskItem], rows)


class TaskList(TypedDict):
    """One page of the user's tasks, and how many match in all."""

    tasks: list[TaskItem]
    total: int


def _keep() -> object:
    """Default for update_task's optional fields: 'not given', which is not the same as null."""
    return services.UNSET


def _result(task: Task, status: str) -> TaskResult:
    """What a write did; when the task is due, how it repeats and reminds only when it does."""
    result: TaskResult = {"task_id": task.pk, "number": task.number, "status": status, "title": task.title}  # type: ignore[typeddict-item]
    when = {
        "due_date": task.due_date,
        "due_time": task.due_time,
        "repeat": task.repeat,
        "reminders": task.reminders,
        "list_id": task.list_id,
        "labels": task.labels,
        "steps": task.steps,
    }
    result.update({name: value for name, value in when.items() if value})  # type: ignore[typeddict-item]
    return result


@register(
    ToolAnnotations(
        title="Add a task", read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
    )
)
def add_task(
    title: Annotated[Title, Field(default_factory=_keep)],
    text: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=Task.TITLE_MAX_LENGTH + 100,
            description="Instead of the fields, or beside them: the task in words, as a person types it in the "
            "app's add box: 'pay rent fri 9am every month !high', 'call mom at 5pm, remind me 10 min before'. "
            "Its date, time, repeat, reminder and priority are read out of it; a field given beside it wins.",
        ),
    ] = None,
    description: Description = "",
    priority: Importance = "medium",
    due_date: DueDate = None,
    due_time: DueTime = None,
    repeat: Repeat = "",
    reminders: Reminders | None = None,
    list: InList = None,
    labels: Labels | None = None,
    steps: Annotated[Steps | None, Field(description="Its steps in order: titles ('Book flights'), all to do.")] = None,
    idempotency_key: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=IdempotencyKey.KEY_MAX_LENGTH,
            description=(
                "Optional. Any unique string (e.g. a UUID) for this add; if you retry the call with the same key "
                "within 24 hours, the task from the first call is returned instead of a duplicate being added."
            ),
        ),
    ] = None,
) -> TaskResult:
    """Add a new task to the user's to-do list.

    Use this when the user wants to remember, plan or do something ("add a task
    to buy groceries", "remind me to call mom at 5pm": due_date with the time,
    "pay rent every month on the 1st": repeat, "add milk to groceries": list, "tag it #errands": labels,
    "plan the trip: book flights, pack": steps), with the fields, or with the user's words as ``text``
    (read as the app's add box reads them). It goes to the top of its list. Returns the new task's id,
    which the other tools take. Pass an idempotency_key when a retry of this
    call might repeat an add that already happened (after a timeout, say).
    """
    given: dict[str, Any] = {
        "priority": priority if priority != "medium" else None,
        "due_date": due_date,
        "due_time": due_time,
        "repeat": repeat or None,
        "reminders": reminders,
        "list_id": list,
        "labels": labels,
        "steps": steps,
    }
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        given["list_id"] = _list_of(caller.user, list)
        fields = {
            name: value
            for name, value in {"title": title, **given}.items()
            if value is not None and value is not services.UNSET
        }
        if text is not None:
            fields = {**_read(text, caller.user, given), **fields}
        if "title" not in fields:
            raise ToolError("title: give the task's title (or its text)")
        task = services.add_task(
            caller.user,
            actor=caller.actor,
            description=description,
            idempotency_key=idempotency_key,
            **fields,
        )
    return _result(task, "created")


def _list_of(user, named: object) -> object:
    """The ``list`` argument as the services take it (a list's id; None for the Inbox), checked here so that a
    list the person does not have is refused naming ``list``, the argument's name."""
    if named is None or named is services.UNSET:
        return named
    return organize.find_list(user, named, field="list")


def _read(text: str, user, given: dict[str, Any]) -> dict[str, Any]:
    """What ``text`` says, read as the web's add box and the assistant read words (``read_task``); the kinds
    given as fields are left to them."""
    now = services.local_now(user)
    read = read_task(text, now.date(), now=now, ignore=given_kinds(given), lists=organize.list_names(user))
    if isinstance(read, str):
        raise ToolError(f"text: {read or 'it names no task, only when'}")
    return read.task_fields()


@register(
    ToolAnnotations(
        title="List tasks", read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )
)
def list_tasks(
    status: Annotated[
        StatusName,
        Field(description="'pending' for tasks still to do, 'completed' for done ones, 'all' for both."),
    ] = "all",
    search: Annotated[
        str | None,
        Field(max_length=200, description="Only tasks whose title or description contains this text."),
    ] = None,
    priority: Annotated[Importance | None, Field(description="Only tasks of this priority.")] = None,
    due: Annotated[
        DueName | None,
        Field(
            description="Only tasks due today, tomorrow, this week (the next 7 days, today included), overdue "
            "(a past day, still to do) or with no due date ('none'). Days are the user's, in their time zone."
        ),
    ] = None,
    due_before: Annotated[date | None, Field(description="Only tasks due on or before this day (YYYY-MM-DD).")] = None,
    due_after: Annotated[date | None, Field(description="Only tasks due on or after this day (YYYY-MM-DD).")] = None,
    number: Annotated[
        int | None,
        Field(ge=1, le=2**31 - 1, description="Only the task with this number: the number the user sees and says."),
    ] = None,
    list: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=TaskListModel.NAME_MAX_LENGTH,
            description="Only this list's tasks: its name or id; 'Inbox' for the tasks in no list.",
        ),
    ] = None,
    label: Annotated[
        list[str] | None,
        Field(max_length=organize.MAX_LABELS, description="Only tasks with every one of these labels."),
    ] = None,
    order: Annotated[
        OrderName,
        Field(
            description="'newest' first, by 'due' date (soonest first, undated last), by 'priority' (high first), "
            "or 'manual': as the user placed them in each list (move_task)."
        ),
    ] = "newest",
    limit: Annotated[int, Field(ge=1, le=200, description="How many tasks to return at most.")] = 50,
    offset: Annotated[int, Field(ge=0, le=MAX_ID, description="How many matching tasks to skip, for paging.")] = 0,
) -> TaskList:
    """List the user's tasks with their ids and numbers, newest first unless ordered otherwise.

    Use this to show tasks ("what's pending?", "what's due this week?", "anything
    overdue?") and to find a task's id by its title or by the number the user
    calls it by ("task 3" is number 3) before completing, updating or deleting
    it. ``total`` counts every match, so compare it with the number returned to
    know whether to page on with ``offset``.
    """
    with acting() as caller, domain_errors_as_tool_errors():
        page = services.task_page(
            caller.user,
            fields=LIST_FIELDS,
            offset=offset,
            limit=limit,
            status=status,
            order=order,
            search=search,
            priority=priority,
            due=due,
            due_before=due_before,
            due_after=due_after,
            number=number,
            list_id=list,
            labels=label,
        )
    return {"tasks": _items(page.rows, caller.user), "total": page.total}


@register(
    ToolAnnotations(
        title="Complete a task",
        read_only_hint=False,
        destructive_hint=False,
        idempotent_hint=True,
        open_world_hint=False,
    )
)
def complete_task(task_id: TaskId) -> TaskResult:
    """Mark one of the user's tasks as done.

    Completing a task that is already complete changes nothing (status
    "unchanged"). A task with steps still to do is done with all of them
    (``steps_done`` says how many were ticked; tell the user). To find the id
    of a task known by its title, call list_tasks first.
    """
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        written = services.complete_task(caller.user, task_id, actor=caller.actor)
    result = _result(written.task, "completed" if written.changed else "unchanged")
    if written.steps_done:
        result["steps_done"] = written.steps_done
    return result


@register(
    ToolAnnotations(
        title="Delete a task", read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
    )
)
def delete_task(task_id: TaskId, confirmation: ConfirmedDelete = GO_AHEAD) -> TaskResult:
    """Delete one of the user's tasks.

    Only delete what the user asked to delete. If several tasks could match what
    they said, list them and ask which one rather than guessing. A deletion is
    recorded and can be reversed with undo_activity, but do not rely on that.
    A client that can ask the person (elicitation) is asked to confirm first.
    """
    if not confirmation.confirm:
        raise ToolError(NOT_CONFIRMED)
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        task = services.delete_task(caller.user, task_id, actor=caller.actor)
    return _result(task, "deleted")


@register(
    ToolAnnotations(
        title="Update a task", read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )
)
def update_task(
    task_id: TaskId,
    title: Annotated[
        str,
        Field(
            min_length=1,
            max_length=Task.TITLE_MAX_LENGTH,
            default_factory=_keep,
            description="The new title; omit to keep the current one.",
        ),
    ],
    description: Annotated[
        str,
        Field(
            max_length=Task.DESCRIPTION_MAX_LENGTH,
            default_factory=_keep,
            description='The new notes; omit to keep, "" to clear.',
        ),
    ],
    priority: Annotated[PriorityName, Field(default_factory=_keep, description="The new priority; omit to keep.")],
    due_date: Annotated[DueDate, Field(default_factory=_keep)],
    due_time: Annotated[
        time | None,
        Field(default_factory=_keep, description="The new time of day (17:00); null for all day; omit to keep."),
    ],
    repeat: Annotated[
        str,
        Field(
            max_length=REPEAT_MAX_LENGTH,
            default_factory=_keep,
            description='The new repeat rule (RFC 5545, as add_task takes it); "" to stop repeating; omit to keep.',
        ),
    ],
    reminders: Annotated[Reminders, Field(default_factory=_keep)],
    list: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=TaskListModel.NAME_MAX_LENGTH,
            default_factory=_keep,
            description="Move it to this list (a name or id; 'Inbox' for none): it goes to the top; omit to keep.",
        ),
    ],
    labels: Annotated[Labels, Field(default_factory=_keep, description="Its labels from now on; [] for none.")],
    steps: Annotated[
        Steps,
        Field(
            default_factory=_keep,
            description="Its steps from now on, in order, each a title or {title, done}; [] for none; omit to keep.",
        ),
    ],
    completed: Annotated[
        bool, Field(default_factory=_keep, description="true to mark done, false to reopen; omit to keep.")
    ],
) -> TaskResult:
    """Change one of the user's tasks: its title, notes, priority, due date and time, repeat, reminders, list,
    labels, steps or done state.

    Give only the fields to change; the others keep their values; if none
    differs from what the task has, nothing is written (status "unchanged"). Use it for
    "change task 1 to 'Call mom tonight'", "move the report to Friday at 9", "stop repeating the gym", "move it
    to home" (list), "tag it #errands" (labels: the old ones and the new), "tick off 'pack'" (steps, with it done).
    """
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        written = services.update_task(
            caller.user,
            task_id,
            actor=caller.actor,
            title=title,
            description=description,
            priority=priority,
            due_date=due_date,
            due_time=due_time,
            repeat=repeat,
            reminders=reminders,
            list_id=_list_of(caller.user, list),
            labels=labels,
            steps=steps,
            completed=completed,
        )
    return _result(written.task, "updated" if written.changed else "unchanged")


@register(
    ToolAnnotations(
        title="Skip a repeating task's next time",
        read_only_hint=False,
        destructive_hint=False,
        idempotent_hint=False,
        open_world_hint=False,
    )
)
def skip_task(task_id: TaskId) -> TaskResult:
    """Move a repeating task to its next day without doing it ("skip the gym this week").

    Only for a task with a repeat; it stays to do, due on the day after its
    current one by its rule. The skip is recorded and can be undone.
    """
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        written = services.skip_task(caller.user, task_id, actor=caller.actor)
    return _result(written.task, "updated")
