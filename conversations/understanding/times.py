"""Times, repeats and reminders in what people type: "at 5pm", "tonight", "in 2 hours", "every Monday",
"every other week", "on the last Friday of the month", "remind me 30 min before".

Each finder returns the phrase's meaning and its span, so the words leave the
title, as ``dates.find`` does. Repeats come out as the RFC 5545 rules the task
keeps (``tasks.schedule`` reads them and says them back in words).
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Final

from .dates import COUNTS, WEEKDAYS

PARTS_OF_DAY: Final = {"morning": time(9), "afternoon": time(14), "evening": time(18), "night": time(20)}
"""When "tomorrow morning", "this evening" or "tonight" is, without a time said."""
PART_OF_DAY_WORDS: Final = re.compile(r"\b(?P<part>morning|afternoon|evening|night|tonight)\b", re.I)

_COUNT = r"\d{1,3}|" + "|".join(sorted((word for word in COUNTS if " " not in word), key=len, reverse=True))
_CLOCK = re.compile(
    r"(?<![\w:-])(?:(?:at|@|by|around|for)\s+)?"
    r"(?:(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?)(?![\w])"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\w:])"
    r"|(?P<noon>noon|midday|midnight))",
    re.I,
)
_AT_BARE_HOUR = re.compile(r"(?<![\w-])at\s+(?P<hour>\d{1,2})(?![\w:.])", re.I)
_IN = re.compile(rf"(?<![\w-])in\s+(?P<count>{_COUNT}|an|a|half\s+an)\s+(?P<unit>hours?|hrs?|minutes?|mins?)\b", re.I)


@dataclass(frozen=True)
class Found:
    start: int
    end: int

    def remove_from(self, text: str) -> str:
        before, after = text[: self.start].rstrip(" ,;-"), text[self.end :].lstrip(" ,;")
        return f"{before} {after}".strip() if before and after else (before or after).strip()


@dataclass(frozen=True)
class TimeFound(Found):
    at: time | None = None
    """A clock time ("5pm", "17:30")."""
    later: timedelta | None = None
    """A time from now ("in 2 hours")."""


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return 1 if word in {"a", "an"} else COUNTS[word]


def find_time(text: str) -> TimeFound | None:
    """The last time of day ("at 5pm", "17:30", "noon", "at 9") or time from now ("in 2 hours") in ``text``."""
    found: TimeFound | None = None
    for match in _CLOCK.finditer(text):
        if match["noon"]:
            at = time(0) if match["noon"].lower() == "midnight" else time(12)
        elif match["half"]:
            hour, minute = int(match["hour"]), int(match["minute"] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                continue
            pm = match["half"].lower().startswith("p")
            at = time(hour % 12 + (12 if pm else 0), minute)
        else:
            at = time(int(match["h24"]), int(match["m24"]))
        found = TimeFound(match.start(), match.end(), at=at)
    for match in _AT_BARE_HOUR.finditer(text):  # "at 5": afternoon hours for 1-7 (people meet at 5, not 05:00)
        hour = int(match["hour"])
        if (found is None or match.start() > found.start) and 1 <= hour <= 23:
            found = TimeFound(match.start(), match.end(), at=time(hour + 12 if 1 <= hour <= 7 else hour))
    for match in _IN.finditer(text):
        if found is None or match.start() > found.start:
            count, unit = match["count"].lower(), match["unit"].lower()
            minutes = 30 if count.startswith("half") else _count(count) * (60 if unit.startswith("h") else 1)
            if 0 < minutes <= 48 * 60:
                found = TimeFound(match.start(), match.end(), later=timedelta(minutes=minutes))
    return found


def part_of_day(words: str) -> time | None:
    """The time a part of the day stands for in a date phrase ("tomorrow morning" → 9:00, "tonight" → 20:00)."""
    match = PART_OF_DAY_WORDS.search(words)
    if match is None:
        return None
    part = match["part"].lower()
    return PARTS_OF_DAY["night" if part == "tonight" else part]


def resolve_time(found: TimeFound, now: datetime) -> datetime | time:
    """A time phrase against now: "in 2 hours" is a moment; a clock time is a time of day."""
    if found.later is not None:
        return (now + found.later).replace(second=0, microsecond=0)
    assert found.at is not None
    return found.at


# Repeats

_DAY_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY = "|".join(sorted((*WEEKDAYS, "mon", "sat", "sun"), key=len, reverse=True))
_ORDINALS: Final = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
_ORDINAL = "|".join(_ORDINALS)
_EVERY = r"(?:every|each)"
_REPEATS: Final = [
    ("weekday", rf"{_EVERY}\s+(?:week\s*day|weekday)s?"),
    (
        "nth_weekday",
        rf"(?:{_EVERY}\s+(?:month\s+)?(?:on\s+)?|on\s+)the\s+(?P<ord>{_ORDINAL})\s+(?P<day>{_WEEKDAY})"
        rf"(?:\s+of\s+(?:the|every|each)\s+month)?",
    ),
    (
        "nth_weekday",
        rf"(?:monthly\s+)?on\s+the\s+(?P<ord>{_ORDINAL})\s+(?P<day>{_WEEKDAY})\s+of\s+(?:every|each)\s+month",
    ),
    ("monthday", rf"(?:{_EVERY}\s+month|monthly)\s+on\s+the\s+(?P<date>\d{{1,2}})(?:st|nd|rd|th)?"),
    ("monthday", r"on\s+the\s+(?P<date>\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?:every|each)\s+month"),
    ("monthday", rf"{_EVERY}\s+(?P<date>\d{{1,2}})(?:st|nd|rd|th)(?:\s+of\s+the\s+month)?"),
    ("days", rf"{_EVERY}\s+(?P<days>(?:{_WEEKDAY})s?(?:\s*(?:,|and|&)\s*(?:{_WEEKDAY})s?)*)"),
    ("days", rf"on\s+(?P<days>(?:{_WEEKDAY})s(?:\s*(?:,|and|&)\s*(?:{_WEEKDAY})s)*)"),
    (
        "interval",
        rf"{_EVERY}\s+(?P<other>other|second|(?P<n>\d{{1,2}}|{_COUNT}))\s+(?P<unit>days?|weeks?|months?|years?)",
    ),
    ("unit", rf"{_EVERY}\s+(?P<unit>day|week|month|year)|(?P<ly>daily|weekly|monthly|yearly|annually)"),
]
_REPEAT_PATTERNS: Final = [
    (kind, re.compile(r"(?<![\w-])(?:and\s+|,\s*)?(?:repeat(?:ing|s)?\s+)?" + pattern + r"(?![\w-])", re.I))
    for kind, pattern in _REPEATS
]
_FREQUENCY: Final = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_LY: Final = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY", "annually": "YEARLY"}


@dataclass(frozen=True)
class RepeatFound(Found):
    rule: str = ""


def _day_code(word: str) -> str:
    word = word.lower().rstrip("s") if word.lower() not in WEEKDAYS else word.lower()
    index = WEEKDAYS.get(word, {"mon": 0, "sat": 5, "sun": 6}.get(word))
    if index is None:
        index = WEEKDAYS.get(word + "s", 0)  # "tues" lost its s above
    return _DAY_CODES[index]


def _rule(kind: str, match: re.Match[str]) -> str:
    match kind:
        case "weekday":
            return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        case "nth_weekday":
            return f"FREQ=MONTHLY;BYDAY={_ORDINALS[match['ord'].lower()]}{_day_code(match['day'])}"
        case "monthday":
            return f"FREQ=MONTHLY;BYMONTHDAY={int(match['date'])}"
        case "days":
            codes = list(dict.fromkeys(_day_code(day) for day in re.split(r"\s*(?:,|and|&)\s*", match["days"]) if day))
            return f"FREQ=WEEKLY;BYDAY={','.join(codes)}"
        case "interval":
            every = 2 if match["other"].lower() in {"other", "second"} else _count(match["n"])
            frequency = _FREQUENCY[match["unit"].lower().rstrip("s")]
            return f"FREQ={frequency}" + (f";INTERVAL={every}" if every > 1 else "")
        case "unit":
            return f"FREQ={_LY[match['ly'].lower()]}" if match["ly"] else f"FREQ={_FREQUENCY[match['unit'].lower()]}"
    raise AssertionError(kind)


def find_repeat(text: str) -> RepeatFound | None:
    """The repeat said in ``text`` ("every Monday", "every other week", "monthly on the 1st"), the longest."""
    best: RepeatFound | None = None
    for kind, pattern in _REPEAT_PATTERNS:
        for match in pattern.finditer(text):
            rule = _rule(kind, match)
            if int(match["date"] or 1) > 31 if "date" in match.groupdict() else False:
                continue
            if best is None or match.end() - match.start() > best.end - best.start:
                best = RepeatFound(match.start(), match.end(), rule=rule)
    return best


# Reminders

_REMINDER = re.compile(
    rf"(?<![\w-])(?:(?:and|,)\s+)?(?:remind\s+me|with\s+a\s+reminder|(?:a\s+)?reminder|alert\s+me|ping\s+me)\s+"
    rf"(?P<count>{_COUNT}|an|a|half\s+an)\s+(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)\s+(?:before|early|ahead)"
    rf"(?:\s+(?:it'?s\s+due|it|the\s+time))?(?![\w-])",
    re.I,
)
_UNIT_MINUTES: Final = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}


@dataclass(frozen=True)
class ReminderFound(Found):
    minutes_before: int = 0


def find_reminder(text: str) -> ReminderFound | None:
    """A reminder before the due time ("remind me 30 min before", "with a reminder 1 day before")."""
    found = None
    for match in _REMINDER.finditer(text):
        count = match["count"].lower()
        amount = 30 if count.startswith("half") else _count(count)
        minutes = amount * _UNIT_MINUTES[match["unit"][0].lower()]
        if count.startswith("half") and match["unit"][0].lower() != "h":
            continue
        found = ReminderFound(match.start(), match.end(), minutes_before=minutes)
    return found
