"""The database goes away and comes back, under the production server and a stdio ``runmcp``.

A private PostgreSQL cluster is created in a temporary directory on a free port
(initdb, pg_ctl), the app is migrated onto it and served as in production
(gunicorn with the uvicorn worker, DEBUG off). The test stops the cluster and
asks every kind of endpoint, then starts it again and asks the same processes:
they must answer 503 with a body while it is down, and recover on their own.
"""

import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from mcp import StdioServerParameters

from mcp_bridge.tests.clients import connected
from mcp_bridge.tests.processes import MANAGE, PROJECT_DIR, free_port, wait_for_port

PRODUCTION_SERVER = [sys.executable, "-m", "gunicorn", "todo_project.asgi:application"]
PRODUCTION_SERVER += ["--worker-class", "uvicorn_worker.UvicornWorker"]  # the README's production command
PERSON = {"username": "outage", "password": "a long passphrase 42"}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from mcp_bridge.tokens import create_mcp_token
from tasks import services
from tasks.activity import Actor
from tasks.models import Channel

user = get_user_model().objects.create_user(username="outage", password="a long passphrase 42")
services.add_task(user, title="Survive the outage", actor=Actor(Channel.REST))
browser = Client()
browser.force_login(user)
token = create_mcp_token(user, name="outage").secret
print(json.dumps({"token": token, "session": browser.cookies["sessionid"].value}))
"""


def _postgres_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)  # Debian keeps them here
    return candidates[0] if candidates else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: the outage test cannot run, and CI must not pass without it")
    pytest.skip(reason)


class PrivatePostgres:
    """A throwaway cluster: trust auth on 127.0.0.1 only, no Unix socket, fsync off."""

    def __init__(self, directory: Path, port: int, initdb: str, pg_ctl: str):
        self.data = directory / "data"
        self.log = directory / "postgres.log"
        self.port = port
        self.pg_ctl = pg_ctl
        # PostgreSQL refuses to run as root; as root, run its tools as the `postgres` system user.
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            owner = pwd.getpwnam("postgres")
            os.chown(directory, owner.pw_uid, owner.pw_gid)
        self._run(initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _run(self, *command: str) -> None:
        subprocess.run([*self.run_as, *command], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    initdb, pg_ctl = _postgres_tool("initdb"), _postgres_tool("pg_ctl")
    if not (initdb and pg_ctl):
        _unavailable("PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)")
    if os.geteuid() == 0 and not (shutil.which("runuser") and _has_user("postgres")):
        _unavailable("running as root without a `postgres` system user to run PostgreSQL as")
    directory = Path(tempfile.mkdtemp(prefix="todo-outage-"))
    try:
        cluster = PrivatePostgres(directory, free_port(), initdb, pg_ctl)
        cluster.start()
        try:
            yield cluster
        finally:
            subprocess.run(
                [*cluster.run_as, pg_ctl, "-D", str(cluster.data), "-m", "immediate", "stop"], capture_output=True
            )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def production_env(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TODO_", "DJANGO_", "REDIS_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="outage-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_DB_POOL_TIMEOUT="1",  # a request waits this long for a connection before answering 503
        PYTHONUNBUFFERED="1",
    )
    return env


def _healthy_within(base: str, *, seconds: float) -> bool:
    """A retry that was already scheduled when the database came back may take up to the pool timeout."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if httpx.get(f"{base}/healthz", timeout=30).status_code == 200:
            return True
        time.sleep(0.1)
    return False


def _mcp_call(base: str, token: str, name: str) -> httpx.Response:
    message = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": {}}}
    headers = {**MCP_HEADERS, "Authorization": f"Bearer {token}"}
    return httpx.post(f"{base}/mcp", json=message, headers=headers, timeout=30)


def _request_lines(log) -> list[dict]:
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("logger") == "todo.requests"]


def test_while_the_database_is_down_everything_answers_503_and_the_same_processes_recover(postgres, tmp_path):
    env = production_env(postgres.url)
    subprocess.run([*MANAGE, "migrate", "--noinput"], cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*MANAGE, "shell", "-c", SETUP], cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True
    )
    secrets = json.loads(made.stdout.strip().splitlines()[-1])
    page = {"Cookie": f"sessionid={secrets['session']}"}

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out, err = (tmp_path / "server.out").open("w+"), (tmp_path / "server.err").open("w+")
    server = subprocess.Popen(
        [*PRODUCTION_SERVER, "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=out,
        stderr=err,
    )
    stdio = StdioServerParameters(
        command=MANAGE[0], args=[*MANAGE[1:], "runmcp", "--token", secrets["token"]], cwd=str(PROJECT_DIR), env=env
    )
    try:
        wait_for_port(port, server)
        with connected(stdio) as agent:
            signed_in = httpx.post(f"{base}/api/auth/token/", json=PERSON, timeout=30)
            api = {"Authorization": f"Bearer {signed_in.json()['access']}"}
            assert httpx.get(f"{base}/api/tasks/", headers=api, timeout=30).status_code == 200
            assert agent.ok("list_tasks")["tasks"][0]["title"] == "Survive the outage"

            postgres.stop()

            listed = httpx.get(f"{base}/api/tasks/", headers=api, timeout=30)
            assert listed.status_code == 503
            assert "temporarily unavailable" in listed.json()["detail"]
            assert listed.headers["Retry-After"]
            added = httpx.post(f"{base}/api/tasks/", headers=api, json={"title": "Lost?"}, timeout=30)
            assert (added.status_code, added.json()["code"]) == (503, "service_unavailable")
            signing_in = httpx.post(f"{base}/api/auth/token/", json=PERSON, timeout=30)
            assert signing_in.status_code == 503 and signing_in.json()["detail"]

            health = httpx.get(f"{base}/healthz", timeout=30)
            assert health.status_code == 503
            assert health.json() == {"status": "unavailable", "database": "down", "cache": "down"}

            remote = _mcp_call(base, secrets["token"], "list_tasks")
            assert remote.status_code == 503 and remote.headers["Retry-After"] == "5"
            error = remote.json()  # a JSON-RPC error for the request, which an MCP client can show
            assert (error["jsonrpc"], error["id"], error["error"]["code"]) == ("2.0", 1, -32000)
            assert "temporarily unavailable" in error["error"]["message"]
            assert "temporarily unavailable" in agent.error("list_tasks")

            # Ten MCP requests at once: each waits for a connection (DJANGO_DB_POOL_TIMEOUT=1) on a thread of
            # its own. They queued behind asgiref's one thread before: the tenth answered after ten timeouts.
            with ThreadPoolExecutor(10) as callers:
                answers = list(callers.map(lambda _: _mcp_call(base, secrets["token"], "list_tasks"), range(10)))
            assert [answer.status_code for answer in answers] == [503] * 10
            waits = sorted(line["duration_ms"] for line in _request_lines(err) if line["path"] == "/mcp")[-10:]
            assert waits[-1] < 4 * 1000, f"the requests waited in turn: {waits}"

            tasks_page = httpx.get(f"{base}/tasks/", headers=page, timeout=30)
            assert tasks_page.status_code == 503
            assert tasks_page.headers["Content-Type"].startswith("text/html")
            assert "try again" in tasks_page.text.lower()

            postgres.start()

            assert server.poll() is None, "the server process died with the database"
            assert _healthy_within(base, seconds=10), "the server did not find the database again"
            assert httpx.get(f"{base}/healthz", timeout=30).json() == {"status": "ok", "database": "ok", "cache": "ok"}
            listed = httpx.get(f"{base}/api/tasks/", headers=api, timeout=30)
            assert listed.status_code == 200
            assert [task["title"] for task in listed.json()["results"]] == [
                "Survive the outage"
            ]  # "Lost?" was never written
            assert _mcp_call(base, secrets["token"], "list_tasks").status_code == 200
            assert httpx.get(f"{base}/tasks/", headers=page, timeout=30).status_code == 200
            assert agent.ok("add_task", {"title": "Back again"})["title"] == "Back again"
    finally:
        server.terminate()
        server.wait(timeout=15)
    out.seek(0)
    assert "Traceback" not in out.read()
