"""The bundled PostgreSQL as `make run` and `make test` use it: a real server from the wheel, started and stopped
by ``python -m todo_project.bundled_postgres`` around a command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcp_bridge.tests.processes import PROJECT_DIR

LAUNCHER = [sys.executable, "-m", "todo_project.bundled_postgres"]
SHOW_URL = [sys.executable, "-c", "import os; print(os.environ['DATABASE_URL'])"]


def python_on_the_database(statement: str) -> list[str]:
    """A command that runs ``statement`` on DATABASE_URL and prints its first value, if it has one."""
    code = (
        "import os, psycopg; "
        f"cursor = psycopg.connect(os.environ['DATABASE_URL'], autocommit=True).execute({statement!r}); "
        "print(cursor.fetchone()[0] if cursor.description else '')"
    )
    return [sys.executable, "-c", code]


def launch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    without_database = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return subprocess.run(
        [*LAUNCHER, *args],
        cwd=PROJECT_DIR,
        env=env or without_database,
        capture_output=True,
        text=True,
        timeout=120,
    )


def socket_folder(url: str) -> Path:
    return Path(url.rsplit("host=", 1)[1])


def test_a_throwaway_server_runs_the_command_and_leaves_nothing_behind():
    result = launch("--throwaway", "--", *SHOW_URL)
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert url.startswith("postgresql://postgres")
    assert not socket_folder(url).exists(), "the throwaway folder outlived the command"


def test_the_commands_exit_status_is_the_launchers():
    result = launch("--throwaway", "--", sys.executable, "-c", "raise SystemExit(3)")
    assert result.returncode == 3


def test_kept_data_survives_a_stop_and_the_server_stops_with_its_command(tmp_path):
    data = tmp_path / "pgdata"
    create = python_on_the_database("CREATE TABLE kept ()")
    assert launch("--data", str(data), "--", *create).returncode == 0
    assert not (data / "postmaster.pid").exists()

    second = launch("--data", str(data), "--", *SHOW_URL)
    assert second.returncode == 0, second.stderr
    assert not (data / "postmaster.pid").exists()
    # The table from the first run is still there: start the server again to look.
    look = python_on_the_database("SELECT to_regclass('kept')::text")
    assert launch("--data", str(data), "--", *look).stdout.strip() == "kept"


def test_a_server_left_running_by_a_killed_launcher_is_reused_then_stopped(tmp_path):
    """A crash (here: the launcher killed with SIGKILL) leaves the server running with a dead user on its list."""
    data = tmp_path / "pgdata"
    killed = launch("--data", str(data), "--", "sh", "-c", "kill -9 $PPID")
    assert killed.returncode != 0
    assert (data / "postmaster.pid").exists(), "the server should still run after its launcher died"

    again = launch("--data", str(data), "--", *SHOW_URL)
    assert again.returncode == 0, again.stderr
    assert not (data / "postmaster.pid").exists(), "the recovered server was not stopped at the end"


def test_an_old_sqlite_database_is_named_once_with_how_to_bring_it_over(tmp_path):
    (tmp_path / "db.sqlite3").write_bytes(b"")
    first = launch("--data", str(tmp_path / "pgdata"), "--", "true")
    second = launch("--data", str(tmp_path / "pgdata"), "--", "true")
    assert "dumpdata" in first.stderr and "loaddata" in first.stderr
    assert "db.sqlite3" not in second.stderr


def test_with_database_url_nothing_is_bundled(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://someone@db.example/todo"}
    result = launch("--data", str(tmp_path / "pgdata"), "--", *SHOW_URL, env=env)
    assert result.stdout.strip() == "postgres://someone@db.example/todo"
    assert not (tmp_path / "pgdata").exists()


@pytest.mark.parametrize("args", [[], ["--throwaway"], ["--data", "x", "--throwaway", "--", "true"]])
def test_a_wrong_command_line_is_refused_with_usage(args):
    result = launch(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_the_bundled_url_reaches_a_real_server(tmp_path):
    result = launch("--throwaway", "--", *python_on_the_database("SHOW server_version_num"))
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 180000
