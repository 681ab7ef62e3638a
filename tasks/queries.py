"""The one list of a user's tasks: every page that any edge shows is built here, as one SQL statement.

REST, the MCP ``list_tasks`` tool (so the chat agent too), the MCP resources and
prompts, and the web page all read their pages through ``services.task_page``,
which calls ``page`` below. The statement is built without the ORM because
compiling the equivalent QuerySet cost about as long as PostgreSQL took to
answer it, on every list request (bench/README.md).

Its shape: the page (``ORDER BY … LIMIT``, which stops early along one of the
task indexes) joined to the counts of the matching tasks (how many, and how
many of those are done). A list narrowed only by status takes the counts from
the person's profile, which ``tasks.store`` keeps with every change, so a
person with 10,000 tasks pays what a person with 100 does; a search or a filter
counts its matches. A page never sorts all of a user's tasks to count them, as
``COUNT(*) OVER ()`` did (a list of 10,000 tasks cost 2.4 times a list of 100
with it, bench/results/size-before.md). Every statement is scoped by
``user_id`` as ``Task.objects.for_user`` is.
"""

from datetime import date, time, timedelta
from typing import Any, Final

from django.db import connection

from .fields import PRIORITY_RANK
from .models import Profile, Task
from .store import python_values

TASK_TABLE: Final = Task._meta.db_table
PROFILE_TABLE: Final = Profile._meta.db_table
_COLUMNS: Final = frozenset(field.attname for field in Task._meta.concrete_fields) - {"user_id"}

_NEWEST: Final = "created_at DESC, id DESC"
_RANK: Final = " ".join(f"WHEN '{priority}' THEN {rank}" for priority, rank in PRIORITY_RANK.items())
ORDER_BY: Final = {
    "newest": _NEWEST,
    "due": f"due_date ASC NULLS LAST, due_time ASC NULLS LAST, {_NEWEST}",
    "priority": f"CASE priority {_RANK} END, {_NEWEST}",
    "manual": "list_id ASC NULLS FIRST, position ASC, id ASC",
}
IN_ONE_LIST: Final = "position ASC, id ASC"
"""``manual`` within one list (or the Inbox): the order ``task_user_list_order`` (``task_user_inbox_order``) keeps."""
"""``fields.ORDERS`` in SQL; ties newest first, the order the task indexes serve."""

_SEARCHED: Final = "(UPPER(title::text) LIKE UPPER(%(search)s) OR UPPER(description::text) LIKE UPPER(%(search)s))"
"""Django's ``icontains`` on title or description; the pattern is escaped as it escapes it."""


_EVERY_TASK: Final = "user_id = %(user_id)s"
_KEPT_COUNTS: Final = (
    "SELECT COALESCE(MAX(task_count), 0) AS total, COALESCE(MAX(completed_count), 0) AS done "  # noqa: S608
    f"FROM {PROFILE_TABLE} WHERE user_id = %(user_id)s"
)
"""How many tasks the user has, and how many are done, as their profile keeps them (no profile yet: none)."""
_COUNTED: Final = (
    f"SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE completed) AS done FROM {TASK_TABLE} WHERE {{matching}}"  # noqa: S608
)
"""How many tasks match a search or a filter, and how many of those are done, counted."""


def _where(
    user_id: int,
    *,
    search: str | None = None,
    priority: str | None = None,
    due_on: tuple[date | None, date | None] | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    overdue_at: tuple[date, time] | None = None,
    undated: bool = False,
    number: int | None = None,
    in_list: int | None = None,
    in_inbox: bool = False,
    labels: list[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The WHERE of a list of the user's tasks, whatever their status, and its parameters (see ``page``)."""
    first, last = due_on or (None, None)
    today, now = overdue_at or (None, None)
    given = {
        "priority = %(priority)s": ("priority", priority or None),
        _SEARCHED: ("search", f"%{connection.ops.prep_for_like_query(search)}%" if search else None),
        "due_date >= %(due_first)s": ("due_first", first),
        "due_date <= %(due_last)s": ("due_last", last),
        "NOT completed AND (due_date < %(today)s OR (due_date = %(today)s AND due_time < %(now)s))": ("today", today),
        "due_date <= %(due_before)s": ("due_before", due_before),
        "due_date >= %(due_after)s": ("due_after", due_after),
        "number = %(number)s": ("number", number),
        "list_id = %(in_list)s": ("in_list", in_list),
        "labels @> %(labels)s::varchar[]": ("labels", labels or None),
    }
    conditions = [_EVERY_TASK]
    params: dict[str, Any] = {"user_id": user_id}
    for condition, (name, value) in given.items():
        if value is not None:
            conditions.append(condition)
            params[name] = value
    if now is not None:
        params["now"] = now
    if undated:
        conditions.append("due_date IS NULL")
    if in_inbox:
        conditions.append("list_id IS NULL")
    return " AND ".join(conditions), params


def page(
    user_id: int,
    fields: tuple[str, ...],
    *,
    offset: int,
    limit: int,
    completed: bool | None = None,
    order: str = "newest",
    due_soon: tuple[date, int] | None = None,
    **filters: Any,
) -> tuple[list[dict[str, Any]], int, int, tuple[int, int] | None]:
    """A page of the user's tasks (``fields`` of each, as dicts) and how many match the filters, and how many of
    those are done, whatever the page: one statement, always.

    ``completed``: the page's status (None: either); the counts ignore it, so
    one statement gives the page and every status's count. ``filters``:
    ``search`` (a trimmed phrase), ``priority``, ``number``, ``due_before`` and
    ``due_after`` (days included), ``in_list`` (a list's id) or ``in_inbox``,
    ``labels`` (every one of them), and a due filter as ``services`` gives it:
    ``due_on`` (a first and last day, either open), ``overdue_at`` (today, and the time now) or
    ``undated``. A page past the end still has the counts' row (its task
    columns NULL). ``due_soon`` (today, and a number of days) adds, whatever
    the filters, how many tasks still to do are due by today (overdue too)
    and in the days after: the counts beside the web's Today and Upcoming
    views, from the ``task_user_status_due`` index, in the same statement.
    """
    assert fields and _COLUMNS.issuperset(fields), fields  # the callers' own field lists
    matching, params = _where(user_id, **filters)
    ordering = (
        IN_ONE_LIST if order == "manual" and (filters.get("in_list") or filters.get("in_inbox")) else ORDER_BY[order]
    )
    status = "" if completed is None else " AND completed = %(completed)s"
    counts = _KEPT_COUNTS if matching == _EVERY_TASK else _COUNTED.format(matching=matching)
    soon = _DUE_SOON if due_soon is not None else "SELECT NULL AS today, NULL AS upcoming"
    sql = f"""
        SELECT counts.total, counts.done, soon.today, soon.upcoming, listed.*
        FROM ({counts}) AS counts CROSS JOIN ({soon}) AS soon LEFT JOIN LATERAL (
            SELECT true AS listed, {", ".join(fields)} FROM {TASK_TABLE} WHERE {matching}{status}
            ORDER BY {ordering} LIMIT %(limit)s OFFSET %(offset)s
        ) AS listed ON true
    """  # noqa: S608  (identifiers are the model's own; every value is a parameter)
    if due_soon is not None:
        today, days = due_soon
        params.update(soon_today=today, soon_last=today + timedelta(days=days))
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "completed": completed, "limit": limit, "offset": offset})
        rows = cursor.fetchall()
    total, done = rows[0][0], rows[0][1]
    soon_counts = (rows[0][2], rows[0][3]) if due_soon is not None else None
    if rows[0][4] is None:  # no task on this page: the counts' row alone
        return [], total, done, soon_counts
    listed = [dict(zip(fields, python_values(fields, row[5:]), strict=True)) for row in rows]
    return listed, total, done, soon_counts


_DUE_SOON: Final = f"""
    SELECT COUNT(*) FILTER (WHERE due_date <= %(soon_today)s) AS today,
           COUNT(*) FILTER (WHERE due_date > %(soon_today)s) AS upcoming
    FROM {TASK_TABLE} WHERE user_id = %(user_id)s AND NOT completed AND due_date <= %(soon_last)s
"""  # noqa: S608
"""Still to do and due by today (overdue too), and in the days after it: one range of ``task_user_status_due``."""
