"""The task, described once: what a person can set, what the activity log tracks, and how lists filter and sort.

Serializers, MCP tools, web forms, the activity records, undo, the
idempotency fingerprint and the SQL of ``tasks.store`` and ``tasks.queries``
derive their field lists from here (or are checked against it by
``tasks/tests/test_fields.py``). Adding a field a person edits means adding it
to the model and to ``EDITABLE`` (and ``TRACKED``), nothing else in this app.
"""

from typing import Final, Literal

from .models import Priority

EDITABLE: Final = (
    "title",
    "description",
    "priority",
    "due_date",
    "due_time",
    "repeat",
    "reminders",
    "list_id",
    "labels",
    "steps",
)
"""What a new task is given (add_task, the create forms and serializers, the idempotency fingerprint).
``list_id`` is the list's id (None: the Inbox), as the column and every edge name it."""

TRACKED: Final = (*EDITABLE, "completed", "position")
"""What an update may change, what an activity record holds before and after, and so what an undo puts back.
``position`` is the task's place in its list (``tasks.order``): set by a move, never given."""

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

OrderName = Literal["newest", "due", "priority", "manual"]
ORDERS: Final = ("newest", "due", "priority", "manual")
"""``newest`` first; by ``due`` date and time (soonest first, a day's timed tasks before its all-day ones, undated
last); by ``priority`` (high first); ``manual``: as the person placed them in each list (the Inbox first, then the
lists by id). Ties: newest first."""
