"""The five task tools, declared once.

``runmcp`` serves these ``Tool`` objects and the chat agent calls the very same
ones through ``toolbox.call_tool``. Each tool is thin: it asks ``identity`` who
it acts for, calls one function of ``tasks.services`` and shapes the answer.
Limits live in the parameter annotations, so they reach the input schema a
client sees and are enforced before the function runs; the ``TypedDict``
return types become output schemas. Docstrings and field descriptions are read
by models, so they say when to use a tool and what each argument means.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp_types import ToolAnnotations
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from tasks import services
from tasks.models import Task
from todo_project.errors import DomainError, validation_messages

from .identity import acting_user

TOOLS: dict[str, Tool] = {}

TaskId = Annotated[
    int, Field(ge=1, le=2**63 - 1, description="The task's id, as shown by list_tasks or returned when it was added.")
]
Title = Annotated[
    str,
    Field(min_length=1, max_length=Task.TITLE_MAX_LENGTH, description="A short title, e.g. 'Buy groceries'."),
]
Description = Annotated[
    str, Field(max_length=Task.DESCRIPTION_MAX_LENGTH, description="Optional longer notes about the task.")
]
PriorityName = Annotated[Literal["low", "medium", "high"], Field(description="How important the task is.")]
DueDate = Annotated[date | None, Field(description="The day the task is due, as YYYY-MM-DD, or null for none.")]


class TaskResult(TypedDict):
    """What a write did, to which task."""

    task_id: int
    status: Literal["created", "completed", "deleted", "updated"]
    title: str


class TaskItem(TypedDict):
    id: int
    title: str
    description: str
    completed: bool
    priority: Literal["low", "medium", "high"]
    due_date: date | None
    created_at: datetime


class TaskList(TypedDict):
    """One page of the user's tasks, newest first, and how many match in all."""

    tasks: list[TaskItem]
    total: int


def _keep() -> object:
    """Default for update_task's optional fields: 'not given', which is not the same as null."""
    return services.UNSET


def describe_invalid_arguments(error: PydanticValidationError) -> str:
    """'field: reason' for each rejected argument, e.g. 'title: String should have at least 1 character'."""
    problems = []
    for detail in error.errors(include_url=False):
        field = ".".join(str(part) for part in detail["loc"]) or "arguments"
        problems.append(f"{field}: {detail['msg']}")
    return "; ".join(problems)


@contextmanager
def _domain_errors_as_tool_errors() -> Iterator[None]:
    """Services speak in domain errors; a tool answers with the same sentence as a tool error."""
    try:
        yield
    except DomainError as error:
        raise ToolError(error.message) from error
    except DjangoValidationError as error:
        fields = validation_messages(error)
        raise ToolError("; ".join(f"{field}: {' '.join(messages)}" for field, messages in fields.items())) from error


def compact_schema(schema: Any, definitions: dict[str, Any] | None = None) -> Any:
    """The same JSON Schema, cheaper for a client to check: refs inlined, titles dropped, nullables as type lists.

    The SDK's client validates every structured result against the output
    schema; pydantic's form (``$ref`` into ``$defs``, ``anyOf [X, null]``,
    a ``title`` on every property) costs it about twice as much per task in a
    list as this equivalent one does.
    """
    if isinstance(schema, list):
        return [compact_schema(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if definitions is None:
        definitions = schema.get("$defs", {})
    if "$ref" in schema:
        return compact_schema(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    compact = {}
    for keyword, value in schema.items():
        if keyword in {"$defs", "title"}:
            continue
        if keyword == "properties":
            compact[keyword] = {name: compact_schema(sub, definitions) for name, sub in value.items()}
        else:
            compact[keyword] = compact_schema(value, definitions)
    options = compact.get("anyOf")
    if options and len(options) == 2 and {"type": "null"} in options:
        (other,) = [option for option in options if option != {"type": "null"}]
        if isinstance(other.get("type"), str) and not other.keys() & compact.keys():
            del compact["anyOf"]
            compact |= other | {"type": [other["type"], "null"]}
    return compact


def _register(annotations: ToolAnnotations) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        tool = Tool.from_function(function, annotations=annotations)
        tool.fn_metadata.output_schema = compact_schema(tool.fn_metadata.output_schema)
        TOOLS[function.__name__] = tool
        return function

    return register


def _result(task: Task, status: str) -> TaskResult:
    return {"task_id": task.pk, "status": status, "title": task.title}  # type: ignore[typeddict-item]


@_register(
    ToolAnnotations(
        title="Add a task", read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
    )
)
def add_task(
    title: Title,
    description: Description = "",
    priority: PriorityName = "medium",
    due_date: DueDate = None,
) -> TaskResult:
    """Add a new task to the user's to-do list.

    Use this when the user wants to remember, plan or do something ("add a task
    to buy groceries", "remind me to pay the bills"). Returns the new task's id,
    which the other tools take.
    """
    with acting_user() as user, _domain_errors_as_tool_errors():
        task = services.add_task(user, title=title, description=description, priority=priority, due_date=due_date)
    return _result(task, "created")


@_register(
    ToolAnnotations(
        title="List tasks", read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )
)
def list_tasks(
    status: Annotated[
        Literal["all", "pending", "completed"],
        Field(description="'pending' for tasks still to do, 'completed' for done ones, 'all' for both."),
    ] = "all",
    search: Annotated[
        str | None,
        Field(max_length=200, description="Only tasks whose title or description contains this text."),
    ] = None,
    limit: Annotated[int, Field(ge=1, le=200, description="How many tasks to return at most.")] = 50,
    offset: Annotated[int, Field(ge=0, description="How many matching tasks to skip, for paging.")] = 0,
) -> TaskList:
    """List the user's tasks, newest first, with their ids.

    Use this to show tasks ("what's pending?", "what have I completed?") and to
    find a task's id by its title before completing, updating or deleting it.
    ``total`` counts every match, so compare it with the number returned to
    know whether to page on with ``offset``.
    """
    with acting_user() as user, _domain_errors_as_tool_errors():
        matching = services.list_tasks(user, status=status, search=search)
        page, total = matching.values(*TaskItem.__annotations__).page_with_total(offset=offset, limit=limit)
    return {"tasks": page, "total": total}  # type: ignore[typeddict-item]


@_register(
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

    Completing a task that is already complete changes nothing. To find the id
    of a task known by its title, call list_tasks first.
    """
    with acting_user() as user, _domain_errors_as_tool_errors():
        task = services.complete_task(user, task_id)
    return _result(task, "completed")


@_register(
    ToolAnnotations(
        title="Delete a task", read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
    )
)
def delete_task(task_id: TaskId) -> TaskResult:
    """Delete one of the user's tasks for good; this cannot be undone.

    Only delete what the user asked to delete. If several tasks could match what
    they said, list them and ask which one rather than guessing.
    """
    with acting_user() as user, _domain_errors_as_tool_errors():
        task = services.delete_task(user, task_id)
    return _result(task, "deleted")


@_register(
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
    priority: Annotated[
        Literal["low", "medium", "high"], Field(default_factory=_keep, description="The new priority; omit to keep.")
    ],
    due_date: Annotated[
        date | None,
        Field(default_factory=_keep, description="The new due day as YYYY-MM-DD, null to clear; omit to keep."),
    ],
    completed: Annotated[
        bool, Field(default_factory=_keep, description="true to mark done, false to reopen; omit to keep.")
    ],
) -> TaskResult:
    """Change one of the user's tasks: its title, notes, priority, due date or done state.

    Give only the fields to change; the others keep their values. Use it for
    "change task 1 to 'Call mom tonight'" or "move the report to Friday".
    """
    with acting_user() as user, _domain_errors_as_tool_errors():
        task = services.update_task(
            user,
            task_id,
            title=title,
            description=description,
            priority=priority,
            due_date=due_date,
            completed=completed,
        )
    return _result(task, "updated")
