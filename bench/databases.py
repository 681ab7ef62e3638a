"""The benchmark databases: made fresh for each run, never the dev or test databases.

The benchmarks get their own PostgreSQL database (``todo_bench`` by default), on
the server ``--pg-url`` names, or else on the bundled server with its data in
``bench/.data/pgdata`` (git-ignored). It is dropped, migrated and seeded by
``python -m bench.seed`` in a child process, because Django settings are read
once per process and every benchmark talks to the database through the
project's own code.
"""

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "bench" / ".data"
LOG_DIR = DATA_DIR / "logs"
BENCH_DATABASE = "todo_bench"
PGDATA = DATA_DIR / "pgdata"
"""The bundled server's data, when no ``--pg-url`` is given."""
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef0123456789"


@dataclass(frozen=True)
class SeedSize:
    users: int
    tasks_per_user: int
    messages: int
    messages_per_conversation: int = 100

    @property
    def tasks(self) -> int:
        return self.users * self.tasks_per_user

    def describe(self) -> str:
        return (
            f"{self.users:,} users x {self.tasks_per_user} tasks = {self.tasks:,} tasks; "
            f"{self.messages:,} messages in conversations of {self.messages_per_conversation}"
        )


REFERENCE_SIZE = SeedSize(users=10_000, tasks_per_user=100, messages=1_000_000)
QUICK_SIZE = SeedSize(users=200, tasks_per_user=20, messages=4_000)


REDIS = ("127.0.0.1", 6379)


def redis_is_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@dataclass
class BenchDatabase:
    url: str
    label: str = "postgresql"
    """What the results and logs call it."""
    seed_seconds: float | None = None
    facts: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """The environment of every child process: production settings on this database.

        DEBUG off (as in production, and so Django does not keep every query);
        plain HTTP on loopback, so no SSL redirect; tokens that outlive the run.
        """
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "TODO_", "DATABASE_URL"))
        }
        env.update(
            {
                "DATABASE_URL": self.url,
                "DJANGO_SETTINGS_MODULE": "todo_project.settings",
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": BENCH_SECRET_KEY,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DJANGO_SECURE_SSL_REDIRECT": "false",
                "DJANGO_LOG_LEVEL": "WARNING",
                "TODO_ACCESS_TOKEN_MINUTES": "600",
                "TODO_AGENT": "rules",
                "PYTHONUNBUFFERED": "1",
                # Every limit is checked, as in production, at rates a benchmark does not reach. Per
                # second, so a window holds about as many requests as production's per-minute rates do
                # (a per-minute rate this high would make each window thousands of entries long).
                "TODO_MCP_CALL_RATE": "100000/s",
                "TODO_REST_WRITE_RATE": "100000/s",
                "TODO_CHAT_RATE": "100000/s",
                "TODO_AUTH_THROTTLE_RATE": "100000/s",
            }
        )
        if redis_is_up():  # the shared cache production uses for limits (else the database's table)
            env["REDIS_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/0"
            env["TODO_CACHE_KEY_PREFIX"] = "todo-bench"
        return env

    def recreate(self) -> None:
        """Drop and create the benchmark database, empty."""
        _recreate_postgres(self.url)

    def manage(self, *args: str, quiet: bool = False) -> str:
        """Run ``manage.py`` (or, given "-m", a module) on this database; its stdout, with stderr passed through."""
        result = subprocess.run(
            [sys.executable, *(args if args[0] == "-m" else ("manage.py", *args))],
            cwd=PROJECT_DIR,
            env=self.env(),
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL if quiet else None,
            text=True,
        )
        return result.stdout

    def prepare(self, size: SeedSize) -> None:
        """A fresh database at ``size``: drop, migrate, seed (timed)."""
        self.recreate()
        self.manage("migrate", "--noinput", quiet=True)
        # As the README's production steps do: WhiteNoise serves from STATIC_ROOT.
        self.manage("collectstatic", "--noinput", quiet=True)
        started = time.perf_counter()
        output = self.manage(
            "-m",
            "bench.seed",
            "--users",
            str(size.users),
            "--tasks-per-user",
            str(size.tasks_per_user),
            "--messages",
            str(size.messages),
            "--messages-per-conversation",
            str(size.messages_per_conversation),
        )
        self.seed_seconds = round(time.perf_counter() - started, 1)
        print(output.strip(), file=sys.stderr)

    def server_version(self) -> str:
        with psycopg.connect(_libpq_url(self.url)) as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0])


def _libpq_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def _recreate_postgres(url: str) -> None:
    """Drop and create the database named in ``url``, which must look like a benchmark database.

    The name check keeps a mistyped ``--pg-url`` from dropping real data.
    """
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"todo_bench\w*", name):
        raise SystemExit(f"Refusing to drop database {name!r}: benchmark databases are named todo_bench...")
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def benchmark_database(pg_url: str | None) -> BenchDatabase:
    """The benchmark database on ``pg_url``'s server, or on the bundled one (started for this run) without it."""
    if pg_url:
        return BenchDatabase(url=pg_url)
    from todo_project import bundled_postgres

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    server_url = urlsplit(bundled_postgres.url(PGDATA))
    return BenchDatabase(url=urlunsplit(server_url._replace(path=f"/{BENCH_DATABASE}")))


def in_django(database: BenchDatabase) -> dict[str, str]:
    """Recreate and migrate ``database``, then set Django up on it in this process (a standalone bench that
    drives the app in process and starts workers beside it); the environment those workers need."""
    database.recreate()
    database.manage("migrate", "--noinput", quiet=True)
    os.environ.update(database.env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
    import django

    django.setup()
    return dict(os.environ)
