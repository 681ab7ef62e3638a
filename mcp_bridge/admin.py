"""Admin for MCP personal access tokens: staff can issue one for a user and see its secret once."""

from django.contrib import admin, messages
from django.utils import timezone

from .models import McpToken
from .tokens import issue_mcp_token


@admin.register(McpToken)
class McpTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["created_at", "expires_at", "revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # The owner of an issued token never changes: the secret was handed to them.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request, obj: McpToken, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        secret = issue_mcp_token(obj)
        messages.warning(request, f"Token for {obj.user}: {secret} — copy it now, it will not be shown again.")

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        revoked = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {revoked} token(s).")
