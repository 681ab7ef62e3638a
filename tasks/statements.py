"""On PostgreSQL, each task write and its activity record as one SQL statement.

``tasks.services`` calls these instead of its ORM path when the database is
PostgreSQL. A change and the ``Activity`` describing it travel as one statement
of data-modifying CTEs (``UPDATE … RETURNING``, ``DELETE … RETURNING``,
``INSERT … SELECT``): one round trip, atomic by itself (so no BEGIN and COMMIT
of its own outside a transaction), and no ORM compilation, where the ORM path
takes five round trips (BEGIN, a locked read, the write, the record, COMMIT).
Inside an outer transaction (an idempotent add, an undo) a statement runs in a
savepoint, as the ORM path's ``atomic()`` would: a failure leaves the outer
transaction usable.

SQLite runs the ORM path: it is in process, so there are no round trips to
save, and it has no data-modifying CTEs. The test suite runs on both, so both
paths stay equal: same rows, same records, same errors.

Every statement is scoped by ``user_id`` as ``Task.objects.for_user`` is, and
each task id has been checked to be a positive 64-bit integer before it gets here.
"""

import json
from contextlib import nullcontext
from datetime import date
from typing import Any, Final
from uuid import uuid4

from django.db import connection, transaction
from django.utils import timezone

from .activity import Actor
from .models import Activity, Profile, Task

TASK_TABLE: Final = Task._meta.db_table
ACTIVITY_TABLE: Final = Activity._meta.db_table
PROFILE_TABLE: Final = Profile._meta.db_table
TASK_FIELDS: Final = tuple(field.attname for field in Task._meta.concrete_fields)
"""The task's columns in the model's field order, which ``Task.from_db`` takes them in."""
UPDATABLE: Final = frozenset({"title", "description", "priority", "due_date", "completed"})

_TASK = ", ".join(TASK_FIELDS)
_RECORD_COLUMNS = "user_id, action, task_id, title, before, after, channel, actor, group_id, created_at"
_RECORD = f"INSERT INTO {ACTIVITY_TABLE} ({_RECORD_COLUMNS})"
_BY_ACTOR = "%(channel)s, %(actor)s, %(group_id)s, %(now)s"
# created_at as Python's isoformat() writes it (activity.full_snapshot), not as PostgreSQL's JSON does:
# six digits of microseconds, none when they are zero, and an explicit +00:00.
_ISO_CREATED_AT = (
    "to_char(created_at AT TIME ZONE 'UTC', CASE WHEN date_trunc('second', created_at) = created_at "
    """THEN 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"' ELSE 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"' END)"""
)


def available() -> bool:
    return connection.vendor == "postgresql"


def _params(user_id: int, actor: Actor, **values: Any) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "channel": actor.channel,
        "actor": actor.name[: Activity.ACTOR_MAX_LENGTH],
        "group_id": actor.group_id or uuid4(),
        "now": timezone.now(),
        **values,
    }


def _task(row: tuple[Any, ...]) -> Task:
    return Task.from_db(connection.alias, TASK_FIELDS, row)


def _fetch(sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """Run one statement and return its row: on its own in autocommit, in a savepoint inside a transaction."""
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def add(user_id: int, actor: Actor, fields: dict[str, Any], after: dict[str, Any]) -> Task:
    """Insert a validated task under the user's next number, and its ``created`` record."""
    sql = f"""
        WITH numbered AS (
            INSERT INTO {PROFILE_TABLE} (user_id, time_zone, last_task_number) VALUES (%(user_id)s, '', 1)
            ON CONFLICT (user_id) DO UPDATE SET last_task_number = {PROFILE_TABLE}.last_task_number + 1
            RETURNING last_task_number
        ), added AS (
            INSERT INTO {TASK_TABLE} (user_id, number, title, description, completed, priority, due_date,
                                      created_at, updated_at)
            SELECT %(user_id)s, last_task_number, %(title)s, %(description)s, false, %(priority)s, %(due_date)s,
                   %(now)s, %(now)s
            FROM numbered
            RETURNING {_TASK}
        ), recorded AS (
            {_RECORD}
            SELECT user_id, 'created', id, title, '{{}}', %(after)s, {_BY_ACTOR} FROM added
        )
        SELECT {_TASK} FROM added
    """  # noqa: S608  (identifiers are the models' own; every value is a parameter)
    row = _fetch(sql, _params(user_id, actor, after=json.dumps(after), **fields))
    assert row is not None  # an INSERT … RETURNING returns its row
    return _task(row)


def complete(user_id: int, task_id: int, actor: Actor) -> tuple[Task | None, bool]:
    """Complete the task if it is not, recording it; (the task as it now is or None if missing, changed?).

    ``WHERE NOT completed`` on the row itself, so of two racing completions
    only the first writes and records. The task read beside it is the
    statement's snapshot: a task already complete is reported as it is.
    """
    sql = f"""
        WITH changed AS (
            UPDATE {TASK_TABLE} SET completed = true, updated_at = %(now)s
            WHERE id = %(task_id)s AND user_id = %(user_id)s AND NOT completed
            RETURNING {_TASK}
        ), recorded AS (
            {_RECORD}
            SELECT user_id, 'completed', id, title, '{{"completed": false}}', '{{"completed": true}}', {_BY_ACTOR}
            FROM changed
        )
        SELECT true, {_TASK} FROM changed
        UNION ALL
        SELECT false, {_TASK} FROM {TASK_TABLE}
        WHERE id = %(task_id)s AND user_id = %(user_id)s AND NOT EXISTS (SELECT FROM changed)
    """  # noqa: S608
    row = _fetch(sql, _params(user_id, actor, task_id=task_id))
    return (None, False) if row is None else (_task(row[1:]), row[0])


def delete(user_id: int, task_id: int, actor: Actor) -> Task | None:
    """Delete the task and record all of it (for an undo); the task as it was, or None if missing."""
    sql = f"""
        WITH deleted AS (
            DELETE FROM {TASK_TABLE} WHERE id = %(task_id)s AND user_id = %(user_id)s
            RETURNING {_TASK}
        ), recorded AS (
            {_RECORD}
            SELECT user_id, 'deleted', id, title,
                   jsonb_build_object('title', title, 'description', description, 'priority', priority,
                                      'due_date', due_date, 'completed', completed, 'number', number,
                                      'created_at', {_ISO_CREATED_AT}),
                   '{{}}', {_BY_ACTOR}
            FROM deleted
        )
        SELECT {_TASK} FROM deleted
    """  # noqa: S608
    row = _fetch(sql, _params(user_id, actor, task_id=task_id))
    return None if row is None else _task(row)


def update(user_id: int, task_id: int, actor: Actor, values: dict[str, Any]) -> tuple[Task | None, bool]:
    """Set the given (validated) fields; only a real change is written and recorded.

    Returns the task as it now is (None if missing) and whether anything
    changed. The record holds just the fields whose value changed, before and
    after, and is ``completed``/``uncompleted`` when that is all that changed,
    like ``activity.change_action``.
    """
    names = [name for name in values if name in UPDATABLE]
    assert names and len(names) == len(values), values  # the service passes only given, known fields
    assignments = ", ".join(f"{name} = %({name})s" for name in names)
    differs = " OR ".join(f"task.{name} IS DISTINCT FROM %({name})s" for name in names)
    old_values = ", ".join(f"'{name}', old.{name}" for name in names)
    new_values = ", ".join(f"'{name}', changed.{name}" for name in names)
    sql = f"""
        WITH old AS (
            SELECT {_TASK} FROM {TASK_TABLE} WHERE id = %(task_id)s AND user_id = %(user_id)s FOR UPDATE
        ), changed AS (
            UPDATE {TASK_TABLE} AS task SET {assignments}, updated_at = %(now)s
            FROM old WHERE task.id = old.id AND ({differs})
            RETURNING {", ".join(f"task.{name}" for name in TASK_FIELDS)}
        ), diff AS (
            SELECT before.key, before.value AS before, after.value AS after
            FROM old, changed, jsonb_each(jsonb_build_object({old_values})) AS before
            JOIN jsonb_each(jsonb_build_object({new_values})) AS after USING (key)
            WHERE before.value IS DISTINCT FROM after.value
        ), recorded AS (
            {_RECORD}
            SELECT user_id,
                   CASE WHEN (SELECT array_agg(key) FROM diff) = ARRAY['completed']
                        THEN CASE WHEN completed THEN 'completed' ELSE 'uncompleted' END
                        ELSE 'updated' END,
                   id, title, (SELECT jsonb_object_agg(key, before) FROM diff),
                   (SELECT jsonb_object_agg(key, after) FROM diff), {_BY_ACTOR}
            FROM changed
        )
        SELECT true, {_TASK} FROM changed
        UNION ALL
        SELECT false, {_TASK} FROM old WHERE NOT EXISTS (SELECT FROM changed)
    """  # noqa: S608
    row = _fetch(sql, _params(user_id, actor, task_id=task_id, **values))
    return (None, False) if row is None else (_task(row[1:]), row[0])


_ORDER_BY: Final = {
    "newest": "created_at DESC, id DESC",
    "due": "due_date ASC NULLS LAST, created_at DESC, id DESC",
    "priority": "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, created_at DESC, id DESC",
}
"""``services.ORDERS`` in SQL, in the order the list indexes serve."""
_SEARCHED: Final = "(UPPER(title::text) LIKE UPPER(%(search)s) OR UPPER(description::text) LIKE UPPER(%(search)s))"
"""Django's ``icontains`` on PostgreSQL, on title or description; the pattern is escaped as it escapes it."""
_LISTABLE: Final = frozenset(TASK_FIELDS) - {"user_id"}


def _where(
    user_id: int,
    *,
    completed: bool | None = None,
    search: str | None = None,
    priority: str | None = None,
    due_on: tuple[date | None, date | None] | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    overdue_on: date | None = None,
    undated: bool = False,
    number: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """The WHERE of a list of the user's tasks and its parameters (see ``page`` for the arguments)."""
    first, last = due_on or (None, None)
    given = {
        "completed = %(completed)s": ("completed", completed),
        "priority = %(priority)s": ("priority", priority or None),
        _SEARCHED: ("search", f"%{connection.ops.prep_for_like_query(search)}%" if search else None),
        "due_date >= %(due_first)s": ("due_first", first),
        "due_date <= %(due_last)s": ("due_last", last),
        "due_date < %(today)s AND NOT completed": ("today", overdue_on),
        "due_date <= %(due_before)s": ("due_before", due_before),
        "due_date >= %(due_after)s": ("due_after", due_after),
        "number = %(number)s": ("number", number),
    }
    conditions = ["user_id = %(user_id)s"]
    params: dict[str, Any] = {"user_id": user_id}
    for condition, (name, value) in given.items():
        if value is not None:
            conditions.append(condition)
            params[name] = value
    if undated:
        conditions.append("due_date IS NULL")
    return " AND ".join(conditions), params


def _columns(fields: tuple[str, ...]) -> str:
    assert fields and _LISTABLE.issuperset(fields), fields  # the callers' own field lists
    return ", ".join(fields)


def page(
    user_id: int, fields: tuple[str, ...], *, offset: int, limit: int, order: str = "newest", **filters: Any
) -> tuple[list[dict[str, Any]], int]:
    """One page of the user's tasks as ``values(*fields)`` rows, and how many match in all: one statement.

    ``filters``: ``completed``, ``search`` (a phrase, trimmed), ``priority``,
    ``number``, ``due_before`` and ``due_after`` (days included), and the due
    filter as ``services._due_bounds`` gives it: ``due_on`` (a first and last
    day, either open), ``overdue_on`` (today) or ``undated``. The total rides on
    the page (``COUNT(*) OVER ()``); only a page past the end counts on its own.
    """
    where, params = _where(user_id, **filters)
    sql = (
        f"SELECT {_columns(fields)}, COUNT(*) OVER () FROM {TASK_TABLE} WHERE {where} "  # noqa: S608
        f"ORDER BY {_ORDER_BY[order]} LIMIT %(limit)s OFFSET %(offset)s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "limit": limit, "offset": offset})
        rows = cursor.fetchall()
        if not rows:
            if not offset:
                return [], 0
            cursor.execute(f"SELECT COUNT(*) FROM {TASK_TABLE} WHERE {where}", params)  # noqa: S608
            return [], cursor.fetchone()[0]
    return [dict(zip(fields, row[:-1], strict=True)) for row in rows], rows[0][-1]


def page_with_counts(
    user_id: int,
    fields: tuple[str, ...],
    *,
    offset: int,
    limit: int,
    completed: bool | None,
    order: str = "newest",
    search: str | None = None,
    priority: str | None = None,
) -> tuple[list[dict[str, Any]], int, int]:
    """A page of the tasks matching ``search`` and ``priority`` that are ``completed`` (None: either), as rows;
    and how many match in all and how many of those are done, whatever the page: one statement, always.

    The counts are one aggregate that the page joins to, so a page past the end
    still has its row of counts (its task columns NULL).
    """
    matching, params = _where(user_id, search=search, priority=priority)
    status = "" if completed is None else " AND completed = %(completed)s"
    columns = _columns(fields)
    sql = f"""
        SELECT counts.total, counts.done, listed.* FROM (
            SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE completed) AS done FROM {TASK_TABLE} WHERE {matching}
        ) AS counts LEFT JOIN LATERAL (
            SELECT true AS listed, {columns} FROM {TASK_TABLE} WHERE {matching}{status}
            ORDER BY {_ORDER_BY[order]} LIMIT %(limit)s OFFSET %(offset)s
        ) AS listed ON true
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "completed": completed, "limit": limit, "offset": offset})
        rows = cursor.fetchall()
    total, done = rows[0][0], rows[0][1]
    if rows[0][2] is None:  # a page with no task: the counts' row alone
        return [], total, done
    return [dict(zip(fields, row[3:], strict=True)) for row in rows], total, done
