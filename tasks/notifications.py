"""The reminders that reached a person in the app: what the notifications menu and the API list."""

from dataclasses import dataclass

from django.utils import timezone

from todo_project.errors import NotFound
from todo_project.ids import row_id

from .models import Notification

SHOWN = 10
"""How many the menu lists."""


class NotificationNotFound(NotFound):
    code = "notification_not_found"

    def __init__(self, notification_id: object):
        super().__init__(f"Notification {notification_id} not found")


@dataclass(frozen=True)
class Inbox:
    latest: list[Notification]
    unread: int


def inbox(user, *, limit: int = SHOWN) -> Inbox:
    """The user's latest notifications, newest first, and how many of all of theirs are unread."""
    mine = Notification.objects.for_user(user)
    return Inbox(latest=list(mine.order_by("-created_at", "-id")[:limit]), unread=mine.unread().count())


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()


def mark_read(user) -> int:
    """Mark all the user's notifications read; how many were unread."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def open_notification(user, notification_id: object) -> Notification:
    """One of the user's notifications, now read (what a click on it does); NotificationNotFound otherwise."""
    pk = row_id(notification_id)
    notification = Notification.objects.for_user(user).filter(pk=pk).first() if pk is not None else None
    if notification is None:
        raise NotificationNotFound(notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
