"""Round trips per MCP tool call, counted: what each call asks of the database and of Redis.

Runs inside Django (bench/django_side.py). Each tool is called as ``runmcp
--user`` serves it (the process's identity, its limit counted per call), on a
task of its own, and every message to a server is counted:

- SQL statements, through ``connection.execute_wrapper``;
- transaction control: a top-level ``atomic()`` block costs a BEGIN (sent by
  the driver before its first statement) and a COMMIT, counted at the commit;
- Redis commands (the limit's script is one), at the client.

Then each tool is timed the same way, in process, over many rounds: the
whole call as the SDK's worker thread runs it (identity, limit, arguments to
the service, statement, result), and within it the time spent waiting on
the SQL statements and on Redis. What a call costs over the SDK's floor
beyond this is the SDK's side of it (our larger arguments and results) and
the call's log line.
"""

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from redis.client import Redis

from mcp_bridge import identity
from mcp_bridge.tools import TOOLS
from tasks.services import UNSET
from todo_project.cache import limits_cache

UPDATE_DEFAULTS = {"description": UNSET, "priority": UNSET, "due_date": UNSET, "completed": UNSET}


@dataclass
class Tally:
    """What a block asked of the servers: messages by kind, and seconds spent waiting on SQL and on Redis."""

    counts: Counter[str] = field(default_factory=Counter)
    waited: Counter[str] = field(default_factory=Counter)


@contextmanager
def counting() -> Iterator[Tally]:
    """Count SQL statements, transaction control and Redis commands made inside the block, and time them."""
    tally = Tally()
    counts, waited = tally.counts, tally.waited

    def statement(execute, sql, params, many, context):
        counts["sql"] += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited["sql"] += time.perf_counter() - started

    original_commit, original_command = connection.commit, Redis.execute_command

    def commit() -> None:
        counts["begin/commit"] += 2
        original_commit()

    def command(client: Redis, *args: Any, **options: Any) -> Any:
        counts["redis"] += 1
        started = time.perf_counter()
        try:
            return original_command(client, *args, **options)
        finally:
            waited["redis"] += time.perf_counter() - started

    connection.commit = commit  # type: ignore[method-assign]
    Redis.execute_command = command  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(statement):
            yield tally
    finally:
        connection.commit = original_commit  # type: ignore[method-assign]
        Redis.execute_command = original_command  # type: ignore[method-assign]


def run() -> dict[str, Any]:
    user = get_user_model().objects.filter(username__startswith="seed-user-").order_by("id").first()
    if user is None:
        raise SystemExit("No seeded users: run python -m bench.seed first.")
    identity.serve_as(user, label="bench", limit_key=f"user:{user.pk}")

    def tool(name: str) -> Callable[..., Any]:
        return TOOLS[name].fn

    def call(name: str, **arguments: Any) -> dict[str, Any]:
        return tool(name)(**arguments).structured_content

    call("list_tasks")  # connections and the limit's script, as after a client's first call
    per_tool: dict[str, dict[str, int]] = {}
    for _ in range(2):  # the second round is the one reported: nothing left to warm up
        with counting() as tally:
            added = call("add_task", title="Round trip probe")
        per_tool["add_task"] = dict(tally.counts)
        for name, arguments in (
            ("list_tasks", {}),
            ("update_task", {"task_id": added["task_id"], "title": "Round trip probe, edited", **UPDATE_DEFAULTS}),
            ("complete_task", {"task_id": added["task_id"]}),
            ("delete_task", {"task_id": added["task_id"]}),
        ):
            with counting() as tally:
                call(name, **arguments)
            per_tool[name] = dict(tally.counts)
    timed = _timed(call)
    identity.serve_as(None)
    kinds = ("sql", "begin/commit", "redis")
    return {
        "wire_ms": _wire(),
        "in_process_ms": timed,
        "limits_in": "redis" if isinstance(limits_cache(), RedisCache) else "database",
        "per_tool": {
            name: {kind: counts.get(kind, 0) for kind in kinds} | {"total": sum(counts.values())}
            for name, counts in per_tool.items()
        },
    }


def _timed(call: Callable[..., dict[str, Any]], rounds: int = 300, warm_up: int = 30) -> dict[str, dict[str, float]]:
    """Median milliseconds per tool in process: the whole call, its waits on SQL and on Redis, and the rest (Python)."""
    samples: dict[str, list[tuple[float, float, float, float]]] = {}

    def timed(name: str, **arguments: Any) -> dict[str, Any]:
        with counting() as tally:
            started = time.perf_counter()
            result = call(name, **arguments)
            elapsed = time.perf_counter() - started
        sql, redis = tally.waited["sql"], tally.waited["redis"]
        samples.setdefault(name, []).append((elapsed, sql, redis, elapsed - sql - redis))
        return result

    for number in range(warm_up + rounds):
        if number == warm_up:
            samples.clear()
        added = timed("add_task", title=f"Timing probe {number}")
        timed("list_tasks")
        timed("update_task", task_id=added["task_id"], title=f"Timing probe {number}, edited", **UPDATE_DEFAULTS)
        timed("complete_task", task_id=added["task_id"])
        timed("delete_task", task_id=added["task_id"])
    return {
        name: {
            kind: round(statistics.median(sample[index] for sample in taken) * 1000, 3)
            for index, kind in enumerate(("call", "sql", "redis", "python"))
        }
        for name, taken in samples.items()
    }


def _median_ms(operation: Callable[[], Any], repeats: int = 300) -> float:
    for _ in range(20):
        operation()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        operation()
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings) * 1000, 3)


def _wire() -> dict[str, float]:
    """What one round trip costs here with nothing to do: ``SELECT 1`` through Django's cursor, a Redis PING."""

    def select_one() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    costs = {"sql": _median_ms(select_one)}
    cache = limits_cache()
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        costs["redis"] = _median_ms(client.ping)
    return costs
