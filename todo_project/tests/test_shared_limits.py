"""Limits hold across processes: the issue's two checks, with real servers, on the default database cache
and on Redis. Sequential requests land on whichever worker or process is free, as behind a balancer."""

import os
import socket
import subprocess
import sys
import uuid

import httpx
import pytest
from django.core.cache import cache

from mcp_bridge.http import MAX_FAILED_ATTEMPTS
from mcp_bridge.tests.processes import PROJECT_DIR, free_port, runmcp_env, wait_for_port

REDIS = ("127.0.0.1", 6379)
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def redis_is_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, transactional_db) -> dict[str, str]:
    """The environment that selects the cache under test, each run with counters of its own."""
    if request.param == "database":
        cache.clear()  # the table the servers share with this test
        return {}
    if not redis_is_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (redis-server --daemonize yes)")
        pytest.skip("Redis is not running on 127.0.0.1:6379 (redis-server --daemonize yes)")
    return {"REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0", "TODO_CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}


def serve(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process)
    return process


def test_sign_in_attempts_are_limited_across_four_workers(shared_cache):
    port = free_port()
    env = runmcp_env(TODO_AUTH_THROTTLE_RATE="5/min", **shared_cache)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "todo_project.asgi:application",
        "--worker-class",
        "uvicorn_worker.UvicornWorker",
        "--workers",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    server = serve(command, env, port)
    try:
        codes = [
            httpx.post(
                # Generous: gunicorn listens before its four workers have booted, and a busy CI machine is slow.
                f"http://127.0.0.1:{port}/api/auth/token/",
                json={"username": "x", "password": f"guess{n}"},
                timeout=60,
            ).status_code
            for n in range(16)
        ]
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert codes == [401] * 5 + [429] * 11


def test_forged_mcp_tokens_are_limited_across_two_processes(shared_cache):
    ports = [free_port(), free_port()]
    env = runmcp_env(**shared_cache)
    servers = [
        serve([sys.executable, "manage.py", "runmcp", "--transport", "http", "--port", str(port)], env, port)
        for port in ports
    ]
    try:
        codes = [
            httpx.post(
                f"http://127.0.0.1:{ports[n % 2]}/mcp",
                headers=MCP_HEADERS | {"Authorization": f"Bearer todo_pat_forged{n}"},
                json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                timeout=10,
            ).status_code
            for n in range(2 * MAX_FAILED_ATTEMPTS)
        ]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)
    assert codes == [401] * MAX_FAILED_ATTEMPTS + [429] * MAX_FAILED_ATTEMPTS
