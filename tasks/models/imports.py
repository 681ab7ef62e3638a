from django.conf import settings
from django.db import models

from todo_project.owned import OwnedQuerySet


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Import(models.Model):
    """A file a person brought in: its tasks, already checked, added by a background job (``tasks.imports``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports")
    name = models.CharField(max_length=200, help_text="The file's name, as uploaded.")
    kind = models.CharField(max_length=12, help_text="todo-export (our JSON) or todoist (Todoist's CSV).")
    status = models.CharField(max_length=7, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total = models.PositiveIntegerField(help_text="How many tasks the file holds.")
    done = models.PositiveIntegerField(default=0, help_text="How many are in so far.")
    rows = models.JSONField(help_text="The tasks to add, checked when the file came in; emptied once added.")
    error = models.CharField(max_length=500, blank=True, default="")
    channel = models.CharField(max_length=5, default="web", help_text="Where it was uploaded: web or rest.")
    group_id = models.UUIDField(help_text="The activity group of everything it added: one undo takes it back.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
