"""The activity tools: an agent can check what was changed (by itself or anyone) and undo a change."""

from datetime import datetime
from typing import Annotated, Any, Literal, TypedDict
from uuid import UUID

from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from tasks import activity, undo
from tasks.models import Activity
from todo_project.ids import MAX_ID

from ..identity import WRITE, acting
from .confirm import GO_AHEAD, NOT_CONFIRMED, ConfirmedForce
from .registry import domain_errors_as_tool_errors, register


class ActivityItem(TypedDict):
    id: int
    action: Literal["created", "updated", "completed", "uncompleted", "deleted", "restored"]
    subject: Literal["task", "list", "label"]
    """What changed; ``task_id`` and ``title`` are a list's or a label's id and name when it is not a task."""
    task_id: int
    title: str
    before: dict[str, Any]
    after: dict[str, Any]
    channel: Literal["web", "rest", "chat", "mcp", "admin"]
    actor: str
    group_id: str
    created_at: datetime
    undone_by: int | None


class ActivityList(TypedDict):
    """The user's most recent changes, newest first."""

    activities: list[ActivityItem]
    next_cursor: int | None
    """Pass it as ``cursor`` for the changes before these; null when there are none."""


class UndoResult(TypedDict):
    activity_id: int
    status: Literal["undone", "already_undone"]
    task_id: int
    title: str
    message: str


def _item(change: Activity) -> ActivityItem:
    undone_by = change.undone_by_activity
    return {
        "id": change.pk,
        "action": change.action,  # type: ignore[typeddict-item]
        "subject": change.subject,  # type: ignore[typeddict-item]
        "task_id": change.task_id,
        "title": change.title,
        "before": change.before,
        "after": change.after,
        "channel": change.channel,  # type: ignore[typeddict-item]
        "actor": change.actor,
        "group_id": str(change.group_id),
        "created_at": change.created_at,
        "undone_by": undone_by.pk if undone_by else None,
    }


@register(
    ToolAnnotations(
        title="List recent changes",
        read_only_hint=True,
        destructive_hint=False,
        idempotent_hint=True,
        open_world_hint=False,
    )
)
def list_activity(
    channel: Annotated[
        Literal["web", "rest", "chat", "mcp", "admin"] | None,
        Field(description="Only changes made through this channel ('mcp' for agents like you); omit for all."),
    ] = None,
    task_id: Annotated[
        int | None, Field(ge=1, le=MAX_ID, description="Only changes to this task; omit for all tasks.")
    ] = None,
    group_id: Annotated[
        UUID | None, Field(description="Only the changes made together in this group (one request or chat turn).")
    ] = None,
    limit: Annotated[int, Field(ge=1, le=100, description="How many changes to return at most.")] = 20,
    cursor: Annotated[
        int | None,
        Field(ge=1, le=MAX_ID, description="Only changes before this point: the next_cursor of the previous page."),
    ] = None,
) -> ActivityList:
    """List the most recent changes to the user's tasks, newest first: what changed, how, and by whom.

    Each change has its id (for undo_activity), the action, the task, the
    fields before and after, the channel (web, rest, chat, mcp, admin), the
    actor (the token, app or conversation) and ``undone_by`` if it was undone.
    Use it to check your own work, or to answer "what changed?". When
    ``next_cursor`` is not null there are older changes: call again with it as
    ``cursor`` (and the same filters) to page back.
    """
    with acting() as caller, domain_errors_as_tool_errors():
        changes = list(
            activity.list_activity(caller.user, channel=channel, task_id=task_id, group_id=group_id, before_id=cursor)[
                : limit + 1
            ]
        )
    page = changes[:limit]
    more = len(changes) > limit
    return {"activities": [_item(change) for change in page], "next_cursor": page[-1].pk if more else None}


@register(
    ToolAnnotations(
        title="Undo a change",
        read_only_hint=False,
        # Undoing an add deletes the task, and force overwrites a later change.
        destructive_hint=True,
        idempotent_hint=True,
        open_world_hint=False,
    )
)
def undo_activity(
    activity_id: Annotated[int, Field(ge=1, le=MAX_ID, description="The change's id, from list_activity.")],
    force: Annotated[
        bool,
        Field(description="Undo even if the task changed after this change (that later change is overwritten)."),
    ] = False,
    whole_group: Annotated[
        bool,
        Field(description="Also undo the changes made together with this one (same group_id: one request or turn)."),
    ] = False,
    confirmation: ConfirmedForce = GO_AHEAD,
) -> UndoResult:
    """Undo one recorded change: a deleted task comes back, an edit is reverted, a completion is reopened.

    Refused, naming the later change, when the task changed after it; undo
    that one first, or pass force=true only if the user wants the later change
    overwritten (a client that can ask the person is asked to confirm that).
    Undoing a change that was already undone changes nothing.
    """
    if not confirmation.confirm:
        raise ToolError(NOT_CONFIRMED)
    with acting(WRITE) as caller, domain_errors_as_tool_errors():
        if whole_group:
            group = undo.get_activity(caller.user, activity_id).group_id
            outcome = undo.undo_group(caller.user, group, actor=caller.actor, force=force)
        else:
            outcome = undo.undo_activity(caller.user, activity_id, actor=caller.actor, force=force)
    undone = next((change for change in outcome.undone if change.pk == activity_id), outcome.undone[0])
    return {
        "activity_id": undone.pk,
        "status": outcome.status,
        "task_id": undone.task_id,
        "title": undone.title,
        "message": outcome.message,
    }
