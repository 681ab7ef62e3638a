"""How dates read on the pages: 'Today', 'Today 17:00', 'Tomorrow', 'Fri 9:30', 'Fri 28 Nov', '3 days overdue'."""

from datetime import UTC, date, datetime, time

from conversations.understanding.parse import NewTask
from tasks import schedule


def day_label(day: date, today: date) -> str:
    """'Today', 'Tomorrow', 'Yesterday', else 'Fri 28 Nov' (with the year when it is not this year's)."""
    offset = (day - today).days
    if offset == 0:
        return "Today"
    if offset == 1:
        return "Tomorrow"
    if offset == -1:
        return "Yesterday"
    return day.strftime("%a %-d %b") + ("" if day.year == today.year else day.strftime(" %Y"))


def when_label(day: date, at: time | None, today: date) -> str:
    """A due day and time as people say them: 'Today 17:00', 'Tomorrow', 'Fri 9:30' (this week), 'Fri 28 Nov 9:30'."""
    if at is None:
        return day_label(day, today)
    clock = f"{at.hour}:{at.minute:02d}"
    offset = (day - today).days
    if 2 <= offset <= 6:
        return f"{day:%a} {clock}"
    return f"{day_label(day, today)} {clock}"


def due_info(due: date | None, now: datetime, completed: bool = False, at: time | None = None) -> dict | None:
    """The due date (and time) of a task as a label and a state (overdue, today, soon, later) for its colour.

    ``now`` is the person's local time: a timed task is overdue from the minute after its time, an all-day
    one from the day after.
    """
    if due is None:
        return None
    today = now.date()
    offset = (due - today).days
    moment = f"{due.isoformat()}T{at:%H:%M}" if at is not None else due.isoformat()
    if offset < 0 and not completed:
        days = -offset
        text = f"{days} day{'s' if days != 1 else ''} overdue"
        return {"text": text, "state": "overdue", "date": moment}
    if offset == 0 and at is not None and at < now.time().replace(second=0, microsecond=0) and not completed:
        return {"text": f"Today {at.hour}:{at.minute:02d}", "state": "overdue", "date": moment}
    state = "today" if offset == 0 else "soon" if 0 < offset <= 2 else "later"
    return {"text": when_label(due, at, today), "state": state, "date": moment}


def understood_chips(read: NewTask, today: date) -> list[dict[str, str]]:
    """What the add box read besides the title, as chips: [{"kind": "when", "text": "Fri 9:00"}, …]."""
    chips = []
    if read.due is not None or read.due_time is not None:
        day = when_label(read.due, read.due_time, today) if read.due else f"{read.due_time:%H:%M}"
        chips.append({"kind": "when", "text": day})
    if read.repeat:
        chips.append({"kind": "repeat", "text": schedule.repeat_words(read.repeat).capitalize()})
    if read.minutes_before is not None:
        words = schedule.reminder_words({"minutes_before": read.minutes_before}, UTC)
        chips.append({"kind": "reminder", "text": f"Reminder {words}"})
    if read.priority:
        chips.append({"kind": "priority", "text": f"{read.priority.capitalize()} priority"})
    if read.list_name:
        chips.append({"kind": "list", "text": f"In {read.list_name}"})
    if read.labels:
        chips.append({"kind": "label", "text": " ".join(f"#{label}" for label in read.labels)})
    return chips
