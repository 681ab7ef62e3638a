"""The assistant's own date grammar beside dateparser, on the phrases people type to a todo list.

    python -m bench.dates            # needs `pip install dateparser` for the comparison

Prints, for each, the time to find the date in a message (median and p95 of
many runs) and how many phrases it read to the day the corpus expects.
"""

import statistics
import sys
import time
from datetime import date, datetime

from conversations.understanding import dates

TODAY = date(2026, 12, 1)  # a Tuesday
PHRASES = [
    ("call the bank next Tuesday", date(2026, 12, 8)),
    ("pay rent tomorrow", date(2026, 12, 2)),
    ("renew passport by Dec 5", date(2026, 12, 5)),
    ("dentist on Thursday", date(2026, 12, 3)),
    ("taxes in 3 days", date(2026, 12, 4)),
    ("trip in two weeks", date(2026, 12, 15)),
    ("report by the end of the month", date(2026, 12, 31)),
    ("send cards 20 December", date(2026, 12, 20)),
    ("file taxes on 2027-04-15", date(2027, 4, 15)),
    ("clean the garage this weekend", date(2026, 12, 5)),
    ("plan the trip next week", date(2026, 12, 7)),
    ("buy sun cream", None),
    ("call mom tonight", date(2026, 12, 1)),
    ("review the budget the day after tomorrow", date(2026, 12, 3)),
]


def _ours(text: str) -> date | None:
    found = dates.find(text, TODAY)
    return found.day if found else None


def _dateparser(text: str) -> date | None:
    from dateparser.search import search_dates

    found = search_dates(
        text,
        languages=["en"],
        # dateparser wants a naive base: the same wall-clock moment as TODAY 09:00.
        settings={"RELATIVE_BASE": datetime(2026, 12, 1, 9), "PREFER_DATES_FROM": "future"},  # noqa: DTZ001
    )
    return found[-1][1].date() if found else None


def measure(name: str, parse, rounds: int) -> None:
    timings = []
    right = 0
    for text, expected in PHRASES:
        right += parse(text) == expected
        for _ in range(rounds):
            started = time.perf_counter()
            parse(text)
            timings.append((time.perf_counter() - started) * 1e6)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(f"{name:12} median {statistics.median(timings):8.1f} µs   p95 {p95:8.1f} µs   right {right}/{len(PHRASES)}")


if __name__ == "__main__":
    measure("own grammar", _ours, rounds=200)
    try:
        import dateparser  # noqa: F401
    except ImportError:
        print("dateparser      not installed (pip install dateparser) — not compared", file=sys.stderr)
    else:
        measure("dateparser", _dateparser, rounds=5)
