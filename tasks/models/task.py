from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from todo_project.owned import OwnedQuerySet

from ..schedule import REPEAT_MAX_LENGTH
from .organize import TaskList


class Priority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class TaskQuerySet(OwnedQuerySet):
    def pending(self) -> "TaskQuerySet":
        return self.filter(completed=False)

    def completed(self) -> "TaskQuerySet":
        return self.filter(completed=True)


class Task(models.Model):
    TITLE_MAX_LENGTH = 200
    DESCRIPTION_MAX_LENGTH = 2000

    # No separate index on user: both composite indexes below start with it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    number = models.PositiveIntegerField(
        editable=False, help_text="The task's number in its owner's list: 1, 2, 3… in order of adding, never reused."
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.CharField(max_length=DESCRIPTION_MAX_LENGTH, blank=True, default="")
    completed = models.BooleanField(default=False)
    priority = models.CharField(max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    due_date = models.DateField(null=True, blank=True, help_text="The day it is due, in its owner's time zone.")
    due_time = models.TimeField(
        null=True, blank=True, help_text="The time of day it is due, on its owner's clock; empty for all day."
    )
    repeat = models.CharField(
        max_length=REPEAT_MAX_LENGTH,
        blank=True,
        default="",
        db_default="",
        help_text="An RFC 5545 rule (FREQ=WEEKLY;BYDAY=MO): where the task moves each time it is done.",
    )
    reminders = models.JSONField(
        default=list,
        db_default=models.Value([], output_field=models.JSONField()),
        blank=True,
        help_text='When to remind: [{"minutes_before": 30}, {"at": "2026-12-04T16:30:00+00:00"}] (tasks.schedule).',
    )
    steps = models.JSONField(
        default=list,
        db_default=models.Value([], output_field=models.JSONField()),
        blank=True,
        help_text='Its steps, in order, each done or not: [{"title": "Book flights", "done": true}] (tasks.steps).',
    )
    labels = ArrayField(
        models.CharField(max_length=40),
        default=list,
        db_default=models.Value([], output_field=ArrayField(models.CharField(max_length=40))),
        blank=True,
        help_text="The names of its labels (tasks.models.Label), as the person spells them.",
    )
    # Named after `reminders` and `steps`, whose default is the builtin `list`, which this name shadows below.
    # SET_NULL only for an account's deletion (its lists go with it); a list alone is deleted by
    # tasks.organize.delete_list, which first moves its tasks to the Inbox or deletes them, each recorded.
    list = models.ForeignKey(
        TaskList,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        db_index=False,
        help_text="The list it is in; empty for the Inbox.",
    )
    position = models.TextField(
        db_collation="C",
        default="",
        db_default="",
        blank=True,
        help_text="Its place in its list's manual order: a fractional index (tasks.order), compared byte by byte.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # "This user's tasks, newest first" and "... by status, newest first".
            models.Index(fields=["user", "-created_at", "-id"], name="task_user_recent"),
            models.Index(fields=["user", "completed", "-created_at", "-id"], name="task_user_status_recent"),
            # "Due by today, still to do" and "the next seven days": the Today and Upcoming views and their counts.
            models.Index(fields=["user", "completed", "due_date"], name="task_user_status_due"),
            # A list in manual order (and its first place, where a new task goes), and the counts of each list.
            models.Index(fields=["user", "list", "position", "id"], name="task_user_list_order"),
            # The Inbox in manual order (PostgreSQL reads no order out of "list_id IS NULL" in the one above).
            models.Index(
                fields=["user", "position", "id"], condition=models.Q(list__isnull=True), name="task_user_inbox_order"
            ),
            models.Index(fields=["user", "list"], condition=models.Q(completed=False), name="task_user_list_pending"),
            # "Tasks labelled errands (and home)": labels @> ARRAY['errands', 'home'].
            GinIndex(fields=["labels"], name="task_labels"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(priority__in=Priority.values), name="task_priority_valid"),
            models.CheckConstraint(
                condition=models.Q(due_time__isnull=True) | models.Q(due_date__isnull=False),
                name="task_due_time_has_a_day",
            ),
            # Also the index that finds "task 3" of a person.
            models.UniqueConstraint(fields=["user", "number"], name="task_number_per_user"),
        ]

    def __str__(self) -> str:
        return self.title
