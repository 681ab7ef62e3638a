"""The tools for lists, labels and a task's place: thin, like the task tools (``tasks.organize`` does the work)."""

from typing import Annotated, Literal, TypedDict

from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from tasks import organize, services
from tasks.models import INBOX, Label
from tasks.models import TaskList as TaskListModel

from ..identity import WRITE, acting
from .confirm import GO_AHEAD, NOT_CONFIRMED, ConfirmedListDelete
from .registry import domain_errors_as_tool_errors, register
from .tasks import TaskId, TaskResult, _result

ColourName = Literal["grey", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"]
ListName = Annotated[
    str, Field(min_length=1, max_length=TaskListModel.NAME_MAX_LENGTH, description="The list's name, or its id.")
]
LabelName = Annotated[
    str, Field(min_length=1, max_length=Label.NAME_MAX_LENGTH, description="The label's name (without #), or its id.")
]


class ListItem(TypedDict):
    id: int | None
    """null for the Inbox, where tasks in no list are."""
    name: str
    colour: ColourName
    archived: bool
    pending: int
    """How many of its tasks are still to do."""


class LabelItem(TypedDict):
    id: int
    name: str
    pending: int
    """How many tasks still to do have it."""


class Organization(TypedDict):
    """The user's lists (the Inbox first) and labels, by name."""

    lists: list[ListItem]
    labels: list[LabelItem]


class ListResult(TypedDict):
    list_id: int
    name: str
    status: Literal["created", "updated", "deleted"]
    moved_to_inbox: int
    deleted_tasks: int


class LabelResult(TypedDict):
    label_id: int
    name: str
    status: Literal["updated", "deleted"]
    tasks: int
    """How many tasks had it (a deletion takes it off them)."""


def _list(found: TaskListModel, status: str, *, moved: int = 0, deleted: int = 0) -> ListResult:
    return {
        "list_id": found.pk,
        "name": found.name,
        "status": status,  # type: ignore[typeddict-item]
        "moved_to_inbox": moved,
        "deleted_tasks": deleted,
    }


@register(
    ToolAnnotations(
        title="List lists and labels",
        read_only_hint=True,
        destructive_hint=False,
        idempotent_hint=True,
        open_world_hint=False,
    )
)
def list_lists(
    archived: Annotated[bool, Field(description="Include archived lists.")] = False,
) -> Organization:
    """The user's lists (with the Inbox, where tasks in no list are) and labels, each with how many tasks are
    still to do. Use it to learn the names a user means ("my work list", "#errands") before filtering
    list_tasks or moving a task."""
    with acting() as caller, domain_errors_as_tool_errors():
        found = organize.lists(caller.user, archived=archived)
        inbox = organize.inbox_pending(caller.user)
        labels = organize.labels(caller.user)
    lists: list[ListItem] = [{"id": None, "name": INBOX, "colour": "grey", "archived": False, "pending": inbox}]
    lists += [
        {"id": item.pk, "name": item.name, "colour": item.colour, "archived": item.archived, "pending": item.pending}  # type: ignore[typeddict-item]
        for item in found
    ]
    return {
        "lists": lists,
        "labels": [{"id": label.pk, "name": label.name, "pending": label.pending} for label in labels],
    }


@register(
    ToolAnnotations(
        title="Add a list", read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
    )
)
def add_list(
    name: Annotated[
        str, Field(min_length=1, max_length=TaskListModel.NAME_MAX_LENGTH, description="e.g. 'Groceries'.")
    ],
    colour: ColourName = "grey",
) -> ListResult:
    """Make a new list ("start a groceries list"). Tasks go in it with add_task's or update_task's ``list``."""
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        made = organize.create_list(caller.user, actor=caller.actor, name=name, colour=colour)
    return _list(made, "created")


@register(
    ToolAnnotations(
        title="Change a list", read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )
)
def update_list(
    list: ListName,
    name: Annotated[
        str | None, Field(min_length=1, max_length=TaskListModel.NAME_MAX_LENGTH, description="Its new name.")
    ] = None,
    colour: ColourName | None = None,
    archived: Annotated[
        bool | None, Field(description="true to archive it (kept, out of sight), false to bring it back.")
    ] = None,
) -> ListResult:
    """Rename, recolour, archive or bring back one of the user's lists."""
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        found = organize.get_list(caller.user, _list_id(caller.user, list))
        changed = organize.update_list(
            caller.user, found.pk, actor=caller.actor, name=name, colour=colour, archived=archived
        )
    return _list(changed, "updated")


def _list_id(user, reference: str) -> int:
    found = organize.find_list(user, reference)
    if found is None:
        raise ToolError(f"list: the {INBOX} is not a list you can change or delete.")
    return found


@register(
    ToolAnnotations(
        title="Delete a list", read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
    )
)
def delete_list(
    list: ListName,
    tasks: Annotated[
        Literal["move", "delete"],
        Field(description="Its tasks: 'move' them to the Inbox (the default) or 'delete' them with it."),
    ] = "move",
    confirmation: ConfirmedListDelete = GO_AHEAD,
) -> ListResult:
    """Delete one of the user's lists. Its tasks move to the Inbox unless the user said to delete them too; ask
    if they did not say. One undo_activity of the list's record puts the list and its tasks back."""
    if not confirmation.confirm:
        raise ToolError(NOT_CONFIRMED)
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        deleted = organize.delete_list(caller.user, _list_id(caller.user, list), actor=caller.actor, tasks=tasks)
    return _list(deleted.task_list, "deleted", moved=deleted.moved, deleted=deleted.deleted)


@register(
    ToolAnnotations(
        title="Rename a label",
        read_only_hint=False,
        destructive_hint=False,
        idempotent_hint=True,
        open_world_hint=False,
    )
)
def rename_label(
    label: LabelName, name: Annotated[str, Field(min_length=1, max_length=Label.NAME_MAX_LENGTH)]
) -> LabelResult:
    """Rename a label on every task that has it ("rename #shop to #errands")."""
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        renamed = organize.rename_label(caller.user, label, actor=caller.actor, name=name)
    return {"label_id": renamed.pk, "name": renamed.name, "status": "updated", "tasks": renamed.pending}


@register(
    ToolAnnotations(
        title="Delete a label",
        read_only_hint=False,
        destructive_hint=True,
        idempotent_hint=False,
        open_world_hint=False,
    )
)
def delete_label(label: LabelName) -> LabelResult:
    """Delete a label and take it off every task that has it (the tasks stay). Undoable with undo_activity."""
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        deleted, count = organize.delete_label(caller.user, label, actor=caller.actor)
    return {"label_id": deleted.pk, "name": deleted.name, "status": "deleted", "tasks": count}


@register(
    ToolAnnotations(
        title="Move a task in its list",
        read_only_hint=False,
        destructive_hint=False,
        idempotent_hint=False,
        open_world_hint=False,
    )
)
def move_task(
    task_id: TaskId,
    after: Annotated[int | None, Field(ge=1, description="Put it right after this task (same list).")] = None,
    before: Annotated[int | None, Field(ge=1, description="Put it right before this task (same list).")] = None,
    direction: Annotated[
        Literal["up", "down", "top", "bottom"] | None, Field(description="One place up or down, or to an end.")
    ] = None,
) -> TaskResult:
    """Change a task's place in its list's manual order (list_tasks with order 'manual' shows it): give one of
    after, before or direction. To move it to another list, use update_task's ``list``."""
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        written = services.move_task(
            caller.user, task_id, actor=caller.actor, after=after, before=before, direction=direction
        )
    return _result(written.task, "updated" if written.changed else "unchanged")
