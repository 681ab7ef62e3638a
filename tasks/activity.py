"""Who is acting, and the record each change to a task leaves behind.

Edges (web, REST, chat, MCP, admin) build an ``Actor`` and hand it to the
services with the user, the same way: services never guess who called them.
The services call ``record`` inside the transaction of the change.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Final
from uuid import UUID, uuid4

from django.core.exceptions import ValidationError
from django.db.models import Field

from .models import Action, Activity, ActivityQuerySet, Channel, Task

TRACKED_FIELDS: Final = ("title", "description", "priority", "due_date", "completed")
"""The fields a person can change, and so the ones an undo puts back."""


@dataclass(frozen=True)
class Actor:
    """Who is making a change: the channel, and the token, app or conversation acting in it.

    ``group_id`` ties changes made together (one chat turn, one bulk action) so
    they can be undone together; None gives each change a group of its own.
    """

    channel: Channel
    name: str = ""
    group_id: UUID | None = None

    def in_new_group(self) -> "Actor":
        """The same actor, with a fresh group for the changes about to be made together."""
        return replace(self, group_id=uuid4())

    @classmethod
    def for_conversation(cls, conversation_id: int) -> "Actor":
        """The assistant acting in one conversation; each turn is its own group."""
        return cls(Channel.CHAT, f"conversation {conversation_id}", group_id=uuid4())


def _json(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(task: Task, fields: tuple[str, ...] = TRACKED_FIELDS) -> dict[str, Any]:
    """The task's values of ``fields``, as JSON."""
    return {name: _json(getattr(task, name)) for name in fields}


def full_snapshot(task: Task) -> dict[str, Any]:
    """Everything needed to bring a deleted task back as it was, under its own number."""
    return {**snapshot(task), "number": task.number, "created_at": _json(task.created_at)}


def field_values(values: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's JSON turned back into model values (dates, datetimes)."""
    return {name: _tracked_field(name).to_python(value) for name, value in values.items()}


def _tracked_field(name: str) -> Field:
    field = Task._meta.get_field(name)
    assert isinstance(field, Field), name  # the tracked fields are the task's own columns, not relations
    return field


def change_action(changed: tuple[str, ...], task: Task) -> Action:
    """How to name an edit: 'completed'/'uncompleted' when that is all that changed, else 'updated'."""
    if changed == ("completed",):
        return Action.COMPLETED if task.completed else Action.UNCOMPLETED
    return Action.UPDATED


def record(
    user,
    actor: Actor,
    action: Action,
    task: Task,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    undoes: Activity | None = None,
) -> Activity:
    """Write the activity of one change; call it inside the change's transaction."""
    activity = Activity(
        user=user,
        action=action,
        task_id=task.pk,
        title=task.title,
        before=before,
        after=after,
        channel=actor.channel,
        actor=actor.name[: Activity.ACTOR_MAX_LENGTH],
        undoes=undoes,
    )
    if actor.group_id is not None:
        activity.group_id = actor.group_id
    activity.save(force_insert=True)
    return activity


def list_activity(
    user,
    *,
    channel: str | None = None,
    task_id: int | None = None,
    since: datetime | None = None,
    before_id: int | None = None,
    group_id: UUID | None = None,
) -> ActivityQuerySet:
    """The user's changes, newest first, each with what undid it; narrowed by channel, task and time.

    ``before_id`` pages backwards: only changes older than that activity.
    """
    if channel is not None and channel not in Channel.values:
        raise ValidationError({"channel": f"Must be one of: {', '.join(Channel.values)}."})
    activities = Activity.objects.for_user(user).with_undo().newest_first()
    if channel is not None:
        activities = activities.filter(channel=channel)
    if task_id is not None:
        activities = activities.filter(task_id=task_id)
    if since is not None:
        activities = activities.filter(created_at__gte=since)
    if before_id is not None:
        activities = activities.filter(pk__lt=before_id)
    if group_id is not None:
        activities = activities.filter(group_id=group_id)
    return activities
