from functools import cache

from django.http import HttpRequest
from django.urls import reverse


@cache
def _links() -> dict[str, str]:
    names = (
        "landing",
        "tasks",
        "activity",
        "connect",
        "password_change",
        "settings",
        "logout",
        "delete_account",
        "login",
        "signup",
        "notifications",
        "notification_count",
    )
    return {name: reverse(f"web:{name}") for name in names}


def links(request: HttpRequest) -> dict[str, dict[str, str]]:
    """The header's links, reversed once per process: every page draws them."""
    return {"links": _links()}
