"""The steps of understanding, each on its own: no database, just words in and values out."""

from datetime import date

import pytest

from conversations.understanding import dates, items, priorities, text

TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("words", "due", "rest"),
    [
        ("call the bank next Tuesday", date(2026, 12, 8), "call the bank"),
        ("call the bank on Tuesday", date(2026, 12, 8), "call the bank"),  # the next Tuesday after today
        ("call the bank this Friday", date(2026, 12, 4), "call the bank"),
        ("call the bank next Friday", date(2026, 12, 11), "call the bank"),  # next week's Friday
        ("call the bank Sunday", date(2026, 12, 6), "call the bank"),
        ("pay rent tomorrow", date(2026, 12, 2), "pay rent"),
        ("pay rent tmrw", date(2026, 12, 2), "pay rent"),
        ("pay rent tonight", date(2026, 12, 1), "pay rent"),
        ("pay rent the day after tomorrow", date(2026, 12, 3), "pay rent"),
        ("party this weekend", date(2026, 12, 5), "party"),
        ("party next weekend", date(2026, 12, 12), "party"),
        ("plan next week", date(2026, 12, 7), "plan"),
        ("plan next month", date(2027, 1, 1), "plan"),
        ("report by the end of the week", date(2026, 12, 4), "report"),
        ("report by the end of the month", date(2026, 12, 31), "report"),
        ("report end of next month", date(2027, 1, 31), "report"),
        ("taxes in 3 days", date(2026, 12, 4), "taxes"),
        ("taxes in two weeks", date(2026, 12, 15), "taxes"),
        ("taxes in a month", date(2027, 1, 1), "taxes"),
        ("taxes in a fortnight", date(2026, 12, 15), "taxes"),
        ("gift by Dec 5", date(2026, 12, 5), "gift"),
        ("gift December 5th", date(2026, 12, 5), "gift"),
        ("gift 5 December", date(2026, 12, 5), "gift"),
        ("gift on the 5th of December", date(2026, 12, 5), "gift"),
        ("gift Nov 30", date(2027, 11, 30), "gift"),  # passed this year: the next one
        ("gift Feb 29", None, None),  # 2027 has no 29 February
        ("visa 2028-02-29", date(2028, 2, 29), "visa"),
        ("visa 2027-4-5", date(2027, 4, 5), "visa"),
        ("report is due Friday", date(2026, 12, 4), "report"),
        ("no due date for the report", None, "the report"),
        ("buy sun cream", None, "buy sun cream"),  # "sun" is no day
        ("study for the SAT", None, "study for the SAT"),
        ("call mom at 5pm tomorrow", date(2026, 12, 2), "call mom at 5pm"),  # the time stays in the title
    ],
)
def test_dates(words, due, rest):
    if rest is None:
        with pytest.raises(dates.DateNotUnderstood, match="February has no day 29"):
            dates.find(words, TUESDAY)
        return
    found = dates.find(words, TUESDAY)
    if due is None and rest == words:
        assert found is None
        return
    assert found is not None and found.day == due
    assert found.remove_from(words) == rest


@pytest.mark.parametrize("words", ["February 30", "2026-13-01", "31 April"])
def test_days_that_do_not_exist_are_said_so(words):
    with pytest.raises(dates.DateNotUnderstood):
        dates.find(words, TUESDAY)


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 12, 1), "today"),
        (date(2026, 12, 2), "tomorrow"),
        (date(2026, 11, 30), "yesterday"),
        (date(2026, 12, 4), "Friday (4 Dec)"),
        (date(2026, 12, 24), "Thu 24 Dec"),
        (date(2027, 1, 5), "Tue 5 Jan 2027"),
        (None, "no due date"),
    ],
)
def test_dates_are_said_the_way_people_say_them(day, said):
    assert dates.describe(day, TUESDAY) == said


@pytest.mark.parametrize(
    ("words", "priority", "rest"),
    [
        ("important: call the bank", "high", "call the bank"),
        ("Urgent - call the bank", "high", "call the bank"),
        ("urgent call the bank", "high", "call the bank"),
        ("call the bank asap", "high", "call the bank"),
        ("call the bank (urgent)", "high", "call the bank"),
        ("call the bank, it's important", "high", "call the bank"),
        ("call the bank, high priority", "high", "call the bank"),
        ("call the bank !!", "high", "call the bank"),
        ("call the bank p1", "high", "call the bank"),
        ("sort socks whenever", "low", "sort socks"),
        ("sort socks, no rush", "low", "sort socks"),
        ("sort socks - low priority", "low", "sort socks"),
        ("sort socks priority: medium", "medium", "sort socks"),
        ("read the important email", None, None),  # a word of the title, not a marker
        ("fix urgent bug", None, None),
        ("buy milk!", None, None),  # one "!" is excitement
    ],
)
def test_priorities(words, priority, rest):
    found = priorities.find(words)
    if priority is None:
        assert found is None
    else:
        assert found is not None and (found.priority, found.rest) == (priority, rest)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("eggs, flour and butter", ["eggs", "flour", "butter"]),
        ("eggs, flour, and butter", ["eggs", "flour", "butter"]),
        ("eggs; flour; butter", ["eggs", "flour", "butter"]),
        ("research and write the report", ["research and write the report"]),
        ("buy milk and eggs", ["buy milk and eggs"]),
        ("two things: call mom and pay rent", ["call mom", "pay rent"]),
        ("- eggs\n- flour", ["eggs", "flour"]),
        ("1) eggs\n2) flour", ["eggs", "flour"]),
        ("Groceries:\n[ ] eggs\n[ ] flour", ["eggs", "flour"]),
    ],
)
def test_items(words, expected):
    assert items.split(words)[1] == expected


@pytest.mark.parametrize("words", ["eggs, , flour", "eggs,,flour", "two things: eggs, , flour"])
def test_a_list_with_a_gap_is_refused(words):
    with pytest.raises(items.EmptyItem):
        items.split(words)


@pytest.mark.parametrize(
    ("message", "cleaned", "greeted", "thanked", "asked"),
    [
        ("Hi there! could you add buy milk please? thanks 🙏", "add buy milk", True, True, False),
        ("hey, can you please mark task 9 as done?", "mark task 9 as done", True, False, True),
        ("add walk the dog 🐶🐶", "add walk the dog", False, False, False),
        ("“Buy milk”", '"Buy milk"', False, False, False),
        ("ok so add stamps, thanks!", "add stamps", False, True, False),
        ("   \n\n  ", "", False, False, False),
        ("ok Google, add stamps pls", "add stamps", False, False, False),
        ("Jarvis, buy milk tmrw", "buy milk tomorrow", False, False, False),
        ("milk, eggs", "milk, eggs", False, False, False),  # a list, not a name and a comma
        ("wat's due on wensday?", "what's due on wednesday", False, False, True),
    ],
)
def test_cleaning(message, cleaned, greeted, thanked, asked):
    assert text.clean(message) == text.Cleaned(cleaned, greeted, thanked, asked)


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("delte the gym task", "delete the gym task"),
        ("compelte task 3", "complete task 3"),
        ("shwo my tasks", "show my tasks"),
        ("mark the tsak done", "mark the task done"),
        ("buy milk", "buy milk"),
    ],
)
def test_typos_in_the_verb_and_key_words(typed, corrected):
    assert text.correct_typos(typed) == corrected


@pytest.mark.parametrize(
    "message",
    [
        "x" * 4000,
        "add " + "y" * 3996,
        "delete " + "the " * 900,
        "'" * 4000,
        "mark " + "task " * 700 + "done",
        "\x00\ud7ff\U0001f600 add 🎉",
        "in " * 1000 + "days",
        ", and" * 800,
    ],
)
def test_long_and_odd_messages_parse_without_error(message):
    from conversations.understanding.parse import parse

    parse(message, TUESDAY)
