"""The notifications menu and API: a delivered reminder is listed for its owner only, counted until read,
and opens its task."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import SETUP_ACTOR
from tasks import reminders, services
from tasks.models import Notification, Reminder


def _reminded(person, title: str):
    day = timezone.localdate() + timedelta(days=1)
    task = services.add_task(person, actor=SETUP_ACTOR, title=title, due_date=day, due_time=timezone.now().time())
    Reminder.objects.filter(task_id=task.pk).update(fire_at=timezone.now() - timedelta(seconds=1))
    return task


@pytest.mark.django_db
def test_the_menu_counts_lists_and_opens_only_ones_own(signed_in, other_signed_in, user, other_user):
    mine = _reminded(user, "Call mom")
    _reminded(other_user, "Bob's secret")
    reminders.deliver_now()
    notification = Notification.objects.get(user=user)

    assert ">1<" in signed_in.get("/notifications/count/").content.decode()
    menu = signed_in.get("/notifications/", headers={"HX-Request": "true"}).content.decode()
    assert "Call mom" in menu and "Bob's secret" not in menu

    assert other_signed_in.get(f"/notifications/{notification.pk}/").status_code == 404
    opened = signed_in.get(f"/notifications/{notification.pk}/")
    assert opened.status_code == 302 and opened["Location"] == f"/tasks/{mine.pk}/edit/"
    assert signed_in.get("/notifications/count/").content.decode().strip() == ""
    assert Notification.objects.get(user=other_user).read_at is None


@pytest.mark.django_db
def test_the_api_lists_and_marks_read(api, other_api, user, other_user):
    _reminded(user, "Call mom")
    _reminded(other_user, "Bob's secret")
    reminders.deliver_now()

    listed = api.get("/api/notifications/").json()
    assert listed["unread"] == 1
    assert [(item["title"], item["read_at"]) for item in listed["results"]] == [("Call mom", None)]
    assert api.post("/api/notifications/read/").json() == {"marked": 1}
    assert api.get("/api/notifications/").json()["unread"] == 0
    assert other_api.get("/api/notifications/").json()["unread"] == 1


@pytest.mark.django_db
def test_settings_turn_the_default_reminder_and_email_off(signed_in, user):
    response = signed_in.post("/accounts/settings/", {"time_zone": "Europe/Paris"})
    assert response.status_code == 302
    assert services.reminder_settings(user) == services.ReminderSettings(remind_by_default=False, email_reminders=False)
    signed_in.post("/accounts/settings/", {"time_zone": "Europe/Paris", "remind_by_default": "on"})
    assert services.reminder_settings(user).remind_by_default
