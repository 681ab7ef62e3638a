"""The notifications menu: reminders that reached the person, with an unread count that updates by itself."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tasks import notifications


@login_required
@require_GET
def count(request: HttpRequest) -> HttpResponse:
    """The badge: how many are unread (polled by the header every 30 seconds)."""
    return render(request, "web/notifications/_count.html", {"unread": notifications.unread_count(request.user)})


@login_required
@require_GET
def menu(request: HttpRequest) -> HttpResponse:
    """The open menu's list (also a page of its own without JavaScript)."""
    inbox = notifications.inbox(request.user)
    context = {"inbox": inbox}
    template = "web/notifications/_list.html" if request.htmx else "web/notifications/page.html"
    return render(request, template, context)


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    notifications.mark_read(request.user)
    if request.htmx:
        return menu(request)
    return redirect("web:notifications")


@login_required
@require_GET
def open_one(request: HttpRequest, notification_id: int) -> HttpResponse:
    """A click on a notification (in the menu, an email or a push): read, then the task."""
    notification = notifications.open_notification(request.user, notification_id)
    if notification.task_id is None:
        return redirect("web:tasks")
    return redirect(reverse("web:edit_task", args=[notification.task_id]))
