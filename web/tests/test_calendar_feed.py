"""The calendar feed: a secret iCalendar URL of a person's dated tasks, that rotating or turning off ends."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tasks import calendar, services
from tasks.activity import Actor
from tasks.models import CalendarFeed, Channel

PERSON = Actor(Channel.WEB)


def events(client, url: str) -> dict[str, icalendar.Event]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in parsed.walk("VEVENT")}


def feed_url(signed_in) -> str:
    made = signed_in.post("/connect/calendar/on/")
    assert made.status_code == 302 and made["Location"] == "/connect/#calendar"
    url = signed_in.get("/connect/").context["calendar_url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    return url.removeprefix("http://testserver")


def test_the_feed_holds_the_persons_pending_dated_tasks_as_all_day_events(client, signed_in, user, other_user):
    day = date(2030, 5, 17)
    report = services.add_task(user, title="Send the report", description="to Ann", due_date=day, actor=PERSON)
    services.add_task(user, title="Someday", actor=PERSON)  # no date: not in a calendar
    done = services.add_task(user, title="Done already", due_date=day, actor=PERSON)
    services.complete_task(user, done.pk, actor=PERSON)
    services.add_task(other_user, title="Not yours", due_date=day, actor=PERSON)

    found = events(client, feed_url(signed_in))

    assert list(found) == [f"#{report.number} Send the report"]
    event = found[f"#{report.number} Send the report"]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (day, day + timedelta(days=1))
    assert str(event["description"]) == "to Ann" and str(event["uid"]) == f"task-{report.pk}@todo"


def test_a_new_address_ends_the_old_one_and_turning_off_ends_both(client, signed_in, user):
    services.add_task(user, title="Dated", due_date=date(2030, 1, 1), actor=PERSON)
    first = feed_url(signed_in)
    second = feed_url(signed_in)

    assert first != second
    assert client.get(first).status_code == 404
    assert events(client, second)

    signed_in.post("/connect/calendar/off/")
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_only_the_digest_is_kept_and_the_address_is_shown_once(signed_in, user):
    url = feed_url(signed_in)
    secret = url.removeprefix("/calendar/").removesuffix(".ics")
    stored = CalendarFeed.objects.get(user=user)
    assert secret not in stored.secret_digest
    page = signed_in.get("/connect/")
    assert secret not in page.content.decode() and "The feed is on" in page.content.decode()


@pytest.mark.parametrize("secret", ["", "x", "a" * 5000, "..%2F..", "\u00e9t\u00e9"])
def test_a_wrong_address_is_a_404(client, db, secret):
    assert client.get(f"/calendar/{secret}.ics").status_code == 404
    assert calendar.feed(secret) is None


def test_turning_the_feed_on_needs_a_sign_in(client, db):
    assert client.post("/connect/calendar/on/").status_code == 302
    assert not CalendarFeed.objects.exists()


def test_timed_and_repeating_tasks_are_timed_and_repeating_events(client, signed_in, user):
    services.set_time_zone(user, "America/Los_Angeles")
    standup = services.add_task(
        user,
        title="Standup",
        due_date=date(2030, 5, 17),
        due_time=time(9, 30),
        repeat="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        actor=PERSON,
    )

    event = events(client, feed_url(signed_in))[f"#{standup.number} Standup"]

    start = event.decoded("dtstart")
    assert start == datetime(2030, 5, 17, 9, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert event.decoded("dtend") - start == timedelta(minutes=30)
    assert event["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
