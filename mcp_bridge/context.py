"""What a client can attach as context without calling a tool: four resources and two prompts.

Resources (read fresh on every read, as the person's own list):

- ``todo://tasks/pending``: every task still to do, most urgent first (each
  with its list, labels and steps done);
- ``todo://agenda/today``: what is overdue and what is due today;
- ``todo://lists``: the person's lists and labels, with what is still to do in each;
- ``todo://profile``: the person's time zone and today's date in it (JSON), so
  an agent reads days as the person does.

The list of resources never changes (these four, for everyone), so there is no
``list_changed`` to send; their contents are read when asked for.

Prompts, which fill a message with the person's tasks for the model to work on:

- ``plan_my_day``: due today, overdue and high priority (of one list, if asked), in a suggested order;
- ``weekly_review``: completed this week, overdue, and tasks with no due date.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Annotated, Any

from django.conf import settings
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.server.mcpserver.prompts.base import UserMessage
from pydantic import Field

from tasks import activity, organize, services
from tasks.fields import PRIORITY_RANK

from .identity import Principal, acting
from .tools.registry import domain_errors_as_tool_errors

FIELDS = ("id", "number", "title", "priority", "due_date", "completed", "list_id", "labels", "steps")


def _line(task: dict[str, Any], today: date, lists: dict[int, str] | None = None) -> str:
    details = []
    if task["due_date"]:
        due = task["due_date"]
        offset = (due - today).days
        when = "today" if offset == 0 else "tomorrow" if offset == 1 else due.isoformat()
        details.append(f"overdue since {due.isoformat()}" if offset < 0 else f"due {when}")
    if task["priority"] != "medium":
        details.append(f"{task['priority']} priority")
    if lists and task["list_id"] in lists:
        details.append(f"in {lists[task['list_id']]}")
    details += [f"#{label}" for label in task["labels"]]
    if task["steps"]:
        done = sum(1 for step in task["steps"] if step["done"])
        details.append(f"{done}/{len(task['steps'])} steps done")
    suffix = f" ({', '.join(details)})" if details else ""
    return f"- #{task['number']} {task['title']}{suffix} [id {task['id']}]"


def _urgency(task: dict[str, Any]) -> tuple[date, int]:
    """Soonest due first (undated last), then high priority first."""
    return task["due_date"] or date.max, PRIORITY_RANK[task["priority"]]


def _tasks(user, **filters: Any) -> list[dict[str, Any]]:
    """Up to 200 of the user's pending tasks matching ``filters`` (as ``services.task_page`` takes them)."""
    return services.task_page(user, fields=FIELDS, status="pending", limit=200, **filters).rows


@contextmanager
def _reading() -> Iterator[Principal]:
    """Who the read is for; a refusal (scope, database down) reaches the client as a resource error."""
    try:
        with acting() as caller, domain_errors_as_tool_errors():
            yield caller
    except ToolError as error:
        raise ResourceError(str(error)) from None


def _list_names(user) -> dict[int, str]:
    return {found.pk: found.name for found in organize.lists(user, archived=True)}


def pending_tasks() -> str:
    """Every task the person still has to do, most urgent first (due date, then priority)."""
    with _reading() as caller:
        today = services.local_today(caller.user)
        tasks = sorted(_tasks(caller.user), key=_urgency)
        lists = _list_names(caller.user)
    if not tasks:
        return "# Pending tasks\n\nNothing pending."
    return "# Pending tasks\n\n" + "\n".join(_line(task, today, lists) for task in tasks)


def lists_and_labels() -> str:
    """The person's lists (the Inbox first) and labels, each with how many tasks are still to do in it."""
    with _reading() as caller:
        inbox, lists, labels = (
            organize.inbox_pending(caller.user),
            organize.lists(caller.user),
            organize.labels(caller.user),
        )
    lines = ["# Lists", "", f"- Inbox: {inbox} to do (tasks in no list)"]
    lines += [f"- {found.name}: {found.pending} to do [list {found.pk}]" for found in lists]
    lines += ["", "# Labels", ""]
    lines += [f"- #{label.name}: {label.pending} to do" for label in labels] or ["(none yet)"]
    return "\n".join(lines)


def agenda_today() -> str:
    """What is overdue and what is due today, in the person's time zone."""
    with _reading() as caller:
        today = services.local_today(caller.user)
        overdue = sorted(_tasks(caller.user, due="overdue"), key=_urgency)
        due_today = sorted(_tasks(caller.user, due="today"), key=_urgency)
    lines = [f"# Agenda for {today.isoformat()}", "", "## Overdue"]
    lines += [_line(task, today) for task in overdue] or ["Nothing overdue."]
    lines += ["", "## Due today"]
    lines += [_line(task, today) for task in due_today] or ["Nothing due today."]
    return "\n".join(lines)


def profile() -> str:
    """The person's time zone ("" for the server's) and today's date there: how to read their days."""
    with _reading() as caller:
        zone, today = services.time_zone_name(caller.user), services.local_today(caller.user)
    return json.dumps(
        {"time_zone": zone, "effective_time_zone": zone or settings.TIME_ZONE, "today": today.isoformat()}
    )


def plan_my_day(
    hours: Annotated[str, Field(description="How many hours there are for tasks today, e.g. '3'.")] = "",
    list: Annotated[str, Field(description="Only this list's tasks (its name), e.g. 'Work'; empty for all.")] = "",
) -> list[UserMessage]:
    """Plan today: what is due today, overdue or high priority, in a suggested order, for the model to schedule."""
    with acting() as caller, domain_errors_as_tool_errors():
        today = services.local_today(caller.user)
        only = {"list_id": list.strip()} if list.strip() else {}
        candidates = {
            task["id"]: task
            for task in [
                *_tasks(caller.user, due="overdue", **only),
                *_tasks(caller.user, due="today", **only),
                *_tasks(caller.user, priority="high", **only),
            ]
        }
        lists = _list_names(caller.user)
    ordered = sorted(candidates.values(), key=_urgency)
    listing = "\n".join(_line(task, today, lists) for task in ordered) or "(nothing due, overdue or high priority)"
    time = f" I have about {hours.strip()} hours for tasks." if hours.strip() else ""
    scope = f" in my {list.strip()} list" if list.strip() else ""
    return [
        UserMessage(
            f"Help me plan my day ({today:%A %d %B %Y}).{time} These are my tasks{scope} that are overdue, due "
            f"today or high priority, in a suggested order (soonest due first, then by priority):\n\n{listing}\n\n"
            "Propose an order to do them in, say what to leave for another day if it will not all fit, and ask "
            "before changing any task (the task tools take the id in brackets)."
        )
    ]


def weekly_review() -> list[UserMessage]:
    """Review the week: what got done in the last 7 days, what is overdue, and what has no due date."""
    with acting() as caller, domain_errors_as_tool_errors():
        today = services.local_today(caller.user)
        done = activity.completed_titles(caller.user, within=timedelta(days=7))
        overdue = sorted(_tasks(caller.user, due="overdue"), key=_urgency)
        undated = _tasks(caller.user, due="none")
    sections = [
        "## Completed in the last 7 days",
        "\n".join(f"- {title}" for title in done) or "(nothing)",
        "## Overdue",
        "\n".join(_line(task, today) for task in overdue) or "(nothing)",
        "## No due date",
        "\n".join(_line(task, today) for task in undated) or "(nothing)",
    ]
    return [
        UserMessage(
            "Help me review my week. Here is what I finished, what is overdue and what has no due date:\n\n"
            + "\n\n".join(sections)
            + "\n\nSummarise the week in a few lines, then for each overdue or undated task suggest one of: do it, "
            "give it a date, lower its priority, or drop it. Ask before changing anything."
        )
    ]


RESOURCES = (
    ("todo://tasks/pending", pending_tasks, "Pending tasks", "text/markdown"),
    ("todo://agenda/today", agenda_today, "Today's agenda", "text/markdown"),
    ("todo://lists", lists_and_labels, "Lists and labels", "text/markdown"),
    ("todo://profile", profile, "Time zone and today", "application/json"),
)


def register(server: Any) -> None:
    """Add the resources and prompts to an MCPServer."""
    for uri, read, title, mime_type in RESOURCES:
        server.resource(uri, name=read.__name__, title=title, description=read.__doc__, mime_type=mime_type)(read)
    server.prompt(name="plan_my_day", title="Plan my day", description=plan_my_day.__doc__)(plan_my_day)
    server.prompt(name="weekly_review", title="Weekly review", description=weekly_review.__doc__)(weekly_review)
