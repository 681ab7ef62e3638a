"""Keys that make adding a task safe to retry: the same key from the same user adds once."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from todo_project.owned import OwnedQuerySet


class IdempotencyKeyQuerySet(OwnedQuerySet):
    def expired(self) -> "IdempotencyKeyQuerySet":
        return self.filter(created_at__lt=IdempotencyKey.expiry_cutoff())


class IdempotencyKey(models.Model):
    """The first add made with a key, so a retry with the same key returns it instead of adding again.

    ``fingerprint`` is a digest of the add's arguments: the same key with
    different arguments is a client bug, refused rather than silently answered
    with the first task.
    """

    KEY_MAX_LENGTH = 255
    LIFETIME = timedelta(hours=24)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="idempotency_keys", db_index=False
    )
    key = models.CharField(max_length=KEY_MAX_LENGTH)
    fingerprint = models.CharField(max_length=64)
    task_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self) -> str:
        return f"{self.key} → task {self.task_id}"

    @classmethod
    def expiry_cutoff(cls):
        """Keys created before this moment no longer count."""
        return timezone.now() - cls.LIFETIME
