from django.contrib import admin

from todo_project.admin_filters import UsernameFilter

from .models import Conversation, Message


class MessageInline(admin.TabularInline):
    model = Message
    fields = ["role", "content", "tool_calls", "created_at"]
    readonly_fields = ["role", "content", "tool_calls", "created_at"]
    extra = 0
    can_delete = False
    ordering = ["created_at", "id"]

    def has_add_permission(self, request, obj=None) -> bool:
        # Messages are written by the chat service only, so user always matches the conversation.
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "updated_at"]
    list_filter = [UsernameFilter, "updated_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"
    show_full_result_count = False
    inlines = [MessageInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["conversation", "user", "role", "short_content", "created_at"]
    list_filter = ["role", UsernameFilter, "created_at"]
    search_fields = ["content", "conversation__title", "user__username"]
    list_select_related = ["conversation", "user"]
    raw_id_fields = ["conversation", "user"]
    readonly_fields = ["created_at"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A message is a record of what was said, written by the chat service (conversations/store.py) only.
        return False

    @admin.display(description="content")
    def short_content(self, message: Message) -> str:
        return message.content[:80]
