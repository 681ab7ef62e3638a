"""The tasks app's models: the tasks themselves, the record of every change to them, add-once keys, and
the person's profile and calendar feed, reminders with what they delivered, and lists and labels."""

from .activity import Action, Activity, ActivityQuerySet, Channel, Subject
from .calendar import CalendarFeed
from .idempotency import IdempotencyKey
from .imports import Import, ImportStatus
from .organize import INBOX, Colour, Label, TaskList, TaskListQuerySet
from .profile import TIME_ZONES, Profile, validate_time_zone
from .reminder import Notification, Outbox, PushSubscription, Reminder, WebPushKey
from .task import Priority, Task, TaskQuerySet

__all__ = [
    "INBOX",
    "TIME_ZONES",
    "Action",
    "Activity",
    "ActivityQuerySet",
    "CalendarFeed",
    "Channel",
    "Colour",
    "IdempotencyKey",
    "Import",
    "ImportStatus",
    "Label",
    "Notification",
    "Outbox",
    "Priority",
    "Profile",
    "PushSubscription",
    "Reminder",
    "Subject",
    "Task",
    "TaskList",
    "TaskListQuerySet",
    "TaskQuerySet",
    "WebPushKey",
    "validate_time_zone",
]
