"""What a person sorts their tasks into: lists (each task in one, or in the Inbox) and labels (any number)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from todo_project.owned import OwnedQuerySet

INBOX = "Inbox"
"""The list a task is in when it is in none of the person's own lists (``Task.list`` is empty): everyone has it."""


class Colour(models.TextChoices):
    """A list's colour: names the web app's palette draws in light and dark (with the same contrast)."""

    GREY = "grey", "Grey"
    RED = "red", "Red"
    ORANGE = "orange", "Orange"
    YELLOW = "yellow", "Yellow"
    GREEN = "green", "Green"
    TEAL = "teal", "Teal"
    BLUE = "blue", "Blue"
    PURPLE = "purple", "Purple"
    PINK = "pink", "Pink"


class TaskListQuerySet(OwnedQuerySet):
    def active(self) -> "TaskListQuerySet":
        return self.filter(archived=False)


class TaskList(models.Model):
    """One of a person's lists ("Work", "Groceries"). The Inbox is not a row: it is where ``Task.list`` is empty."""

    NAME_MAX_LENGTH = 60

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_lists", db_index=False
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    colour = models.CharField(max_length=6, choices=Colour.choices, default=Colour.GREY, db_default=Colour.GREY)
    archived = models.BooleanField(default=False, db_default=False, help_text="Kept, with its tasks, out of sight.")
    pending = models.PositiveIntegerField(
        default=0,
        db_default=0,
        editable=False,
        help_text="How many of its tasks are still to do (kept by tasks.store).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskListQuerySet.as_manager()

    class Meta:
        db_table = "tasks_list"
        ordering = [Lower("name"), "id"]
        constraints = [
            # Also the index that finds "the groceries list" of a person, whatever its case.
            models.UniqueConstraint("user", Lower("name"), name="list_name_per_user"),
            models.CheckConstraint(condition=models.Q(colour__in=Colour.values), name="list_colour_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    """One of a person's labels ("errands"). A task holds its labels' names (``Task.labels``); this row is the
    label itself: made on first use, and renamed or deleted once for every task that has it."""

    NAME_MAX_LENGTH = 40

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="labels", db_index=False)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    pending = models.PositiveIntegerField(
        default=0, db_default=0, editable=False, help_text="How many tasks still to do have it (kept by tasks.store)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "id"]
        constraints = [models.UniqueConstraint("user", Lower("name"), name="label_name_per_user")]

    def __str__(self) -> str:
        return self.name
