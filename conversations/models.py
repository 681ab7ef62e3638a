"""A user's conversations with the assistant, stored turn by turn.

Chat is stateless: every request rebuilds the conversation from these rows, so
a server restart between two messages loses nothing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from todo_project.owned import OwnedQuerySet


class ConversationQuerySet(OwnedQuerySet):
    pass


class Conversation(models.Model):
    TITLE_MAX_LENGTH = 200

    # No separate index on user: the composite index below starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations", db_index=False
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the chat service with each stored message, not by every save.
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            # "This user's conversations, most recent activity first".
            models.Index(fields=["user", "-updated_at", "-id"], name="conversation_user_recent"),
        ]

    def __str__(self) -> str:
        return self.title or f"Conversation {self.pk}"


class Role(models.TextChoices):
    USER = "user", "User"
    ASSISTANT = "assistant", "Assistant"


class MessageQuerySet(OwnedQuerySet):
    def in_order(self) -> "MessageQuerySet":
        return self.order_by("created_at", "id")


class Message(models.Model):
    CONTENT_MAX_LENGTH = 4000
    """The limit on what a person may send; the assistant's replies may be longer."""

    # No separate index on conversation: the composite index below starts with it.
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False)
    # Denormalised owner, so scoping a message never needs a join. The index also
    # serves the cascade when a user is deleted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages")
    role = models.CharField(max_length=9, choices=Role.choices)
    content = models.TextField()
    # [{name, arguments, result}] or [{name, arguments, error}], in the order the agent called them.
    tool_calls = models.JSONField(default=list, blank=True)
    # The activity group of the task changes this reply made (one per turn), so the turn can be undone.
    activity_group = models.UUIDField(null=True, blank=True)
    # Stamped by the chat service under the conversation's lock, never before the message ahead of it.
    created_at = models.DateTimeField(default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # "This conversation's messages in order" (and its latest N, read backwards).
            models.Index(fields=["conversation", "created_at", "id"], name="message_conversation_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="message_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:60]}"
