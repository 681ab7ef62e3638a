"""The notifications menu: reminders that reached the person, with an unread count that updates by itself."""

import json
import logging
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tasks import notifications, push

log = logging.getLogger(__name__)


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


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so it may show notifications for every page."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@cache
def _service_worker_source() -> bytes:
    path = finders.find("web/sw.js")
    assert path, "web/static/web/sw.js is missing"
    return Path(path).read_bytes()


def _subscription(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ValidationError({"subscription": "Expected the browser's PushSubscription as JSON."})
    keys = body.get("keys") if isinstance(body.get("keys"), dict) else {}
    return {
        "endpoint": str(body.get("endpoint") or ""),
        "p256dh": str(keys.get("p256dh") or ""),
        "auth": str(keys.get("auth") or ""),
    }


@login_required
@require_POST
def subscribe_push(request: HttpRequest) -> HttpResponse:
    """Keep this browser's push subscription (the JSON ``PushSubscription.toJSON()`` gives)."""
    try:
        push.subscribe(request.user, **_subscription(request))
    except ValidationError as error:
        return JsonResponse(error.message_dict, status=400)
    return JsonResponse({"subscribed": True}, status=201)


@login_required
@require_POST
def unsubscribe_push(request: HttpRequest) -> HttpResponse:
    try:
        endpoint = _subscription(request)["endpoint"]
    except ValidationError as error:
        return JsonResponse(error.message_dict, status=400)
    return JsonResponse({"unsubscribed": push.unsubscribe(request.user, endpoint)})


@login_required
@require_POST
def test_push(request: HttpRequest) -> HttpResponse:
    """Send a test notification to this person's browsers, and say how many got it."""
    try:
        sent = push.send_test(request.user)
    except Exception:  # a push service that is down or refuses: said, not a 500
        log.exception("test push failed")
        return JsonResponse(
            {"sent": 0, "error": "The push service did not take the test; try again later."}, status=502
        )
    return JsonResponse({"sent": sent})
