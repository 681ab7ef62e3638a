"""Times, repeats and reminders as people type them, read into the task the assistant adds or changes."""

from datetime import UTC, date, datetime, time

import pytest

from conversations import services as chat
from conversations.understanding.parse import NewTask, parse
from tasks.models import Activity, Task

TODAY = date(2026, 12, 3)  # a Thursday
MORNING = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
EVENING = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)


def added(message: str, now: datetime = MORNING) -> NewTask:
    request = parse(message, TODAY, now=now)
    assert request.action == "add", (message, request)
    (task,) = request.tasks
    return task


@pytest.mark.parametrize(
    ("message", "title", "due", "at"),
    [
        ("remind me to ring the plumber at 4pm", "Ring the plumber", TODAY, time(16)),
        ("ring the plumber at 4pm", "Ring the plumber", TODAY, time(16)),
        ("book the table for 7:45pm friday", "Book the table", date(2026, 12, 4), time(19, 45)),
        ("feed the cat at 18:30", "Feed the cat", TODAY, time(18, 30)),
        ("add lunch with Sam tomorrow at noon", "Lunch with Sam", date(2026, 12, 4), time(12)),
        ("add take out the bins tonight", "Take out the bins", TODAY, time(20)),
        ("add jog tomorrow morning", "Jog", date(2026, 12, 4), time(9)),
        ("add check the oven in 45 minutes", "Check the oven", TODAY, time(8, 45)),
        ("add move the car in an hour", "Move the car", TODAY, time(9)),
    ],
)
def test_times_of_day(message, title, due, at):
    task = added(message)
    assert (task.title, task.due, task.due_time) == (title, due, at)


def test_a_time_already_past_today_is_tomorrow():
    task = added("ring the plumber at 4pm", now=EVENING)
    assert (task.due, task.due_time) == (date(2026, 12, 4), time(16))


@pytest.mark.parametrize(
    ("message", "title", "rule"),
    [
        ("add yoga every tuesday", "Yoga", "FREQ=WEEKLY;BYDAY=TU"),
        ("add piano every tue and thu", "Piano", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("add water the ferns every other week", "Water the ferns", "FREQ=WEEKLY;INTERVAL=2"),
        ("add send invoices every month on the 15th", "Send invoices", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("add board meeting on the first monday of every month", "Board meeting", "FREQ=MONTHLY;BYDAY=1MO"),
        ("add drinks on the last friday of the month", "Drinks", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("add vitamins daily", "Vitamins", "FREQ=DAILY"),
        ("add check the mail every weekday", "Check the mail", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("add renew the domain yearly", "Renew the domain", "FREQ=YEARLY"),
        ("add inbox zero every 3 days", "Inbox zero", "FREQ=DAILY;INTERVAL=3"),
    ],
)
def test_repeats(message, title, rule):
    task = added(message)
    assert (task.title, task.repeat) == (title, rule)


def test_a_repeat_with_a_time_and_a_reminder_before_it():
    task = added("add swim every saturday at 7am, remind me 15 min before")
    assert (task.title, task.repeat, task.due_time, task.minutes_before) == (
        "Swim",
        "FREQ=WEEKLY;BYDAY=SA",
        time(7),
        15,
    )


@pytest.mark.django_db
def test_the_assistant_adds_skips_stops_repeating_and_undoes(user):
    reply = chat.send_message(user, message="add yoga every tuesday at 6pm")
    assert "repeats every Tuesday" in reply.response and "at 18:00" in reply.response
    yoga = Task.objects.get(user=user)
    first = yoga.due_date

    reply = chat.send_message(user, message="skip yoga this week")
    yoga.refresh_from_db()
    assert (yoga.due_date - first).days == 7, reply.response
    assert "Skipped" in reply.response

    stopped = chat.send_message(user, message="stop repeating yoga")
    yoga.refresh_from_db()
    assert yoga.repeat == ""
    undone = chat.send_message(user, message="undo", conversation_id=stopped.conversation_id)
    yoga.refresh_from_db()
    assert yoga.repeat == "FREQ=WEEKLY;BYDAY=TU", undone.response


@pytest.mark.django_db
def test_skipping_a_task_that_does_not_repeat_says_so_and_changes_nothing(user):
    chat.send_message(user, message="add ring the bank friday")
    reply = chat.send_message(user, message="skip the bank")
    assert "doesn't repeat" in reply.response
    assert not Activity.objects.for_user(user).filter(action="updated").exists()
