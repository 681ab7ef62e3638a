"""Pages show days in the person's own time zone: kept in their session, activated for each request.

The session learns it at sign-in (``tasks.services.time_zone_name``, as every
other channel reads it) and when they change it on the settings page, so no
page request pays a query for it.
"""

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tasks import services

SESSION_KEY = "time_zone"


def remember(request: HttpRequest, name: str) -> None:
    if name:
        request.session[SESSION_KEY] = name
    else:
        request.session.pop(SESSION_KEY, None)


@receiver(user_logged_in)
def _on_sign_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request, services.time_zone_name(user))


class TimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        name = session.get(SESSION_KEY) if session is not None else None
        if name:
            timezone.activate(ZoneInfo(name))
        else:
            timezone.deactivate()
        return self.get_response(request)
