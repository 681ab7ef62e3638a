"""Web Push: the server's VAPID key, browsers' subscriptions, and sending one reminder to one browser.

Encryption (RFC 8291) and the VAPID signature (RFC 8292) are ``pywebpush``'s and ``py_vapid``'s.
"""

import json
from typing import Final
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from py_vapid import Vapid02, b64urlencode
from pywebpush import WebPushException, webpush

from .models import Notification, PushSubscription, WebPushKey

TIMEOUT: Final = 10
"""Seconds a push service has to answer."""
TTL: Final = 24 * 60 * 60
"""How long a push service keeps a reminder for a browser that is offline."""


class Gone(Exception):
    """The push service says this subscription no longer exists (404 or 410): the browser unsubscribed."""


def _private_pem() -> str:
    if settings.TODO_VAPID_PRIVATE_KEY:
        return settings.TODO_VAPID_PRIVATE_KEY
    key = WebPushKey.objects.order_by("pk").first()
    if key is None:
        made = Vapid02()
        made.generate_keys()
        try:
            with transaction.atomic():
                key = WebPushKey.objects.create(pk=1, private_pem=made.private_pem().decode())
        except IntegrityError:  # another process made it first: theirs is the one
            key = WebPushKey.objects.get(pk=1)
    return key.private_pem


def vapid() -> Vapid02:
    return Vapid02.from_pem(_private_pem().encode())


def application_server_key() -> str:
    """The public key browsers subscribe with (``applicationServerKey``), base64url, uncompressed point."""
    public = vapid().public_key
    raw = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64urlencode(raw)


def subscribe(user, *, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription for the user (the same endpoint again replaces its keys)."""
    values = {"endpoint": endpoint.strip(), "p256dh": p256dh.strip(), "auth": auth.strip()}
    errors = {name: "This field is required." for name, value in values.items() if not value}
    for name, value in values.items():
        longest = getattr(PushSubscription._meta.get_field(name), "max_length", None)
        if longest is not None and len(value) > longest:
            errors[name] = f"Ensure this value has at most {longest} characters."
        if "\x00" in value:
            errors[name] = "Null characters are not allowed."
    if values["endpoint"] and not _known_service(values["endpoint"]):
        errors.setdefault("endpoint", "Not a push service this server sends to (TODO_PUSH_SERVICES).")
    if errors:
        raise ValidationError(errors)
    PushSubscription.objects.filter(endpoint=values["endpoint"]).exclude(user=user).delete()  # the browser moved
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=values["endpoint"], defaults={**values, "user": user}
    )
    return subscription


def _known_service(endpoint: str) -> bool:
    """Whether ``endpoint`` is an https URL of a known push service (or any URL, with ``TODO_PUSH_SERVICES=*``):
    the server posts to it, so a subscription must not point it at anything else."""
    allowed = settings.TODO_PUSH_SERVICES
    if "*" in allowed:
        return endpoint.startswith(("https://", "http://"))
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == known or host.endswith(f".{known}") for known in allowed)


def unsubscribe(user, endpoint: str) -> bool:
    deleted, _ = PushSubscription.objects.for_user(user).filter(endpoint=endpoint.strip()).delete()
    return bool(deleted)


def payload(notification: Notification, url: str) -> str:
    """What the service worker shows: the title, when, where a click goes, and a tag that folds repeats."""
    return json.dumps(
        {
            "title": notification.title,
            "body": "Reminder" + (" (late)" if notification.late else ""),
            "url": url,
            "tag": f"reminder-{notification.reminder_id or notification.pk}",
        }
    )


def send_test(user) -> int:
    """Push a test notification to each of the user's browsers (an expired one is dropped); how many got it."""
    message = json.dumps(
        {"title": "Notifications are on", "body": "Reminders will show here.", "url": "/tasks/", "tag": "test"}
    )
    sent = 0
    for subscription in PushSubscription.objects.for_user(user):
        try:
            send(subscription, message)
        except Gone:
            subscription.delete()
        else:
            sent += 1
    return sent


def send(subscription: PushSubscription, message: str) -> None:
    """Push one message (``payload``) to one browser; ``Gone`` when its subscription has expired."""
    try:
        webpush(
            {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
            data=message,
            vapid_private_key=vapid(),
            vapid_claims={"sub": f"mailto:{settings.DEFAULT_FROM_EMAIL}"},
            ttl=TTL,
            timeout=TIMEOUT,
        )
    except WebPushException as error:
        if error.response is not None and error.response.status_code in {404, 410}:
            raise Gone(subscription.endpoint) from error
        raise
