"""Due dates in what people type: "tomorrow", "next Tuesday", "in 3 days", "by Dec 5", "end of the month".

A small grammar of its own rather than a general date parser: the phrases a
todo list meets are few, each is one regular expression and one rule here,
and it costs microseconds (``bench/dates.py`` measures it beside dateparser).
``find`` returns the last date phrase in a text, with its span, so the words
can leave the title ("call the bank next Tuesday" → "call the bank").

The rules, relative to the person's today:

- a weekday ("Friday", "on Friday", "this Friday", "by Friday") is the next
  such day after today; "next Friday" is the one in next week (Monday-Sunday);
- "this weekend" is the coming Saturday (today on a Saturday), "next weekend" the one after;
- "next week" is next Monday, "end of the week" this Friday, "end of the month" its last day;
- a day of a month with no year ("Dec 5", "5 December") is the next one to come;
- "in N days/weeks/months", N in digits or words ("in two weeks", "in a month").
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

# Not "mon", "sat" or "sun": "c'mon", "the SAT" and "sun cream" are not days.
WEEKDAYS: Final = {
    "monday": 0,
    **dict.fromkeys(("tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wed", "weds"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    "saturday": 5,
    "sunday": 6,
}
MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
COUNTS: Final = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a few": 3,
}

_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_COUNT = r"\d{1,3}|" + "|".join(sorted(COUNTS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Words that lead into a date and leave with it: "due by Friday", "on the 5th of May", "for tomorrow".
_LEAD = (
    r"(?:(?:(?:it'?s|is|it is|are|they'?re)\s+)?(?:due|deadline)(?:\s+date)?(?:\s+is)?\s*:?\s+"
    r"|(?:by|on|for|until|till|before|from|to|at)\s+)*(?:the\s+)?"
)

PATTERNS: Final = [
    ("iso", r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"),
    ("day_after_tomorrow", r"(?:the\s+)?day\s+after\s+tomorrow"),
    ("today", r"(?:today|tonight|this\s+(?:morning|afternoon|evening)|later\s+today|end\s+of\s+(?:the\s+)?day|eod)"),
    ("tomorrow", rf"(?:tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow){_PART_OF_DAY}"),
    ("weekend", r"(?P<which>this|next|the)?\s*weekend"),
    ("end_of", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?(?P<unit>week|month|year)|eom|eow"),
    ("next_unit", r"next\s+(?P<unit>week|month|year)"),
    ("relative", rf"in\s+(?P<count>{_COUNT})\s+(?P<unit>days?|weeks?|months?|years?)|in\s+a\s+fortnight"),
    ("from_now", rf"(?P<count>{_COUNT})\s+(?P<unit>days?|weeks?|months?)\s+from\s+(?:now|today)"),
    (
        "weekday",
        rf"(?P<which>this|next|coming|this\s+coming)?\s*(?P<weekday>{_WEEKDAY})\b(?:\s+(?:morning|evening|night))?",
    ),
    # "sat", "sun", "mon" only where nothing else could be meant: after "next"/"this"/"on"/"by", or ending the message.
    ("short_weekday", r"(?:(?P<which>this|next|coming)\s+|(?<=\bon )|(?<=\bby ))(?P<short>sat|sun|mon)\b"),
    ("short_weekday", r"(?<!\bthe )(?<!')(?P<short>sat|sun|mon)(?=[.!?]?\s*$)"),
    # "the 21st": that day of this month, or of the next when it has passed.
    ("ordinal_day", rf"the\s+(?P<ordinal>\d{{1,2}})(?:st|nd|rd|th)(?!\s+(?:of\s+)?(?:{_MONTH})\b)"),
    ("month_day", rf"(?P<month>{_MONTH})\.?\s+{_DAY}{_YEAR}"),
    ("day_month", rf"{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\.?{_YEAR}"),
]
COMPILED: Final = [
    (kind, re.compile(r"(?<![\w-])" + _LEAD + "(?:" + pattern + r")(?![\w-])", re.IGNORECASE))
    for kind, pattern in PATTERNS
]
NO_DATE: Final = re.compile(
    r"(?<![\w-])(?:with\s+|and\s+)?(?:no|without\s+a|without|remove\s+the|clear\s+the|drop\s+the)\s+"
    r"(?:due\s+)?(?:date|deadline)(?:\s+(?:for|on|of|from))?(?![\w-])",
    re.IGNORECASE,
)


class DateNotUnderstood(ValueError):
    """A date phrase that names no real day ("February 30"): the reply says so, and nothing is written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DateFound:
    day: date | None
    """The day, or None for "no due date"."""
    start: int
    end: int
    words: str

    def remove_from(self, text: str) -> str:
        """The text without the date phrase, its spaces and commas tidied."""
        before, after = text[: self.start].rstrip(" ,;-"), text[self.end :].lstrip(" ,;")
        return f"{before} {after}".strip() if before and after else (before or after).strip()


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else COUNTS[word]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_day(today: date, month_name: str, day_text: str, year_text: str | None, words: str) -> date:
    month, day = MONTHS[month_name.lower().rstrip(".")], int(day_text)
    year = int(year_text) if year_text else today.year
    try:
        found = date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(
            f"“{words.strip()}” is not a date: {calendar.month_name[month]} has no day {day}."
        ) from None
    if year_text is None and found < today:  # "Dec 5" said in January means the next one
        found = _month_day(today, month_name, day_text, str(year + 1), words)
    return found


def _weekday(today: date, weekday: int, which: str | None) -> date:
    ahead = (weekday - today.weekday()) % 7 or 7  # the next such day after today
    if which and which.lower() == "next":
        start_of_next_week = today + timedelta(days=7 - today.weekday())
        return start_of_next_week + timedelta(days=weekday)
    return today + timedelta(days=ahead)


def _resolve(kind: str, match: re.Match[str], today: date) -> date:
    words = match.group(0)
    match kind:
        case "iso":
            try:
                return date.fromisoformat("-".join(part.zfill(2) for part in match["iso"].split("-")))
            except ValueError:
                raise DateNotUnderstood(f"“{match['iso']}” is not a date.") from None
        case "day_after_tomorrow":
            return today + timedelta(days=2)
        case "today":
            return today
        case "tomorrow":
            return today + timedelta(days=1)
        case "weekend":
            saturday = today + timedelta(days=(5 - today.weekday()) % 7)
            if today.weekday() == 6:  # on a Sunday, "this weekend" is today
                saturday = today
            return saturday + timedelta(days=7) if (match["which"] or "").lower() == "next" else saturday
        case "end_of":
            unit = (match["unit"] or ("month" if words.lower().endswith("eom") else "week")).lower()
            later = bool(match["next"])
            if unit == "week":
                friday = today + timedelta(days=(4 - today.weekday()) % 7)
                return friday + timedelta(days=7) if later else friday
            if unit == "month":
                month_start = _add_months(today.replace(day=1), 1 if later else 0)
                return month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])
            return date(today.year + (1 if later else 0), 12, 31)
        case "next_unit":
            unit = match["unit"].lower()
            if unit == "week":
                return today + timedelta(days=7 - today.weekday())
            if unit == "month":
                return _add_months(today.replace(day=1), 1)
            return date(today.year + 1, 1, 1)
        case "relative" | "from_now":
            if match["count"] is None:  # "in a fortnight"
                return today + timedelta(days=14)
            count, unit = _count(match["count"]), match["unit"].lower().rstrip("s")
            if count > 1000:
                raise DateNotUnderstood(f"“{words.strip()}” is too far away.")
            if unit == "day":
                return today + timedelta(days=count)
            if unit == "week":
                return today + timedelta(weeks=count)
            if unit == "month":
                return _add_months(today, count)
            return _add_months(today, 12 * count)
        case "weekday":
            which = (match["which"] or "").split()
            return _weekday(today, WEEKDAYS[match["weekday"].lower()], which[-1] if which else None)
        case "short_weekday":
            short = {"mon": 0, "sat": 5, "sun": 6}[match["short"].lower()]
            return _weekday(today, short, match.groupdict().get("which"))
        case "ordinal_day":
            number = int(match["ordinal"])
            if not 1 <= number <= 31:
                raise DateNotUnderstood(f"“{words.strip()}” is not a day of a month.")
            month = today.replace(day=1)
            while True:  # this month if the day is still to come, else the next month that has it
                if number <= calendar.monthrange(month.year, month.month)[1] and month.replace(day=number) >= today:
                    return month.replace(day=number)
                month = _add_months(month, 1)
        case "month_day" | "day_month":
            return _month_day(today, match["month"], match["day"], match["year"], words)
    raise AssertionError(kind)


def find(text: str, today: date) -> DateFound | None:
    """The last date phrase in ``text`` ("no due date" included), or None; DateNotUnderstood for a non-date."""
    # The last phrase, and of phrases ending together the longest ("day after tomorrow", not "tomorrow").
    last: tuple[str, re.Match[str]] | None = None
    for kind, pattern in COMPILED:
        for match in pattern.finditer(text):
            if last is None or (match.end(), -match.start()) > (last[1].end(), -last[1].start()):
                last = (kind, match)
    found = None
    if last is not None:
        kind, match = last
        found = DateFound(_resolve(kind, match, today), match.start(), match.end(), match.group(0))
    clearings = list(NO_DATE.finditer(text))
    clearing = clearings[-1] if clearings else None
    if clearing is not None and (found is None or clearing.start() > found.start):
        return DateFound(None, clearing.start(), clearing.end(), clearing.group(0))
    return found


def describe(day: date | None, today: date) -> str:
    """A due date as a reply says it: "today", "tomorrow", "Friday 4 Dec", "Tue 5 Jan 2027"."""
    if day is None:
        return "no due date"
    offset = (day - today).days
    if offset == 0:
        return "today"
    if offset == 1:
        return "tomorrow"
    if offset == -1:
        return "yesterday"
    if 1 < offset < 7:
        return f"{day:%A} ({day.day} {day:%b})"
    return f"{day:%a} {day.day} {day:%b}" + ("" if day.year == today.year else f" {day.year}")
