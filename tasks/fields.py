"""The task, described once: what a person can set, what the activity log tracks, and how lists filter and sort.

Serializers, MCP tools, web forms, the activity records, undo, the
idempotency fingerprint and the SQL of ``tasks.store`` and ``tasks.queries``
derive their field lists from here (or are checked against it by
``tasks/tests/test_fields.py``). Adding a field a person edits means adding it
to the model and to ``EDITABLE`` (and ``TRACKED``), nothing else in this app.
"""

from typing import Final, Literal

from .models import Priority

EDITABLE: Final = ("title", "description", "priority", "due_date", "due_time", "repeat", "reminders")
"""What a new task is given (add_task, the create forms and serializers, the idempotency fingerprint)."""

TRACKED: Final = (*EDITABLE, "completed")
"""What an update may change, what an activity record holds before and after, and so what an undo puts back."""

SHOWN: Final = ("id", "number", *TRACKED, "created_at", "updated_at")
"""A task as the REST API shows it (with ``due_at``, the instant a timed task falls due, worked out from these)."""

WHEN: Final = ("due_date", "due_time", "repeat", "reminders")
"""What says when a task is due and reminds (``tasks.schedule``): a change to any of them moves its reminders."""

PriorityName = Literal["low", "medium", "high"]
"""A priority as typed arguments and results spell it (tools, TypedDicts); checked against the model's choices."""
PRIORITIES: Final = tuple(Priority.values)
"""The priorities, least important first (the model's choices)."""

PRIORITY_RANK: Final = {priority: rank for rank, priority in enumerate(reversed(PRIORITIES))}
"""Position in a list ordered by priority: the most important first (high 0, medium 1, low 2)."""

StatusName = Literal["all", "pending", "completed"]
STATUSES: Final[dict[str, bool | None]] = {"all": None, "pending": False, "completed": True}
"""A status filter as the value of ``completed`` it keeps (None: either)."""

DueName = Literal["today", "tomorrow", "week", "overdue", "none"]
DUE_FILTERS: Final = ("today", "tomorrow", "week", "overdue", "none")

OrderName = Literal["newest", "due", "priority"]
ORDERS: Final = ("newest", "due", "priority")
"""``newest`` first; by ``due`` date and time (soonest first, a day's timed tasks before its all-day ones, undated
last); by ``priority`` (high first). Ties: newest first."""
