from django.conf import settings
from django.db import models

from todo_project.owned import OwnedQuerySet


class Reminder(models.Model):
    """One moment a task reminds its owner: derived from the task's ``reminders``, due date and time and the
    owner's time zone by ``tasks.reminders.schedule`` whenever one of those changes, and delivered once by the
    worker (``tasks.reminders.deliver_due``).

    A row is kept after delivery (``delivered_at``) so a task moved back to the same moment is not reminded twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    # No constraint: tasks.store deletes tasks in SQL, and an undo brings them back under the same id. A reminder
    # of a task that is gone is passed over when it falls due (tasks.reminders), and is back with the task.
    task = models.ForeignKey(
        "tasks.Task", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )
    fire_at = models.DateTimeField(help_text="When it goes off.")
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also the index that finds a task's reminders when it changes.
            models.UniqueConstraint(fields=["task", "fire_at"], name="reminder_once_per_moment"),
        ]
        indexes = [
            # The worker's question, "what is due and not yet delivered?", answered from a small index.
            models.Index(fields=["fire_at"], condition=models.Q(delivered_at__isnull=True), name="reminder_due"),
        ]

    def __str__(self) -> str:
        return f"Reminder of task {self.task_id} at {self.fire_at:%Y-%m-%d %H:%M}"


class NotificationQuerySet(OwnedQuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A reminder as it reached the person in the app: the notifications menu lists these."""

    TITLE_MAX_LENGTH = 200

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    reminder = models.OneToOneField(
        Reminder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
        help_text="What it delivered; unique, so a reminder reaches the app once whatever the workers do.",
    )
    task = models.ForeignKey(  # no constraint, as Reminder.task: a deleted task may come back
        "tasks.Task", on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    fire_at = models.DateTimeField(help_text="When the reminder was meant to go off.")
    late = models.BooleanField(default=False, help_text="Delivered well after its moment (no worker was running).")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_recent"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class Outbox(models.Model):
    """A reminder still to be sent outside the app (an email, a push to one browser): written in the statement
    that delivers it in the app, removed in the transaction that sends it, so a worker that dies mid-send leaves
    it for the next one."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PUSH = "push", "Web Push"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    subscription = models.ForeignKey(
        "tasks.PushSubscription", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.channel} for notification {self.notification_id}"


class PushSubscription(models.Model):
    """One browser that asked for reminders by Web Push (its push service endpoint and keys)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user"], name="push_subscription_user")]

    def __str__(self) -> str:
        return f"Push subscription of user {self.user_id}"


class WebPushKey(models.Model):
    """The server's VAPID key pair for Web Push, made once (the first time it is needed) and kept, so every
    server of a fleet signs with it and browsers' subscriptions stay valid. ``TODO_VAPID_PRIVATE_KEY`` overrides."""

    private_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Web Push key {self.pk}"
