"""Web Push through a real push service on loopback that checks the VAPID signature and decrypts the payload
as a browser's would: subscribe, reminders, the test button, an expired subscription, and whose is whose."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import SETUP_ACTOR
from tasks import push, reminders, services
from tasks.models import Notification, Outbox, PushSubscription, Reminder

from . import push_service


@pytest.fixture
def push_stub(settings):
    settings.TODO_PUSH_SERVICES = ["*"]
    service, server = push_service.start()
    yield service
    server.shutdown()


def _subscribe(client: Client, subscription) -> int:
    response = client.post(
        "/notifications/push/subscribe/",
        json.dumps(subscription.as_browser_gives_it()),
        content_type="application/json",
    )
    return response.status_code


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_due_reminder_is_pushed_signed_and_encrypted(push_stub, user):
    browser = push_stub.subscribe()
    assert _subscribe(_signed_in(user), browser) == 201
    day = timezone.localdate() + timedelta(days=1)
    task = services.add_task(user, actor=SETUP_ACTOR, title="Call mom", due_date=day, due_time=timezone.now().time())
    Reminder.objects.filter(task_id=task.pk).update(fire_at=timezone.now() - timedelta(seconds=1))

    reminders.deliver_now()

    assert push_stub.refused == []
    (received,) = push_stub.received
    notification = Notification.objects.get()
    assert received.endpoint == browser.endpoint
    assert received.payload == {
        "title": "Call mom",
        "body": "Reminder",
        "url": f"/notifications/{notification.pk}/",
        "tag": f"reminder-{notification.reminder_id}",
    }
    assert received.claims["aud"] == push_stub.url and received.claims["sub"].startswith("mailto:")
    assert int(received.headers["ttl"]) > 0
    assert not Outbox.objects.exists()


@pytest.mark.django_db
def test_the_test_button_and_an_expired_subscription(push_stub, user):
    client = _signed_in(user)
    kept, expired = push_stub.subscribe(), push_stub.subscribe()
    _subscribe(client, kept)
    _subscribe(client, expired)
    push_stub.gone.add(expired.endpoint)

    answer = client.post("/notifications/push/test/").json()

    assert answer == {"sent": 1}
    assert [received.payload["title"] for received in push_stub.received] == ["Notifications are on"]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [kept.endpoint]


@pytest.mark.django_db
def test_the_key_is_made_once_and_kept():
    first = push.application_server_key()
    assert push.application_server_key() == first
    assert len(first) == 87  # base64url of a 65-byte uncompressed P-256 point


@pytest.mark.django_db
def test_one_person_cannot_remove_or_take_anothers_browser(push_stub, user, other_user):
    browser = push_stub.subscribe()
    _subscribe(_signed_in(user), browser)
    intruder = _signed_in(other_user)
    removed = intruder.post(
        "/notifications/push/unsubscribe/", json.dumps({"endpoint": browser.endpoint}), content_type="application/json"
    )
    assert removed.json() == {"unsubscribed": False}
    assert PushSubscription.objects.get().user == user


@pytest.mark.django_db
def test_a_malformed_subscription_is_a_400_naming_the_field(push_stub, user):
    client = _signed_in(user)
    assert client.post("/notifications/push/subscribe/", "nope", content_type="application/json").status_code == 400
    answer = client.post(
        "/notifications/push/subscribe/",
        json.dumps({"endpoint": "https://push.example/x"}),
        content_type="application/json",
    )
    assert answer.status_code == 400 and set(answer.json()) == {"p256dh", "auth"}
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",
        "https://169.254.169.254/latest",
        "https://evilfcm.googleapis.com.example/x",
    ],
)
def test_only_known_push_services_are_accepted(settings, user, endpoint):
    settings.TODO_PUSH_SERVICES = ["fcm.googleapis.com"]
    body = {"endpoint": endpoint, "keys": {"p256dh": "BNc", "auth": "x"}}
    answer = _signed_in(user).post("/notifications/push/subscribe/", json.dumps(body), content_type="application/json")
    assert answer.status_code == 400 and list(answer.json()) == ["endpoint"]
    assert not PushSubscription.objects.exists()
    body["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc"
    assert (
        _signed_in(user)
        .post("/notifications/push/subscribe/", json.dumps(body), content_type="application/json")
        .status_code
        == 201
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("keys", "field"),
    [({"p256dh": "B" * 201, "auth": "x"}, "p256dh"), ({"p256dh": "B", "auth": "x\x00"}, "auth")],
)
def test_oversized_or_nul_keys_are_field_errors(push_stub, user, keys, field):
    body = {"endpoint": push_stub.subscribe().endpoint, "keys": keys}
    answer = _signed_in(user).post("/notifications/push/subscribe/", json.dumps(body), content_type="application/json")
    assert answer.status_code == 400 and field in answer.json()
    long = {"endpoint": push_stub.url + "/push/" + "x" * 1000, "keys": {"p256dh": "B", "auth": "x"}}
    answer = _signed_in(user).post("/notifications/push/subscribe/", json.dumps(long), content_type="application/json")
    assert answer.status_code == 400 and "endpoint" in answer.json()
    assert not PushSubscription.objects.exists()
