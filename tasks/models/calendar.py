from django.conf import settings
from django.db import models

from todo_project.owned import OwnedQuerySet


class CalendarFeed(models.Model):
    """A person's secret calendar URL: only a digest of its secret is kept, and turning it off deletes it."""

    DIGEST_LENGTH = 64

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    secret_digest = models.CharField(max_length=DIGEST_LENGTH, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"
