"""CPU seconds spent by the processes under test, read from /proc.

Requests per second depend on everything else the machine runs; CPU time per
request does not (much). Dividing the cores by the CPU each request costs the
server, the database and the load generator says what throughput the code
allows, and which of the three limits it.
"""

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces; everything after its closing parenthesis is fixed fields.
    return text.rsplit(")", 1)[1].split()


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """utime + stime of each live process, in seconds."""
    found = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            found[pid] = (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND
    return found


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants (gunicorn's master and workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def postgres_backends(connection: psycopg.Connection, database: str) -> list[int]:
    """The server processes serving connections to ``database`` (ours: it is a benchmark database)."""
    rows = connection.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (database,)
    ).fetchall()
    return [row[0] for row in rows]


class CpuSampler:
    """CPU seconds spent by groups of processes over a span, sampled every ``interval`` seconds.

    Processes come and go (CONN_MAX_AGE recycles database connections, so
    PostgreSQL backends exit mid-run): a reading before and after would lose
    the CPU of every process that exited in between. Samples lose at most the
    last ``interval`` of each; a process first seen mid-span counts from zero.
    """

    def __init__(self, read: Callable[[], dict[str, dict[int, float]]], interval: float = 0.2):
        self.read = read
        self.interval = interval

    @contextmanager
    def span(self) -> Iterator[dict[str, float]]:
        """Yield a dict that, after the block, holds the CPU seconds each group spent during it."""
        baseline: dict[str, dict[int, float]] = {}
        latest: dict[str, dict[int, float]] = {}

        def take(first: bool) -> None:
            for group, readings in self.read().items():
                for pid, seconds in readings.items():
                    baseline.setdefault(group, {}).setdefault(pid, seconds if first else 0.0)
                    latest.setdefault(group, {})[pid] = seconds

        take(first=True)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(self.interval):
                take(first=False)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        spent: dict[str, float] = {}
        try:
            yield spent
        finally:
            stop.set()
            sampler.join()
            take(first=False)
            for group, readings in latest.items():
                spent[group] = sum(seconds - baseline[group][pid] for pid, seconds in readings.items())
