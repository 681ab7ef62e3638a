"""Behind PgBouncer in transaction mode, as the README's scale-out section runs it: DJANGO_DB_POOL=false.

A real PgBouncer the test starts in front of the test database, handing its
server connections out in turn, and the production server (gunicorn, two
workers) through it: every read and write must succeed, each transaction on
whichever server connection it is given.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx
import pytest
from django.db import connection

from mcp_bridge.tests.processes import PROJECT_DIR, database_host, free_port, wait_for_port
from mcp_bridge.tokens import create_mcp_token
from todo_project.tests.test_database_outage import MCP_HEADERS, PRODUCTION_SERVER, production_env

pytestmark = pytest.mark.django_db(transaction=True)


def _pgbouncer() -> str:
    found = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if found is None:
        reason = "PgBouncer is not installed (apt-get install pgbouncer)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must not pass without this test")
        pytest.skip(reason)
    return found


@pytest.fixture
def pgbouncer():
    """PgBouncer in transaction mode on a free port, in front of the test database; yields its URL."""
    binary = _pgbouncer()
    db = connection.settings_dict
    directory = Path(tempfile.mkdtemp(prefix="todo-pgbouncer-"))
    port = free_port()
    (directory / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    (directory / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{db['NAME']} = host={database_host()} port={db['PORT'] or 5432} dbname={db['NAME']}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {directory / 'users.txt'}\n"
        # Several server connections, handed out in turn: what a busy pooler does to a client.
        "pool_mode = transaction\ndefault_pool_size = 4\nmin_pool_size = 4\nserver_round_robin = 1\n"
        "max_client_conn = 200\n"
        f"logfile = {directory / 'pgbouncer.log'}\npidfile = {directory / 'pgbouncer.pid'}\n"
    )
    run_as: list[str] = []
    if os.geteuid() == 0:  # PgBouncer refuses to run as root: it runs as the database server's own user
        socket_dir = Path(database_host())
        owner = pwd.getpwuid(socket_dir.stat().st_uid) if socket_dir.is_absolute() else pwd.getpwnam("postgres")
        for path in (directory, *directory.iterdir()):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", owner.pw_name, "--"]
    process = subprocess.Popen([*run_as, binary, str(directory / "pgbouncer.ini")], stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"postgres://{db['USER']}@127.0.0.1:{port}/{db['NAME']}"
    finally:
        process.terminate()
        process.wait(timeout=15)
        shutil.rmtree(directory, ignore_errors=True)


def test_the_production_server_works_through_pgbouncer_in_transaction_mode(pgbouncer, make_user, tmp_path):
    user = make_user("pooled")
    secret = create_mcp_token(user, name="pooled").secret
    env = production_env(pgbouncer)
    env["DJANGO_DB_POOL"] = "false"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.err").open("w") as stderr:
        server = subprocess.Popen(
            [*PRODUCTION_SERVER, "--workers", "2", "--bind", f"127.0.0.1:{port}"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        wait_for_port(port, server)
        headers = {**MCP_HEADERS, "Authorization": f"Bearer {secret}"}
        statuses = []
        for number in range(15):
            call = {"jsonrpc": "2.0", "id": number, "method": "tools/call"}
            added = httpx.post(
                f"{base}/mcp",
                headers=headers,
                json={**call, "params": {"name": "add_task", "arguments": {"title": f"Pooled {number}"}}},
                timeout=30,
            )
            listed = httpx.post(
                f"{base}/mcp", headers=headers, json={**call, "params": {"name": "list_tasks", "arguments": {}}}
            )
            statuses += [added.status_code, listed.status_code]
            assert not added.json()["result"]["isError"], added.text
        assert set(statuses) == {200}
        assert listed.json()["result"]["structuredContent"]["total"] == 15
        assert httpx.get(f"{base}/healthz", timeout=30).json()["database"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert '"level": "ERROR"' not in (tmp_path / "server.err").read_text()
