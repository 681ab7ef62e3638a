"""Reminder delivery at scale: 100,000 reminders due in the same minute, delivered by two real workers.

    .venv/bin/python -m bench.reminders --pg-url postgres://postgres@127.0.0.1:5432/todo_bench_reminders
    .venv/bin/python -m bench.reminders --count 10000          # smaller; on the bundled server

It (re)creates its own database (the name must start with ``todo_bench``),
migrates it, seeds 1,000 people with tasks due today and one due reminder per
task (COPY), prints the plan of the workers' due-reminder query (EXPLAIN
ANALYZE: the partial index ``reminder_due``), then enqueues two delivery jobs,
starts two ``manage.py db_worker`` processes and times them until every
reminder is delivered. It reports the count, the time, the rate and the
duplicates (notifications per reminder beyond one), and writes
``bench/results/reminders-<date>.md``.
"""

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
PEOPLE = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", help="a PostgreSQL server (database name starting with todo_bench)")
    parser.add_argument("--count", type=int, default=100_000, help="reminders due at once (default 100,000)")
    options = parser.parse_args()
    from .databases import benchmark_database

    _run(benchmark_database(options.pg_url), options.count)


def _run(database, count: int) -> None:
    from .databases import in_django

    env = in_django(database)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from tasks import reminders
    from tasks.models import Notification, Profile, Reminder, Task

    from .seeding import analyze, bulk_insert

    now = timezone.now()
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"reminded{index:04d}", password="!") for index in range(PEOPLE)
    )
    per_person = max(1, count // PEOPLE)
    today = timezone.localdate()
    task_fields = ("user", "number", "title", "description", "completed", "priority", "due_date", "due_time",
                   "repeat", "reminders", "created_at", "updated_at")  # fmt: skip
    bulk_insert(
        Task,
        task_fields,
        (
            (person.pk, number, f"Task {number}", "", False, "medium", today, now.time(), "", "[]", now, now)
            for person in people
            for number in range(1, per_person + 1)
        ),
    )
    bulk_insert(
        Profile,
        ("user", "time_zone", "last_task_number", "task_count", "completed_count", "email_reminders"),
        ((person.pk, "", per_person, per_person, 0, False) for person in people),
    )
    due = now - timedelta(seconds=30)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Reminder._meta.db_table} (user_id, task_id, fire_at) "  # noqa: S608
            f"SELECT user_id, id, %s FROM {Task._meta.db_table}",
            [due],
        )
    analyze(Task, Reminder, Profile)
    total = Reminder.objects.count()

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT id, user_id, task_id, fire_at FROM "  # noqa: S608
            f"{Reminder._meta.db_table} WHERE delivered_at IS NULL AND fire_at <= %s "
            "ORDER BY fire_at LIMIT %s FOR UPDATE SKIP LOCKED",
            [timezone.now(), reminders.BATCH],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    connection.close()

    for _ in range(2):
        reminders.deliver_due.enqueue()
    connection.close()
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-reload",
                "--interval",
                "0.05",
                "--no-startup-delay",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.wait(timeout=1800)
    elapsed = time.perf_counter() - started
    delivered = Notification.objects.count()
    distinct = Notification.objects.values("reminder_id").distinct().count()
    left = Reminder.objects.filter(delivered_at=None).count()
    connection.close()

    report = f"""# Reminder delivery, {datetime.now(UTC):%Y-%m-%d}

`python -m bench.reminders` on PostgreSQL {database.server_version()}, 2 cores: {total:,} reminders of
{PEOPLE:,} people, all due in the same minute, delivered in the app by **2 workers**
(`manage.py db_worker --batch`, real processes), batches of {reminders.BATCH} per statement.

| reminders due | delivered | left undelivered | duplicates | time (s) | reminders/s |
|---:|---:|---:|---:|---:|---:|
| {total:,} | {delivered:,} | {left:,} | {delivered - distinct:,} | {elapsed:.1f} | {delivered / elapsed:,.0f} |

The time includes both workers starting (Django set-up) and finding the queue empty at the end.

## The due-reminder query

What each batch starts with (`tasks/reminders.py`, `_DELIVER`'s first step), on the full table before
delivery: the partial index `reminder_due` (`fire_at` where `delivered_at IS NULL`) serves the order and the
limit, so a batch reads {reminders.BATCH} index entries however many reminders wait.

```
{plan}
```
"""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"reminders-{datetime.now(UTC):%Y-%m-%d}.md"
    path.write_text(report)
    print(report)
    print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
