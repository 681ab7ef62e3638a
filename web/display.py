"""How dates read on the pages: 'Today', 'Tomorrow', 'Fri 28 Nov', '3 days overdue'."""

from datetime import date


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


def due_info(due: date | None, today: date, completed: bool = False) -> dict[str, str] | None:
    """The due date of a task as a label and a state (overdue, today, soon, later) for its colour."""
    if due is None:
        return None
    offset = (due - today).days
    if offset < 0 and not completed:
        days = -offset
        return {"text": f"{days} day{'s' if days != 1 else ''} overdue", "state": "overdue", "date": due.isoformat()}
    state = "today" if offset == 0 else "soon" if 0 < offset <= 2 else "later"
    return {"text": day_label(due, today), "state": state, "date": due.isoformat()}
