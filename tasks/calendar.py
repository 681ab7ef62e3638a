"""A person's calendar feed: a secret iCalendar URL of their dated tasks, for Google, Apple or Outlook calendars.

The secret is shown once, when the feed is turned on or its URL rotated; only
its SHA-256 digest is kept, so the URL is the only way in and rotating or
turning the feed off ends the old one at once. The feed holds each pending
task with a due date as an event (all day, or half an hour from its due time in
the person's zone), repeating by its rule (RRULE), with title and notes and
nothing else, read fresh at every poll through the one task list
(``services.task_page``).
"""

import hashlib
import secrets
from datetime import timedelta

import icalendar
from django.utils import timezone

from . import schedule, services
from .models import CalendarFeed

SECRET_BYTES = 32
FEED_LIMIT = 1000
"""At most this many tasks in a feed, the soonest due first."""
TIMED_LENGTH = timedelta(minutes=30)
"""How long a timed task's event lasts in the calendar."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def turn_on(user) -> str:
    """Turn the person's feed on, or give it a new URL (the old one stops working): the new secret, shown once."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    CalendarFeed.objects.update_or_create(user=user, defaults={"secret_digest": _digest(secret)})
    return secret


def turn_off(user) -> None:
    CalendarFeed.objects.for_user(user).delete()


def is_on(user) -> bool:
    return CalendarFeed.objects.for_user(user).exists()


def feed(secret: str) -> bytes | None:
    """The iCalendar document of the feed whose secret this is, or None (wrong, rotated or turned off)."""
    if not secret or len(secret) > 100:
        return None
    found = CalendarFeed.objects.filter(secret_digest=_digest(secret)).select_related("user").first()
    if found is None:
        return None
    person = found.user
    page = services.task_page(
        person,
        fields=("id", "number", "title", "description", "due_date", "due_time", "repeat"),
        status="pending",
        order="due",
        due_after=services.local_today(person) - timedelta(days=365),
        limit=FEED_LIMIT,
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Todo//calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Tasks of {person.get_username()}")
    stamp = timezone.now()
    zone = services.time_zone(person)
    for task in page.rows:
        event = icalendar.Event()
        event.add("uid", f"task-{task['id']}@todo")
        event.add("dtstamp", stamp)
        event.add("summary", f"#{task['number']} {task['title']}")
        moment = schedule.instant(task["due_date"], task["due_time"], zone)
        if moment is None:  # all day
            event.add("dtstart", task["due_date"])
            event.add("dtend", task["due_date"] + timedelta(days=1))
        else:
            event.add("dtstart", moment)
            event.add("dtend", moment + TIMED_LENGTH)
        if task["repeat"]:
            event.add("rrule", icalendar.vRecur.from_ical(task["repeat"]))
        event.add("transp", "TRANSPARENT")
        if task["description"]:
            event.add("description", task["description"])
        calendar.add_component(event)
    return calendar.to_ical()
