"""CPU seconds spent by the processes under test, read from /proc.

Requests per second depend on everything else the machine runs; CPU time per
request does not (much). Dividing the cores by the CPU each request costs the
server, the database and the load generator says what throughput the code
allows, and which of the three limits it.
"""

import os
from collections.abc import Iterable
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


def postgres_backends(admin_url: str, database: str) -> list[int]:
    """The server processes serving connections to ``database`` (ours: it is a benchmark database)."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (database,)
        ).fetchall()
    return [row[0] for row in rows]


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots; processes born in between count from zero."""
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)
