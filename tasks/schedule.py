"""When a task is due, how it repeats and when it reminds: the rules every edge shares, written once.

A due date may carry a time. Both are the person's own wall-clock values
(``due_date`` 2026-12-04, ``due_time`` 17:00 in their time zone), as a paper
diary keeps them, so a task "at 5pm" stays at 5pm when they move; its instant
(``instant``) is read in their zone when it is needed. A repeat is an RFC 5545
rule (``FREQ=MONTHLY;BYMONTHDAY=1``) read by ``python-dateutil``, counted from
the task's current due date; a rule with ``COUNT`` counts the occurrences still
to come, so each move spends one. A reminder is either ``{"minutes_before": N}``
(before the due time; an all-day task's "due time" for this is
``ALL_DAY_REMINDER_TIME``) or ``{"at": instant}``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

ALL_DAY_REMINDER_TIME: Final = time(9, 0)
"""When a reminder "N minutes before" an all-day task counts from: 9:00 on its day, in the person's zone."""
MAX_REMINDERS: Final = 5
MAX_MINUTES_BEFORE: Final = 4 * 7 * 24 * 60
"""The longest "before" a reminder may be: four weeks."""
REPEAT_MAX_LENGTH: Final = 200
DEFAULT_REMINDER: Final = {"minutes_before": 0}
"""What a timed task gets when it is added without reminders, unless the person turned that off."""

_FREQUENCIES: Final = {"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY}
_PARTS: Final = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"})
_DAY_NAMES: Final = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_MONTH_NAMES: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_UNITS: Final = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def zone_named(name: str) -> tzinfo:
    """A person's time zone from its name; "" (no choice made) is the server's ``TIME_ZONE``."""
    return ZoneInfo(name or settings.TIME_ZONE)


DUE_FORMATS: Final = "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, with or without an offset)"


def parse_due(value: object) -> date | datetime | None:
    """A due value as an edge receives it (text, or already a date): a date, a date-time (with or without its
    offset) or None. ValueError says what is accepted."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"Enter {DUE_FORMATS}.")


def local_due(value: date | datetime, zone: tzinfo) -> tuple[date, time | None]:
    """A due value as a day and a time of day in ``zone``: a date is all day; a date-time with an offset is
    turned into ``zone``'s wall clock; one without an offset is taken as ``zone``'s already. To the minute."""
    if not isinstance(value, datetime):
        return value, None
    if value.tzinfo is not None:
        value = value.astimezone(zone)
    return value.date(), value.time().replace(second=0, microsecond=0)


def instant(due_date: date | None, due_time: time | None, zone: tzinfo) -> datetime | None:
    """The moment a timed task falls due (aware, in ``zone``); None for an all-day or undated task."""
    if due_date is None or due_time is None:
        return None
    return datetime.combine(due_date, due_time, tzinfo=zone)


# Repeats


def _rule_parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        parts[name.strip().upper()] = value.strip().upper()
    return parts


def clean_repeat(rule: str) -> str:
    """A repeat rule as it is kept (upper case, no ``RRULE:`` prefix), or "" for none; ValidationError (on
    ``repeat``) for a rule that is not RFC 5545, repeats more than daily, or names its own start."""
    rule = rule.strip()
    if not rule:
        return ""
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    problem = None
    parts = _rule_parts(rule)
    if len(rule) > REPEAT_MAX_LENGTH:
        problem = f"at most {REPEAT_MAX_LENGTH} characters"
    elif parts.get("FREQ") not in _FREQUENCIES:
        problem = "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"
    elif unknown := sorted(parts.keys() - _PARTS):
        problem = f"{', '.join(unknown)} is not supported here"
    elif "COUNT" in parts and "UNTIL" in parts:
        problem = "give COUNT or UNTIL, not both"
    else:
        try:
            rrule.rrulestr(rule, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001  (rules are on the person's clock)
        except (ValueError, TypeError) as error:
            problem = str(error) or "not an RFC 5545 rule"
    if problem:
        raise ValidationError(
            {"repeat": f"Not a repeat rule: {problem}. Examples: “FREQ=WEEKLY;BYDAY=MO”, “FREQ=MONTHLY;BYMONTHDAY=1”."}
        )
    return ";".join(f"{name}={value}" for name, value in parts.items())


def _occurrences(rule: str, start: date) -> rrule.rrule | rrule.rruleset:
    """The rule's days from ``start`` (a single RRULE, as ``clean_repeat`` keeps it)."""
    return rrule.rrulestr(rule, dtstart=datetime.combine(start, time()), ignoretz=True)


def first_occurrence(rule: str, on_or_after: date) -> date | None:
    """The first day ``rule`` falls on from ``on_or_after``, when a repeating task is given no due date."""
    found = _occurrences(rule, on_or_after).after(datetime.combine(on_or_after, time()), inc=True)
    return found.date() if found else None


@dataclass(frozen=True)
class NextOccurrence:
    due_date: date
    repeat: str
    """The rule from the new due date on (its COUNT one less)."""


def next_occurrence(rule: str, due: date, today: date) -> NextOccurrence | None:
    """Where a repeating task moves when it is done or skipped: its rule's first day after both its due day and
    today (an overdue daily task done today comes back tomorrow, not on a day already past). None when the
    rule has no more days (past its UNTIL, or its COUNT spent): then the task is simply done."""
    parts = _rule_parts(rule)
    occurrences = _occurrences(rule, due)
    after = occurrences.after(datetime.combine(max(due, today), time()), inc=False)
    if after is None:
        return None
    if "COUNT" in parts:
        spent = sum(1 for _ in occurrences.between(datetime.combine(due, time()), after, inc=True)) - 1
        left = int(parts["COUNT"]) - spent
        if left < 1:
            return None
        parts["COUNT"] = str(left)
    return NextOccurrence(after.date(), ";".join(f"{name}={value}" for name, value in parts.items()))


def _ordinal(number: int) -> str:
    if number == -1:
        return "last"
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _day(byday: str) -> str:
    """``MO`` → Monday, ``-1FR`` → the last Friday, ``2TU`` → the 2nd Tuesday."""
    position, name = byday[:-2], _DAY_NAMES.get(byday[-2:], byday[-2:])
    return f"the {_ordinal(int(position))} {name}" if position else name


def repeat_words(rule: str) -> str:
    """A rule as people say it: "every day", "every weekday", "every 2 weeks on Monday and Thursday",
    "every month on the 1st", "every month on the last Friday", "every year", with "until …" or "N more times"."""
    if not rule:
        return ""
    parts = _rule_parts(rule)
    frequency = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    unit = _UNITS.get(frequency, "time")
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    words = "every " + (f"{interval} {unit}s" if interval > 1 else unit)
    if frequency in {"DAILY", "WEEKLY"} and interval == 1 and sorted(days) == sorted(["MO", "TU", "WE", "TH", "FR"]):
        words = "every weekday"
    elif days and frequency == "WEEKLY" and interval == 1 and len(days) == 1:
        words = f"every {_day(days[0])}"
    elif days and frequency in {"DAILY", "WEEKLY"}:
        words += " on " + _joined([_day(day) for day in days])
    elif days and frequency in {"MONTHLY", "YEARLY"}:
        position = parts.get("BYSETPOS")
        named = [_day(f"{position}{day}") if position else _day(day) for day in days]
        words += " on " + _joined(named)
    if monthdays := [day for day in parts.get("BYMONTHDAY", "").split(",") if day]:
        words += " on the " + _joined([_ordinal(int(day)) + ("" if int(day) > 0 else " day") for day in monthdays])
    if months := [month for month in parts.get("BYMONTH", "").split(",") if month]:
        words += " in " + _joined([_MONTH_NAMES[int(month) - 1] for month in months])
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        words += f" until {until[:4]}-{until[4:6]}-{until[6:8]}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        words += f", {count} more time{'s' if count != 1 else ''}"
    return words


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# Reminders


REMINDERS_JSON_SCHEMA: Final[dict[str, Any]] = {
    "type": "array",
    "maxItems": MAX_REMINDERS,
    "items": {
        "anyOf": [
            {
                "type": "object",
                "properties": {"minutes_before": {"type": "integer", "minimum": 0, "maximum": MAX_MINUTES_BEFORE}},
                "required": ["minutes_before"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"at": {"type": "string", "format": "date-time"}},
                "required": ["at"],
                "additionalProperties": False,
            },
        ]
    },
    "description": 'When to remind the user: [{"minutes_before": 30}] (before the due time; 0 is at it; an '
    'all-day task counts from 9:00), [{"at": "2026-12-04T16:30:00-08:00"}]. [] for none.',
}
"""Reminders as JSON Schema: the input schema of the REST API and of the MCP tools."""


def _reminder_error(position: int, problem: str) -> ValidationError:
    return ValidationError({"reminders": f"Reminder {position}: {problem}"})


def clean_reminders(value: object) -> list[dict[str, Any]]:
    """Reminders as they are kept: ``{"minutes_before": N}`` or ``{"at": "<UTC ISO instant>"}``, each once, in
    the order given. ValidationError (on ``reminders``) names the reminder and what is wrong with it."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError({"reminders": "Expected a list of reminders."})
    if len(value) > MAX_REMINDERS:
        raise ValidationError({"reminders": f"At most {MAX_REMINDERS} reminders per task."})
    cleaned: list[dict[str, Any]] = []
    for position, reminder in enumerate(value, start=1):
        if not isinstance(reminder, Mapping) or len(reminder) != 1 or not reminder.keys() <= {"minutes_before", "at"}:
            raise _reminder_error(position, "give exactly one of “minutes_before” (a number) or “at” (a date-time).")
        if "minutes_before" in reminder:
            minutes = reminder["minutes_before"]
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES_BEFORE:
                raise _reminder_error(
                    position, f"minutes_before must be a whole number from 0 to {MAX_MINUTES_BEFORE}."
                )
            item: dict[str, Any] = {"minutes_before": minutes}
        else:
            at = reminder["at"]
            try:
                moment = at if isinstance(at, datetime) else parse_datetime(at) if isinstance(at, str) else None
            except ValueError:  # the shape of a date-time, not a real one ("2030-13-45T10:00Z")
                moment = None
            if moment is None or moment.tzinfo is None:
                raise _reminder_error(
                    position, "at must be a date-time with its offset, e.g. 2026-12-04T17:00:00-08:00."
                )
            item = {"at": moment.astimezone(UTC).isoformat()}
        if item not in cleaned:
            cleaned.append(item)
    return cleaned


def reminder_times(
    reminders: Iterable[Mapping[str, Any]], due_date: date | None, due_time: time | None, zone: tzinfo
) -> list[datetime]:
    """When each reminder goes off (aware), in order; a reminder before the due time of an undated task never
    does, and is left out."""
    times = []
    for reminder in reminders:
        if "at" in reminder:
            times.append(datetime.fromisoformat(reminder["at"]))
        elif due_date is not None:
            due = datetime.combine(due_date, due_time or ALL_DAY_REMINDER_TIME, tzinfo=zone)
            times.append(due - timedelta(minutes=reminder["minutes_before"]))
    return times


def reminder_words(reminder: Mapping[str, Any], zone: tzinfo) -> str:
    """ "at the due time", "30 minutes before", "1 day before", or "Fri 4 Dec 17:00" for an absolute one."""
    if "at" in reminder:
        return datetime.fromisoformat(reminder["at"]).astimezone(zone).strftime("%a %-d %b %H:%M")
    minutes = reminder["minutes_before"]
    if minutes == 0:
        return "at the due time"
    for size, unit in ((7 * 24 * 60, "week"), (24 * 60, "day"), (60, "hour"), (1, "minute")):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''} before"
    raise AssertionError(minutes)  # every whole number of minutes is whole in minutes
