"""The record of every change to a task: what changed, through which channel, on whose behalf.

A task's records are written only by ``tasks.store``, in the same statement as
the change they describe, so there is never a change without its record nor a
record without its change; a list's or a label's by ``tasks.organize``, in the
transaction of its change. They are never edited afterwards; an undo's own record
points back at what it undid (``undoes``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from todo_project.owned import OwnedQuerySet


class Action(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    COMPLETED = "completed", "Completed"
    UNCOMPLETED = "uncompleted", "Reopened"
    DELETED = "deleted", "Deleted"
    RESTORED = "restored", "Restored"


class Channel(models.TextChoices):
    WEB = "web", "Web"
    REST = "rest", "REST API"
    CHAT = "chat", "Chat"
    MCP = "mcp", "MCP"
    ADMIN = "admin", "Admin"


class Subject(models.TextChoices):
    """What a record is about: a task (most), or one of the person's lists or labels."""

    TASK = "task", "Task"
    LIST = "list", "List"
    LABEL = "label", "Label"


class ActivityQuerySet(OwnedQuerySet):
    def newest_first(self) -> "ActivityQuerySet":
        return self.order_by("-id")

    def with_undo(self) -> "ActivityQuerySet":
        """Each row with the activity that undid it (if any), in the same query."""
        return self.select_related("undone_by")


class Activity(models.Model):
    ACTOR_MAX_LENGTH = 200

    # ON DELETE CASCADE in the database: a user with a million activities goes in one statement.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="activities", db_index=False
    )
    action = models.CharField(max_length=11, choices=Action.choices)
    subject = models.CharField(max_length=5, choices=Subject.choices, default=Subject.TASK, db_default=Subject.TASK)
    # Not a foreign key: the record outlives the task it describes (a deleted task is restored from it).
    task_id = models.BigIntegerField(help_text="The id of the task, or of the list or label the subject names.")
    title = models.CharField(max_length=200, help_text="The task's title, or the list's or label's name.")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    actor = models.CharField(
        max_length=ACTOR_MAX_LENGTH, blank=True, default="", help_text="The token, app or conversation that acted."
    )
    group_id = models.UUIDField(default=uuid.uuid4, help_text="Changes made together (one request, one chat turn).")
    # The activity this one reversed; unique, so two racing undos of one change cannot both land.
    undoes = models.OneToOneField("self", null=True, blank=True, on_delete=models.DB_SET_NULL, related_name="undone_by")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "activities"
        indexes = [
            # "This user's changes, newest first" (ids grow with time).
            models.Index(fields=["user", "-id"], name="activity_user_recent"),
            # "Has this task changed since?" before an undo.
            models.Index(fields=["user", "task_id", "id"], name="activity_user_task"),
            models.Index(fields=["group_id"], name="activity_group"),
            # Retention: everything older than a cutoff, across users.
            models.Index(fields=["created_at"], name="activity_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(action__in=Action.values), name="activity_action_valid"),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="activity_channel_valid"),
            models.CheckConstraint(condition=models.Q(subject__in=Subject.values), name="activity_subject_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} “{self.title}” ({self.source})"

    @property
    def source(self) -> str:
        """Who acted, as a person reads it: 'MCP · Claude Desktop', 'Chat · conversation 4', 'Web'."""
        channel = Channel(self.channel).label
        return f"{channel} · {self.actor}" if self.actor else channel

    @property
    def changed_fields(self) -> list[str]:
        return sorted(self.after.keys() | self.before.keys())

    @property
    def undone_by_activity(self) -> "Activity | None":
        """The activity that reversed this one, or None while it stands."""
        try:
            return self.undone_by
        except Activity.DoesNotExist:
            return None
