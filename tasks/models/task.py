from django.conf import settings
from django.db import models

from todo_project.owned import OwnedQuerySet


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
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # "This user's tasks, newest first" and "... by status, newest first".
            models.Index(fields=["user", "-created_at", "-id"], name="task_user_recent"),
            models.Index(fields=["user", "completed", "-created_at", "-id"], name="task_user_status_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(priority__in=Priority.values), name="task_priority_valid"),
            # Also the index that finds "task 3" of a person.
            models.UniqueConstraint(fields=["user", "number"], name="task_number_per_user"),
        ]

    def __str__(self) -> str:
        return self.title
