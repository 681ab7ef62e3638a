"""Personal access tokens for MCP agents that stay connected longer than a JWT lives."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from todo_project.owned import OwnedQuerySet


class McpTokenQuerySet(OwnedQuerySet):
    def active(self) -> "McpTokenQuerySet":
        """Not revoked and not expired: the tokens that still open the door."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class McpToken(models.Model):
    """A named secret an agent presents as ``Authorization: Bearer todo_pat_...``.

    Only the SHA-256 digest of the secret is stored: a leaked database does not
    leak working tokens. ``prefix`` (the secret's first characters) lets a
    person recognise a token in a list without it being usable. Revoking marks
    the row rather than deleting it, so the admin keeps the history.
    """

    NAME_MAX_LENGTH = 100

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mcp_tokens")
    name = models.CharField(max_length=NAME_MAX_LENGTH, help_text="What the token is for, e.g. 'Claude Desktop'.")
    prefix = models.CharField(max_length=24, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty for a token that never expires.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = McpTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "MCP personal access token"
        indexes = [models.Index(fields=["user", "-created_at"], name="mcptoken_user_recent")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class OAuthClientProfile(models.Model):
    """What an OAuth client said about itself that the toolkit does not keep: its logo, for the consent page.

    Keyed by client_id (a generated id, or the URL of a client ID metadata document).
    """

    client_id = models.CharField(max_length=2000, unique=True)
    logo_uri = models.URLField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return self.client_id
