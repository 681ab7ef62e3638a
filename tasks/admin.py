from django.contrib import admin

from todo_project.admin_filters import UsernameFilter

from .models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "priority", "completed", "due_date", "created_at"]
    list_filter = ["completed", "priority", UsernameFilter]
    search_fields = ["title", "description", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
