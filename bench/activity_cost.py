"""What the activity log costs: the record's INSERT in a write's transaction, and reading a long history.

Runs inside Django (see bench/django_side.py), on the seeded database:

- the same write (a task's title changed back and forth) through
  ``tasks.services.update_task``, alternately as it is and without its
  record, so the difference is the record alone: the write is one statement
  (``tasks/store.py``), run without its ``INSERT`` into the log (that CTE
  becomes a SELECT nobody reads, which PostgreSQL skips);
- ``GET /api/activity/`` for a user given 10,000 activities, through the whole
  REST stack, with the plan of its query.
"""

import time
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework_simplejwt.tokens import AccessToken

from tasks import services, store
from tasks.activity import Actor
from tasks.models import Activity, Channel, Task

BENCH_ACTOR = Actor(Channel.MCP, "bench")
HISTORY = 10_000


def _write_cost(user, rounds: int, summarize: Callable[[Sequence[float]], Any]) -> dict[str, Any]:
    task = Task.objects.for_user(user).first()
    titles = ("Benchmark title A", "Benchmark title B")
    recorded, bare = [], []
    real_insert = store.RECORD
    try:
        for number in range(2 * rounds):
            with_record = number % 2 == 0
            store.RECORD = real_insert if with_record else ""
            started = time.perf_counter()
            services.update_task(user, task.pk, actor=BENCH_ACTOR, title=titles[number % 2])
            (recorded if with_record else bare).append(time.perf_counter() - started)
    finally:
        store.RECORD = real_insert
    return {"with_record": summarize(recorded), "without_record": summarize(bare)}


def _backfill_history() -> int:
    """Give every seeded task its 'created' record, as if each had been added through a channel.

    The seed writes tasks straight into the table, so the log starts empty; a
    log with one row per task spreads every user's history through the table,
    which is what the list's index must cope with. Done once per database.
    """
    if Activity.objects.exists():
        return Activity.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks_activity (user_id, action, task_id, title, before, after, channel, actor, group_id,"
            " created_at) SELECT user_id, 'created', id, title, '{}', json_build_object('title', title), 'web', '',"
            " gen_random_uuid(), created_at FROM tasks_task ORDER BY id"
        )
        return cursor.rowcount


def _history_read(user, rounds: int, summarize: Callable[[Sequence[float]], Any]) -> dict[str, Any]:
    backfilled = _backfill_history()
    Activity.objects.bulk_create(
        (
            Activity(
                user=user,
                action="updated",
                task_id=number,
                title=f"Change {number}",
                channel="mcp",
                actor="bench",
                before={"title": "a"},
                after={"title": "b"},
            )
            for number in range(HISTORY)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tasks_activity")  # as autovacuum would after a load like this
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    for _ in range(10):  # warm-up: imports, the connection, the plan cache
        client.get("/api/activity/")
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get("/api/activity/")
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"GET /api/activity/ answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/activity/")
    activity_queries = [query["sql"] for query in captured.captured_queries if "tasks_activity" in query["sql"]]
    plans = []
    with connection.cursor() as cursor:
        for sql in activity_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plans.append("\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall()))
    return {
        "history": HISTORY,
        "table_rows": backfilled + HISTORY,
        "first_page": summarize(samples),
        "queries": len(activity_queries),
        "plans": plans,
    }


def run(*, rounds: int, summarize: Callable[[Sequence[float]], Any]) -> dict[str, Any]:
    user = get_user_model().objects.filter(username__startswith="seed-user-").order_by("id")[1]
    try:
        return {"write": _write_cost(user, rounds, summarize), "read": _history_read(user, rounds, summarize)}
    finally:
        Activity.objects.for_user(user).filter(actor="bench").delete()
