"""Who is acting, and the record each change to a task leaves behind.

Edges (web, REST, chat, MCP, admin) build an ``Actor`` and hand it to the
services with the user, the same way: services never guess who called them.
``tasks.store`` writes the record of each change in the statement of the change.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Action, Activity, ActivityQuerySet, Channel, Subject


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


def completed_titles(user, *, within: timedelta, limit: int = 100) -> list[str]:
    """The titles of the tasks the user completed within the last ``within`` (and did not undo), newest first,
    each once."""
    titles = (
        Activity.objects.for_user(user)
        .filter(action=Action.COMPLETED, created_at__gte=timezone.now() - within, undone_by__isnull=True)
        .order_by("-created_at")
        .values_list("title", flat=True)[:limit]
    )
    return list(dict.fromkeys(titles))


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
        activities = activities.filter(subject=Subject.TASK, task_id=task_id)
    if since is not None:
        activities = activities.filter(created_at__gte=since)
    if before_id is not None:
        activities = activities.filter(pk__lt=before_id)
    if group_id is not None:
        activities = activities.filter(group_id=group_id)
    return activities
