"""The tasks app's models: the tasks themselves, the record of every change to them, add-once keys, and
the person's profile and calendar feed, and reminders with what they delivered."""

from .activity import Action, Activity, ActivityQuerySet, Channel
from .calendar import CalendarFeed
from .idempotency import IdempotencyKey
from .profile import TIME_ZONES, Profile, validate_time_zone
from .reminder import Notification, Outbox, PushSubscription, Reminder, WebPushKey
from .task import Priority, Task, TaskQuerySet

__all__ = [
    "TIME_ZONES",
    "Action",
    "Activity",
    "ActivityQuerySet",
    "CalendarFeed",
    "Channel",
    "IdempotencyKey",
    "Notification",
    "Outbox",
    "Priority",
    "Profile",
    "PushSubscription",
    "Reminder",
    "Task",
    "TaskQuerySet",
    "WebPushKey",
    "validate_time_zone",
]
