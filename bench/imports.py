"""An import of 10,000 tasks: checking the file, the worker adding it, and the undo that takes it back.

    .venv/bin/python -m bench.imports --pg-url postgres://postgres@127.0.0.1:5432/todo_bench_imports
    .venv/bin/python -m bench.imports --count 2000          # smaller; on the bundled server

It (re)creates its own database (the name must start with ``todo_bench``),
migrates it, writes a Todoist CSV of ``count`` tasks (dates, repeats, labels,
steps, notes: what a real export holds), then times, for one person: reading
and checking the file (``imports.start``, what the upload request does), a
real ``manage.py db_worker`` adding every task (the job's time, from queued to
done), and one undo of the whole import. Writes
``bench/results/imports-<date>.md``.
"""

import argparse
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def todoist_csv(count: int, rng: random.Random) -> str:
    """A Todoist project export of ``count`` tasks, each sometimes with a date, a repeat, labels, steps, a note."""
    lines = ["TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE"]
    dates = ["", "", "tomorrow", "next friday", "every monday", "2030-03-04", "in 3 days", "every month on the 1st"]
    for number in range(count):
        labels = " ".join(f"@label{rng.randrange(200)}" for _ in range(rng.randrange(3)))
        date = rng.choice(dates)
        lines.append(f"task,Task number {number} {labels},,{rng.choice('1234')},1,Bench (1),,{date},en,UTC")
        for step in range(rng.choice((0, 0, 0, 2, 3))):
            lines.append(f"task,Step {step} of {number},,4,2,Bench (1),,,en,UTC")
        if number % 10 == 0:
            lines.append(f"note,A note on task {number},,,,Bench (1),,,en,UTC")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", help="a PostgreSQL server (database name starting with todo_bench)")
    parser.add_argument("--count", type=int, default=10_000, help="tasks in the file (default 10,000)")
    options = parser.parse_args()
    from .databases import benchmark_database

    _run(benchmark_database(options.pg_url), options.count)


def _run(database, count: int) -> None:
    from .databases import in_django

    env = in_django(database)
    from django.contrib.auth import get_user_model

    from tasks import imports, undo
    from tasks.activity import Actor
    from tasks.models import Channel, Import, Task

    person = get_user_model().objects.create_user(username="importer", password=None)
    data = todoist_csv(count, random.Random(11)).encode()

    started = time.perf_counter()
    job = imports.start(person, "Bench.csv", data)
    checked = time.perf_counter() - started

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = time.perf_counter()
        while True:
            job.refresh_from_db()
            if job.status in {"done", "failed"}:
                break
            time.sleep(0.05)
        added_in = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    job = Import.objects.get(pk=job.pk)
    assert job.status == "done", job.error
    tasks = Task.objects.for_user(person).count()

    started = time.perf_counter()
    undo.undo_group(person, job.group_id, actor=Actor(Channel.WEB))
    undone_in = time.perf_counter() - started
    left = Task.objects.for_user(person).count()

    lines = [
        f"# An import of {count:,} tasks",
        "",
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m bench.imports --count {count}`.",
        "",
        f"- The file: a Todoist CSV of {len(data) / 1024:,.0f} KiB ({count:,} tasks with dates, repeats, labels, "
        "steps and notes).",
        f"- Read and checked (the upload request): {checked:.2f} s.",
        f"- Added by one `db_worker` (queued to done, batches of {imports.BATCH}): {added_in:.2f} s "
        f"({tasks / added_in:,.0f} tasks/s); {tasks:,} tasks in.",
        f"- Undone as one (every task and label it made): {undone_in:.2f} s; {left} left.",
    ]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"imports-{datetime.now(UTC):%Y-%m-%d}.md"
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
