"""The profile API: a REST client reads and sets the person's time zone, and so their "today"."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tasks import services


def test_a_new_person_is_on_the_servers_zone_and_can_move(api, user):
    assert api.get("/api/auth/profile/").json() == {
        "username": user.username,
        "time_zone": "",
        "today": datetime.now(UTC).date().isoformat(),
        "remind_by_default": True,
        "email_reminders": True,
    }

    moved = api.patch("/api/auth/profile/", {"time_zone": "Pacific/Kiritimati"}, format="json")

    assert moved.status_code == 200
    assert moved.json()["time_zone"] == "Pacific/Kiritimati"
    assert moved.json()["today"] == datetime.now(ZoneInfo("Pacific/Kiritimati")).date().isoformat()
    assert services.time_zone_name(user) == "Pacific/Kiritimati"
    assert api.patch("/api/auth/profile/", {"time_zone": ""}, format="json").json()["time_zone"] == ""


@pytest.mark.parametrize("value", ["Mars/Olympus", 42, None, "Europe/Paris\x00"])
def test_a_zone_that_does_not_exist_is_a_field_error_and_changes_nothing(api, user, value):
    refused = api.patch("/api/auth/profile/", {"time_zone": value}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["time_zone"]
    assert services.time_zone_name(user) == ""


def test_the_profile_needs_a_sign_in(client, db):
    assert client.get("/api/auth/profile/").status_code == 401


def test_reminder_settings_are_read_and_set_one_at_a_time(api, user):
    assert api.patch("/api/auth/profile/", {"email_reminders": False}, format="json").status_code == 200
    assert services.reminder_settings(user) == services.ReminderSettings(remind_by_default=True, email_reminders=False)
    refused = api.patch("/api/auth/profile/", {"remind_by_default": "no"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["remind_by_default"]
    assert services.reminder_settings(user).remind_by_default is True
