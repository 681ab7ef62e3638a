from django.conf import settings
from django.db import models
from django.db.models import Count, Window

from .profile import Profile

PAGE_TOTAL = "page_total"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class TaskQuerySet(models.QuerySet):
    def for_user(self, user) -> "TaskQuerySet":
        """The only door to a user's tasks: every read and write starts here."""
        return self.filter(user=user)

    def pending(self) -> "TaskQuerySet":
        return self.filter(completed=False)

    def completed(self) -> "TaskQuerySet":
        return self.filter(completed=True)

    def page_with_total(self, *, offset: int, limit: int) -> tuple[list, int]:
        """One page of these rows and how many there are in all, in one query (``COUNT(*) OVER ()``).

        The count runs over the matching rows only (one user's tasks), and
        saves a round trip and an ORM compilation on every list, REST or MCP.
        A page past the end has no row to carry the total, so only then is it
        counted on its own. Works on model and ``values()`` rows alike.
        """
        rows = list(self.annotate(**{PAGE_TOTAL: Window(Count("pk"))})[offset : offset + limit])
        if not rows:
            return rows, (self.count() if offset else 0)
        if isinstance(rows[0], dict):
            total = rows[0][PAGE_TOTAL]
            for row in rows:
                del row[PAGE_TOTAL]
        else:
            total = getattr(rows[0], PAGE_TOTAL)
        return rows, int(total)


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

    def save(self, *args, **kwargs) -> None:
        if self.number is None:  # a new task: the next number in its owner's list
            self.number = Profile.objects.next_task_number(self.user_id)
        super().save(*args, **kwargs)
