"""Admin for tasks (every change through the services, recorded as the admin's) and the read-only activity log."""

from django.contrib import admin

from todo_project.admin_filters import UsernameFilter

from . import services
from .activity import Actor
from .fields import EDITABLE, TRACKED
from .models import Activity, Channel, Task


def _admin_actor(request) -> Actor:
    return Actor(Channel.ADMIN, request.user.get_username())


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "priority", "completed", "due_date", "created_at"]
    list_filter = ["completed", "priority", UsernameFilter]
    search_fields = ["title", "description", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    # A list is its owner's (the form would offer everyone's); its place is set by moving it in the app.
    readonly_fields = ["list", "position", "created_at", "updated_at"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # A task never changes owner: the services have no such operation, and the activity log is per user.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def get_exclude(self, request, obj=None):
        # A new task starts pending, as through every other channel.
        return None if obj else ["completed"]

    def save_model(self, request, obj: Task, form, change: bool) -> None:
        actor = _admin_actor(request)
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data if name in TRACKED}
            services.update_task(obj.user, obj.pk, actor=actor, **changed)
            return
        created = services.add_task(obj.user, actor=actor, **{name: getattr(obj, name) for name in EDITABLE})
        obj.pk, obj.number, obj.created_at, obj.updated_at = (
            created.pk,
            created.number,
            created.created_at,
            created.updated_at,
        )

    def delete_model(self, request, obj: Task) -> None:
        services.delete_task(obj.user, obj.pk, actor=_admin_actor(request))

    def delete_queryset(self, request, queryset) -> None:
        actor = _admin_actor(request).in_new_group()
        for task in queryset.select_related("user"):
            services.delete_task(task.user, task.pk, actor=actor)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """What changed, by which channel and actor: for reading only, so the record stays true."""

    list_display = ["created_at", "user", "action", "title", "task_id", "channel", "actor", "undoes"]
    list_filter = ["channel", "action", UsernameFilter]
    search_fields = ["title", "actor", "user__username"]
    list_select_related = ["user", "undoes"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
