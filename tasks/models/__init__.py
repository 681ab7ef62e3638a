"""The tasks app's models: the tasks themselves, the record of every change to them, and add-once keys."""

from .activity import Action, Activity, ActivityQuerySet, Channel
from .idempotency import IdempotencyKey
from .profile import TIME_ZONES, Profile, validate_time_zone
from .task import Priority, Task, TaskQuerySet

__all__ = [
    "TIME_ZONES",
    "Action",
    "Activity",
    "ActivityQuerySet",
    "Channel",
    "IdempotencyKey",
    "Priority",
    "Profile",
    "Task",
    "TaskQuerySet",
    "validate_time_zone",
]
