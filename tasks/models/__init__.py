"""The tasks app's models: the tasks themselves, the record of every change to them, add-once keys, and
the person's profile and calendar feed."""

from .activity import Action, Activity, ActivityQuerySet, Channel
from .calendar import CalendarFeed
from .idempotency import IdempotencyKey
from .profile import TIME_ZONES, Profile, validate_time_zone
from .task import Priority, Task, TaskQuerySet

__all__ = [
    "TIME_ZONES",
    "Action",
    "Activity",
    "ActivityQuerySet",
    "CalendarFeed",
    "Channel",
    "IdempotencyKey",
    "Priority",
    "Profile",
    "Task",
    "TaskQuerySet",
    "validate_time_zone",
]
