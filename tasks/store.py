"""Every write to a task, each with its activity record, as one SQL statement: the only code that writes Task rows.

``tasks.services`` (add, update, complete, delete) and ``tasks.undo`` (which
re-applies, removes and restores) call these after validating their input. A
change and the ``Activity`` describing it travel as one statement of
data-modifying CTEs (``UPDATE … RETURNING``, ``DELETE … RETURNING``,
``INSERT … SELECT``): one round trip, atomic by itself (so no BEGIN and COMMIT
outside a transaction), where the ORM would take five (BEGIN, a locked read,
the write, the record, COMMIT); bench/README.md has the measurements. Inside
an outer transaction (an idempotent add, an undo) a statement runs in a
savepoint, as ``atomic()`` would: a failure leaves the outer transaction usable.

Each statement also keeps the person's counts on their profile (how many
tasks, how many done), and on each list and label how many of its tasks are
still to do (``_kept``), which the pages show instead of counting a long list
on every request (``tasks.queries``, ``tasks.organize``); being the only writer
is what keeps them true (``Profile.objects.recount`` and ``organize.recount``
put them right after rows written around it).

Column lists come from the model and from ``tasks.fields``: a deleted task is
recorded as its whole row (``to_jsonb``) and restored from it
(``jsonb_populate_record``), so a new column is kept by delete and undo without
a change here (``tasks/tests/test_fields.py`` holds that). Every statement is
scoped by ``user_id`` as ``Task.objects.for_user`` is, and each task id has
been checked (``todo_project.ids.row_id``) before it gets here.
"""

from contextlib import nullcontext
from typing import Any, Final
from uuid import uuid4

from django.db import connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from .activity import Actor
from .fields import TRACKED
from .models import Action, Activity, Label, Profile, Task, TaskList

TASK_TABLE: Final = Task._meta.db_table
ACTIVITY_TABLE: Final = Activity._meta.db_table
PROFILE_TABLE: Final = Profile._meta.db_table
TASK_COLUMNS: Final = tuple(field.attname for field in Task._meta.concrete_fields)
"""The task's columns in the model's field order, which ``Task.from_db`` takes them in."""

_TASK = ", ".join(TASK_COLUMNS)
_RECORD_COLUMNS = "user_id, action, task_id, title, before, after, channel, actor, group_id, undoes_id, created_at"
RECORD: Final = f"INSERT INTO {ACTIVITY_TABLE} ({_RECORD_COLUMNS})"
"""The start of every activity record's INSERT. ``update`` builds its statement per call, so the bench can
swap this out there to time the record alone (bench/activity_cost.py)."""
_BY_ACTOR = "%(channel)s, %(actor)s, %(group_id)s, %(undoes)s::bigint, %(now)s"
_WHOLE_ROW = "to_jsonb({row}) - 'id' - 'user_id'"
"""A task's row as an activity snapshot: every column but its identity, as PostgreSQL writes JSON."""


def _counted(row: str, *, tasks: str = "0", done: str = "0", beside: str = "") -> str:
    """A CTE that moves the counts on the profile of ``row``'s owner by ``tasks`` and ``done`` (SQL expressions,
    which may read ``row`` and the CTE named ``beside``)."""
    return f"""counted AS (
        UPDATE {PROFILE_TABLE} SET task_count = task_count + {tasks}, completed_count = completed_count + {done}
        FROM {row}{f", {beside}" if beside else ""} WHERE {PROFILE_TABLE}.user_id = {row}.user_id
    )"""  # noqa: S608  (the callers' own names and expressions)


LIST_TABLE: Final = TaskList._meta.db_table
LABEL_TABLE: Final = Label._meta.db_table


def _kept(*, gone: str | None = None, came: str | None = None) -> str:
    """CTEs that move the open-task counts kept on lists and labels: every open task of ``gone`` (SQL rows with
    ``list_id``, ``labels`` and ``completed``) no longer counts, every open task of ``came`` now does. So the lists
    and labels beside the tasks never count a person's tasks, as the profile's counts spare the list."""
    moves = []
    if gone:
        moves.append(f"SELECT list_id, labels, -1 AS delta FROM {gone} AS gone WHERE NOT completed")  # noqa: S608
    if came:
        moves.append(f"SELECT list_id, labels, 1 AS delta FROM {came} AS came WHERE NOT completed")  # noqa: S608
    return f"""kept_moves AS ({" UNION ALL ".join(moves)}),
    kept_lists AS (
        UPDATE {LIST_TABLE} SET pending = {LIST_TABLE}.pending + moved.delta
        FROM (SELECT list_id, SUM(delta) AS delta FROM kept_moves WHERE list_id IS NOT NULL GROUP BY list_id) AS moved
        WHERE {LIST_TABLE}.id = moved.list_id AND moved.delta <> 0
    ), kept_labels AS (
        UPDATE {LABEL_TABLE} SET pending = {LABEL_TABLE}.pending + moved.delta
        FROM (SELECT label, SUM(delta) AS delta FROM kept_moves, unnest(kept_moves.labels) AS label GROUP BY label)
             AS moved
        WHERE {LABEL_TABLE}.user_id = %(user_id)s AND {LABEL_TABLE}.name = moved.label AND moved.delta <> 0
    )"""  # noqa: S608  (the callers' own names)


def _tracked(row: str) -> str:
    """The tracked fields of ``row`` as a JSON object: what a 'created' record shows."""
    return "jsonb_build_object(" + ", ".join(f"'{name}', {row}.{name}" for name in TRACKED) + ")"


_JSON_COLUMNS: Final = frozenset(
    field.attname for field in Task._meta.concrete_fields if field.get_internal_type() == "JSONField"
)
"""Task columns holding JSON (its reminders), whose values go to the database as ``jsonb``, not as arrays."""


def _params(user_id: int, actor: Actor, *, undoes: int | None = None, **values: Any) -> dict[str, Any]:
    values = {name: Jsonb(value) if name in _JSON_COLUMNS else value for name, value in values.items()}
    return {
        "user_id": user_id,
        "channel": actor.channel,
        "actor": actor.name[: Activity.ACTOR_MAX_LENGTH],
        "group_id": actor.group_id or uuid4(),
        "undoes": undoes,
        "now": timezone.now(),
        **values,
    }


_CONVERTED: Final = {field.attname: field for field in Task._meta.concrete_fields if hasattr(field, "from_db_value")}
"""Columns whose raw database value is not yet the Python one (JSON arrives as text), as a QuerySet converts them."""


def python_values(columns: tuple[str, ...] | list[str], row: tuple[Any, ...]) -> list[Any]:
    """A row of raw task columns as the model's values: what ``Task.from_db`` and the list's dicts need."""
    return [
        _CONVERTED[name].from_db_value(value, None, connection) if name in _CONVERTED else value
        for name, value in zip(columns, row, strict=True)
    ]


def _task(row: tuple[Any, ...]) -> Task:
    return Task.from_db(connection.alias, TASK_COLUMNS, python_values(TASK_COLUMNS, row))


def _fetch(sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """Run one statement and return its row: on its own in autocommit, in a savepoint inside a transaction."""
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


_ADD: Final = f"""
    WITH numbered AS (
        INSERT INTO {PROFILE_TABLE} (user_id, time_zone, last_task_number, task_count, completed_count)
        VALUES (%(user_id)s, '', 1, 1, 0)
        ON CONFLICT (user_id) DO UPDATE SET last_task_number = {PROFILE_TABLE}.last_task_number + 1,
                                            task_count = {PROFILE_TABLE}.task_count + 1
        RETURNING last_task_number
    ), added AS (
        INSERT INTO {TASK_TABLE} (user_id, number, {", ".join(TRACKED)}, created_at, updated_at)
        SELECT %(user_id)s, last_task_number, {", ".join(f"%({name})s" for name in TRACKED)}, %(now)s, %(now)s
        FROM numbered
        RETURNING {_TASK}
    ), {_kept(came="added")}, recorded AS (
        {RECORD}
        SELECT user_id, 'created', id, title, '{{}}', {_tracked("added")}, {_BY_ACTOR} FROM added
    )
    SELECT {_TASK} FROM added
"""  # noqa: S608  (identifiers are the models' own; every value is a parameter)


def add(user_id: int, actor: Actor, values: dict[str, Any]) -> Task:
    """Insert a validated, pending task (``values`` of every tracked field) under the user's next number, and
    record it.

    The number comes from the user's profile, made on their first task; it
    only grows, so a number is never reused, even after its task is deleted.
    """
    assert not values["completed"], values  # counted as pending (numbered, above)
    row = _fetch(_ADD, _params(user_id, actor, **values))
    assert row is not None  # an INSERT … RETURNING returns its row
    return _task(row)


_COMPLETE: Final = f"""
    WITH changed AS (
        UPDATE {TASK_TABLE} SET completed = true, updated_at = %(now)s
        WHERE id = %(task_id)s AND user_id = %(user_id)s AND NOT completed AND repeat = ''
          AND NOT steps @> '[{{"done": false}}]'
        RETURNING {_TASK}
    ), {_counted("changed", done="1")}, {_kept(gone="(SELECT list_id, labels, false AS completed FROM changed)")},
    recorded AS (
        {RECORD}
        SELECT user_id, 'completed', id, title, '{{"completed": false}}', '{{"completed": true}}', {_BY_ACTOR}
        FROM changed
    )
    SELECT true, {_TASK} FROM changed
    UNION ALL
    SELECT false, {_TASK} FROM {TASK_TABLE}
    WHERE id = %(task_id)s AND user_id = %(user_id)s AND NOT EXISTS (SELECT FROM changed)
"""  # noqa: S608


def complete(user_id: int, task_id: int, actor: Actor) -> tuple[Task | None, bool]:
    """Complete the task if it is not, recording it; (the task as it now is or None if missing, changed?).
    A repeating task, or one with steps still open, is not closed here (``services.complete_task`` moves it on,
    or ticks its steps with it): it comes back unchanged.

    ``WHERE NOT completed`` on the row itself, so of two racing completions
    only the first writes and records. The task read beside it is the
    statement's snapshot: a task already complete is reported as it is.
    """
    row = _fetch(_COMPLETE, _params(user_id, actor, task_id=task_id))
    return (None, False) if row is None else (_task(row[1:]), row[0])


_DELETE: Final = f"""
    WITH deleted AS (
        DELETE FROM {TASK_TABLE} WHERE id = %(task_id)s AND user_id = %(user_id)s
        RETURNING {_TASK}
    ), {_counted("deleted", tasks="-1", done="-deleted.completed::int")}, {_kept(gone="deleted")}, recorded AS (
        {RECORD}
        SELECT user_id, 'deleted', id, title, {_WHOLE_ROW.format(row="deleted")}, '{{}}', {_BY_ACTOR}
        FROM deleted
    )
    SELECT {_TASK} FROM deleted
"""  # noqa: S608


def delete(user_id: int, task_id: int, actor: Actor, *, undoes: int | None = None) -> Task | None:
    """Delete the task and record all of it (for an undo); the task as it was, or None if missing.

    ``undoes``: the activity this delete reverses (an undone add or restore).
    """
    row = _fetch(_DELETE, _params(user_id, actor, undoes=undoes, task_id=task_id))
    return None if row is None else _task(row)


_RESTORE: Final = f"""
    WITH numbered AS (
        INSERT INTO {PROFILE_TABLE} (user_id, time_zone, last_task_number, task_count, completed_count)
        VALUES (%(user_id)s, '', 1, 1, %(done)s::int)
        ON CONFLICT (user_id) DO UPDATE SET
            last_task_number = {PROFILE_TABLE}.last_task_number + (NOT %(snapshot)s ? 'number')::int,
            task_count = {PROFILE_TABLE}.task_count + 1,
            completed_count = {PROFILE_TABLE}.completed_count + %(done)s::int
        RETURNING last_task_number
    ), restored AS (
        INSERT INTO {TASK_TABLE}
        SELECT * FROM jsonb_populate_record(NULL::{TASK_TABLE}, %(defaults)s || %(snapshot)s || jsonb_build_object(
            'id', CASE WHEN EXISTS (SELECT FROM {TASK_TABLE} WHERE id = %(task_id)s)
                       THEN nextval(pg_get_serial_sequence('{TASK_TABLE}', 'id')) ELSE %(task_id)s END,
            'user_id', %(user_id)s::bigint,
            'number', COALESCE(%(snapshot)s -> 'number', (SELECT to_jsonb(last_task_number) FROM numbered)),
            'created_at', COALESCE(%(snapshot)s -> 'created_at', to_jsonb(%(now)s::timestamptz)),
            'updated_at', %(now)s::timestamptz
        ))
        RETURNING {_TASK}
    ), {_kept(came="restored")}, recorded AS (
        {RECORD}
        SELECT user_id, 'restored', id, title, '{{}}', {_WHOLE_ROW.format(row="restored")}, {_BY_ACTOR}
        FROM restored
    )
    SELECT {_TASK} FROM restored
"""  # noqa: S608


_DEFAULTS: Final = Jsonb(
    {
        field.attname: field.get_default()
        for field in Task._meta.concrete_fields
        if field.has_default() and not field.null and not field.primary_key
    }
)
"""The model's defaults, for the columns a snapshot taken before they existed lacks (a new column is NOT NULL)."""


def restore(user_id: int, task_id: int, snapshot: dict[str, Any], actor: Actor, *, undoes: int) -> Task:
    """Bring a deleted task back from its record's snapshot: every column, under its old id unless that is taken.

    Its number and creation time come back with it, so it returns to its place in the list. (A record
    written before tasks had numbers gets the user's next one.)
    """
    done = bool(snapshot.get("completed"))
    params = _params(
        user_id, actor, undoes=undoes, task_id=task_id, snapshot=Jsonb(snapshot), done=done, defaults=_DEFAULTS
    )
    row = _fetch(_RESTORE, params)
    assert row is not None  # an INSERT … RETURNING returns its row
    return _task(row)


def update(
    user_id: int,
    task_id: int,
    actor: Actor,
    values: dict[str, Any],
    *,
    undoes: int | None = None,
    recorded_as: Action | None = None,
) -> tuple[Task | None, bool]:
    """Set the given (validated) tracked fields; only a real change is written and recorded.

    Returns the task as it now is (None if missing) and whether anything
    changed. The record holds just the fields whose value changed, before and
    after, and is ``completed``/``uncompleted`` when that is all that changed.
    An undo (``undoes``: the activity it reverses) is written and recorded even
    when the values already stand, so the undone change is marked as such.
    ``recorded_as`` names the action instead (a repeating task done: ``completed``, though its due date moved).
    """
    names = [name for name in TRACKED if name in values]
    assert len(names) == len(values), values  # the callers pass only given, tracked fields
    assert names or undoes is not None, "an update with nothing to set"  # an undo of a change that set nothing
    assignments = ", ".join([*(f"{name} = %({name})s" for name in names), "updated_at = %(now)s"])
    differs = " OR ".join(f"task.{name} IS DISTINCT FROM %({name})s" for name in names) or "false"
    old_values = ", ".join(f"'{name}', old.{name}" for name in names)
    new_values = ", ".join(f"'{name}', changed.{name}" for name in names)
    done = "(changed.completed::int - old.completed::int)"
    counted = f"{_counted('changed', done=done, beside='old')}," if "completed" in names else ""
    if {"completed", "list_id", "labels"} & set(names):
        changed_from = "(SELECT * FROM old WHERE EXISTS (SELECT FROM changed))"  # as it was, if it changed
        counted += f"{_kept(gone=changed_from, came='changed')},"
    sql = f"""
        WITH old AS (
            SELECT {_TASK} FROM {TASK_TABLE} WHERE id = %(task_id)s AND user_id = %(user_id)s FOR UPDATE
        ), changed AS (
            UPDATE {TASK_TABLE} AS task SET {assignments}
            FROM old WHERE task.id = old.id AND ({differs} OR %(undoes)s::bigint IS NOT NULL)
            RETURNING {", ".join(f"task.{name}" for name in TASK_COLUMNS)}
        ), {counted} diff AS (
            SELECT before.key, before.value AS before, after.value AS after
            FROM old, changed, jsonb_each(jsonb_build_object({old_values})) AS before
            JOIN jsonb_each(jsonb_build_object({new_values})) AS after USING (key)
            WHERE before.value IS DISTINCT FROM after.value
        ), recorded AS (
            {RECORD}
            SELECT user_id,
                   COALESCE(%(recorded_as)s, CASE WHEN (SELECT array_agg(key) FROM diff) = ARRAY['completed']
                        THEN CASE WHEN completed THEN 'completed' ELSE 'uncompleted' END
                        ELSE 'updated' END),
                   id, title, COALESCE((SELECT jsonb_object_agg(key, before) FROM diff), '{{}}'),
                   COALESCE((SELECT jsonb_object_agg(key, after) FROM diff), '{{}}'), {_BY_ACTOR}
            FROM changed
        )
        SELECT true, {_TASK} FROM changed
        UNION ALL
        SELECT false, {_TASK} FROM old WHERE NOT EXISTS (SELECT FROM changed)
    """  # noqa: S608
    row = _fetch(sql, _params(user_id, actor, undoes=undoes, task_id=task_id, recorded_as=recorded_as, **values))
    return (None, False) if row is None else (_task(row[1:]), row[0])


def _rewrite(user_id: int, actor: Actor, column: str, value: str, where: str, **params: Any) -> int:
    """Set ``column`` to the SQL ``value`` on every task of the user ``where`` says, each change recorded (an
    ``updated`` record with the column before and after, in the actor's group); how many tasks changed."""
    sql = f"""
        WITH old AS (
            SELECT id, list_id, labels, completed FROM {TASK_TABLE}
            WHERE user_id = %(user_id)s AND {where} ORDER BY id FOR UPDATE
        ), changed AS (
            UPDATE {TASK_TABLE} AS task SET {column} = {value}, updated_at = %(now)s
            FROM old WHERE task.id = old.id AND task.{column} IS DISTINCT FROM {value}
            RETURNING task.user_id, task.id, task.title, old.{column} AS before, task.{column} AS after,
                      task.list_id, task.labels, task.completed
        ), {_kept(gone="(SELECT old.* FROM old JOIN changed USING (id))", came="changed")}, recorded AS (
            {RECORD}
            SELECT user_id, 'updated', id, title, jsonb_build_object('{column}', before),
                   jsonb_build_object('{column}', after), {_BY_ACTOR}
            FROM changed
        )
        SELECT COUNT(*) FROM changed
    """  # noqa: S608  (the callers' own column and expressions; every value is a parameter)
    row = _fetch(sql, _params(user_id, actor, **params))
    assert row is not None  # an aggregate has its row
    return int(row[0])


def move_list(user_id: int, list_id: int, to: int | None, actor: Actor) -> int:
    """Move every task of one list to another (None: the Inbox), each move recorded; how many moved."""
    return _rewrite(user_id, actor, "list_id", "%(to)s::bigint", "list_id = %(list_id)s", list_id=list_id, to=to)


def relabel(user_id: int, old: str, new: str | None, actor: Actor) -> int:
    """Rename a label on every task that has it (``new`` None: take it off), each change recorded; how many."""
    value = "array_remove(task.labels, %(old)s)" if new is None else "array_replace(task.labels, %(old)s, %(new)s)"
    return _rewrite(user_id, actor, "labels", value, "labels @> ARRAY[%(old)s]::varchar[]", old=old, new=new)


_DELETE_LIST: Final = f"""
    WITH deleted AS (
        DELETE FROM {TASK_TABLE} WHERE user_id = %(user_id)s AND list_id = %(list_id)s
        RETURNING {_TASK}
    ), counted AS (
        UPDATE {PROFILE_TABLE} SET task_count = task_count - gone.tasks, completed_count = completed_count - gone.done
        FROM (SELECT COUNT(*) AS tasks, COUNT(*) FILTER (WHERE completed) AS done FROM deleted) AS gone
        WHERE {PROFILE_TABLE}.user_id = %(user_id)s AND gone.tasks > 0
    ), {_kept(gone="deleted")}, recorded AS (
        {RECORD}
        SELECT user_id, 'deleted', id, title, {_WHOLE_ROW.format(row="deleted")}, '{{}}', {_BY_ACTOR}
        FROM deleted
    )
    SELECT COUNT(*) FROM deleted
"""  # noqa: S608


def delete_list(user_id: int, list_id: int, actor: Actor) -> int:
    """Delete every task of one list, each recorded whole (for an undo); how many."""
    row = _fetch(_DELETE_LIST, _params(user_id, actor, list_id=list_id))
    assert row is not None
    return int(row[0])


_ADD_MANY: Final = f"""
    WITH numbered AS (
        INSERT INTO {PROFILE_TABLE} (user_id, time_zone, last_task_number, task_count, completed_count)
        VALUES (%(user_id)s, '', %(count)s, %(count)s, %(done)s)
        ON CONFLICT (user_id) DO UPDATE SET last_task_number = {PROFILE_TABLE}.last_task_number + %(count)s,
                                            task_count = {PROFILE_TABLE}.task_count + %(count)s,
                                            completed_count = {PROFILE_TABLE}.completed_count + %(done)s
        RETURNING last_task_number
    ), added AS (
        INSERT INTO {TASK_TABLE} (user_id, number, {", ".join(TRACKED)}, created_at, updated_at)
        SELECT %(user_id)s, numbered.last_task_number - %(count)s + given.ordinality,
               {", ".join(f"given.{name}" for name in TRACKED)}, %(now)s, %(now)s
        FROM numbered, jsonb_populate_recordset(NULL::{TASK_TABLE}, %(rows)s) WITH ORDINALITY AS given
        RETURNING {_TASK}
    ), {_kept(came="added")}, recorded AS (
        {RECORD}
        SELECT user_id, 'created', id, title, '{{}}', {_tracked("added")}, {_BY_ACTOR} FROM added
    )
    SELECT {_TASK} FROM added ORDER BY number
"""  # noqa: S608


def add_many(user_id: int, actor: Actor, rows: list[dict[str, Any]]) -> list[Task]:
    """Insert validated tasks (each a dict of every tracked field, as JSON) under the user's next numbers, in
    order, each recorded in the actor's group: one statement for the lot (an import's batch)."""
    done = sum(1 for row in rows if row["completed"])
    params = _params(user_id, actor, rows=Jsonb(rows), count=len(rows), done=done)
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(_ADD_MANY, params)
        return [_task(row) for row in cursor.fetchall()]


_DELETE_MANY: Final = f"""
    WITH given AS (
        SELECT * FROM unnest(%(task_ids)s::bigint[], %(undoes_ids)s::bigint[]) AS given (task_id, undoes)
    ), deleted AS (
        DELETE FROM {TASK_TABLE} AS task USING given
        WHERE task.id = given.task_id AND task.user_id = %(user_id)s
        RETURNING task.*, given.undoes AS undoes_id
    ), counted AS (
        UPDATE {PROFILE_TABLE} SET task_count = task_count - gone.tasks, completed_count = completed_count - gone.done
        FROM (SELECT COUNT(*) AS tasks, COUNT(*) FILTER (WHERE completed) AS done FROM deleted) AS gone
        WHERE {PROFILE_TABLE}.user_id = %(user_id)s AND gone.tasks > 0
    ), {_kept(gone="deleted")}, recorded AS (
        INSERT INTO {ACTIVITY_TABLE} ({_RECORD_COLUMNS})
        SELECT user_id, 'deleted', id, title, to_jsonb(deleted) - 'id' - 'user_id' - 'undoes_id', '{{}}',
               %(channel)s, %(actor)s, %(group_id)s, undoes_id, %(now)s
        FROM deleted
    )
    SELECT COUNT(*) FROM deleted
"""  # noqa: S608


def delete_many(user_id: int, undone: dict[int, int], actor: Actor) -> int:
    """Delete many tasks at once, each recorded whole and as the undo of its activity (``undone``: task id →
    the activity it reverses): an undone import, in one statement. How many were there to delete."""
    params = _params(user_id, actor, task_ids=list(undone), undoes_ids=list(undone.values()))
    row = _fetch(_DELETE_MANY, params)
    assert row is not None
    return int(row[0])
