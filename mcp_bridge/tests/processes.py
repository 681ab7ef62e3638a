"""Real ``runmcp`` processes for tests: the environment they need and committed users they act for.

The SDK's stdio client passes a subprocess only a few environment variables,
and tests run against a test database the subprocess must find by itself, so
``DATABASE_URL`` is built from the live test connection.
"""

import os
import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

PROJECT_DIR = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(PROJECT_DIR / "manage.py")]


def database_host() -> str:
    """Where the test database listens: a host name, or a Unix socket's folder (the bundled server's)."""
    db = connection.settings_dict
    return db["HOST"] or db["OPTIONS"].get("host") or "localhost"


def database_url() -> str:
    """A DATABASE_URL pointing at the test database this test run uses."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = database_host()
    if host.startswith("/"):
        return f"postgres://{credentials}@/{db['NAME']}?host={quote(host, safe='/')}"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def runmcp_env(**extra: str) -> dict[str, str]:
    """The environment of a runmcp subprocess: ours minus MCP identity, on the test database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TODO_MCP_")}
    env.update(DATABASE_URL=database_url(), PYTHONUNBUFFERED="1", **extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"runmcp exited early with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"runmcp did not listen on port {port} within {timeout}s")


@contextmanager
def committed_users(django_db_blocker, *usernames: str):
    """Users committed for a whole test module (processes cannot see a test's transaction), removed after.

    pytest-django creates the test database only when some collected test asks
    for ``db``; each process module has one such test, and this guard makes
    sure nothing here ever writes to a real database.
    """
    assert Path(connection.settings_dict["NAME"]).name.startswith("test"), (
        "the test database is not set up: select at least one test that uses `db` (e.g. run the whole module)"
    )
    with django_db_blocker.unblock():
        users = [get_user_model().objects.create_user(username=name, password=None) for name in usernames]
    try:
        yield users
    finally:
        with django_db_blocker.unblock():
            get_user_model().objects.filter(pk__in=[user.pk for user in users]).delete()
