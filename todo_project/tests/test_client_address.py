"""Whose address a limit counts: the connection's, unless it comes from a proxy named in TODO_TRUSTED_PROXIES.

The production server (gunicorn with the uvicorn worker, reading gunicorn.conf.py as the README runs
it) on loopback. Without a trusted proxy, a new X-Forwarded-For on every guess changes nothing: the
sign-in limit is shared by the API, the web sign-in and the admin's sign-in, and the MCP failed-token
limit and client registration count the connection too. With loopback trusted (a proxy on this
machine), each forwarded client has its own count, and the request log names it.
"""

import json
import re
import subprocess
import sys
from itertools import count

import httpx
import pytest
from django.core.cache import cache

from mcp_bridge.http import MAX_FAILED_ATTEMPTS
from mcp_bridge.tests.processes import PROJECT_DIR, free_port, runmcp_env, wait_for_port
from mcp_bridge.tokens import create_mcp_token

PASSWORD = "correct-horse-battery-9"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
LIST_TOOLS = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
forwarded = (f"203.0.113.{n % 250 + 1}" for n in count())
"""A new address for each request, as a guesser would put in X-Forwarded-For."""


@pytest.fixture
def production_server(transactional_db, tmp_path):
    """Start gunicorn as the README does (one worker is enough here), with ``env``; yields its URL and its log."""
    started: list[subprocess.Popen] = []

    def start(**env: str) -> tuple[str, object]:
        cache.clear()  # the limits' table, shared with the server
        port = free_port()
        log = tmp_path / f"server-{port}.log"
        command = [sys.executable, "-m", "gunicorn", "todo_project.asgi:application"]
        command += ["--worker-class", "uvicorn_worker.UvicornWorker", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=runmcp_env(TODO_AUTH_THROTTLE_RATE="5/min", TODO_OAUTH_REGISTRATION_RATE="3/hour", **env),
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        started.append(server)
        wait_for_port(port, server, timeout=60)
        base = f"http://127.0.0.1:{port}"
        # gunicorn listens before its worker has booted: this waits for the worker.
        assert httpx.get(f"{base}/healthz", timeout=60).status_code == 200
        return base, log

    yield start
    for server in started:
        server.terminate()
        server.wait(timeout=15)


def _sign_in_form(client: httpx.Client, path: str, password: str, address: str) -> int:
    """GET the form for its CSRF token, POST a password from ``address``: the POST's status."""
    page = client.get(path, headers={"X-Forwarded-For": address})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    data = {"username": "alice", "password": password, "csrfmiddlewaretoken": token.group(1)}
    return client.post(
        path, data=data, headers={"X-Forwarded-For": address, "Referer": str(client.base_url)}
    ).status_code


def _api_sign_in(base: str, password: str, address: str) -> int:
    body = {"username": "alice", "password": password}
    return httpx.post(
        f"{base}/api/auth/token/", json=body, headers={"X-Forwarded-For": address}, timeout=30
    ).status_code


def _mcp(base: str, token: str, address: str) -> int:
    headers = MCP_HEADERS | {"Authorization": f"Bearer {token}", "X-Forwarded-For": address}
    return httpx.post(f"{base}/mcp", headers=headers, json=LIST_TOOLS, timeout=30).status_code


def _register(base: str, address: str) -> int:
    metadata = {"client_name": "Guesser", "redirect_uris": ["http://127.0.0.1:9/callback"]}
    return httpx.post(
        f"{base}/o/register/", json=metadata, headers={"X-Forwarded-For": address}, timeout=30
    ).status_code


def test_without_a_trusted_proxy_a_forwarded_header_dodges_no_limit(production_server, make_user):
    alice = make_user("alice", PASSWORD)
    alice.is_staff = True
    alice.save()
    base, _ = production_server()

    with httpx.Client(base_url=base, timeout=30) as web, httpx.Client(base_url=base, timeout=30) as admin:
        guesses = [
            _api_sign_in(base, "wrong", next(forwarded)),
            _api_sign_in(base, "wrong", next(forwarded)),
            _sign_in_form(web, "/accounts/login/", "wrong", next(forwarded)),
            _sign_in_form(web, "/accounts/login/", "wrong", next(forwarded)),
            _sign_in_form(admin, "/admin/login/", "wrong", next(forwarded)),
            # The right password, from a new "address", on each door: the limit holds on all three.
            _sign_in_form(admin, "/admin/login/", PASSWORD, next(forwarded)),
            _sign_in_form(web, "/accounts/login/", PASSWORD, next(forwarded)),
            _api_sign_in(base, PASSWORD, next(forwarded)),
        ]
    # Five tries a minute, counted together: a wrong password is 401 (API) or the form again (200).
    assert guesses == [401, 401, 200, 200, 200, 429, 429, 429]

    registrations = [_register(base, next(forwarded)) for _ in range(4)]
    assert registrations == [201, 201, 201, 429]

    bad_tokens = [_mcp(base, f"todo_pat_guess{n}", next(forwarded)) for n in range(MAX_FAILED_ATTEMPTS + 1)]
    assert bad_tokens == [401] * MAX_FAILED_ATTEMPTS + [429]


def test_failed_tokens_never_lock_out_a_valid_one_and_a_failing_token_is_limited_anywhere(production_server, make_user):
    valid = create_mcp_token(make_user("alice", PASSWORD), name="valid").secret
    base, _ = production_server(TODO_TRUSTED_PROXIES="127.0.0.1")

    guesses = [_mcp(base, f"todo_pat_guess{n}", "198.51.100.7") for n in range(MAX_FAILED_ATTEMPTS + 1)]
    assert guesses == [401] * MAX_FAILED_ATTEMPTS + [429]
    # The address is over its limit, and a valid token from it is served all the same.
    assert _mcp(base, valid, "198.51.100.7") == 200
    assert _mcp(base, "todo_pat_guess-more", "198.51.100.7") == 429

    # One token failing from ever-new addresses is limited by itself.
    same_token = [_mcp(base, "todo_pat_revoked", next(forwarded)) for _ in range(MAX_FAILED_ATTEMPTS + 1)]
    assert same_token == [401] * MAX_FAILED_ATTEMPTS + [429]
    assert _mcp(base, valid, next(forwarded)) == 200


def test_behind_a_trusted_proxy_each_forwarded_client_counts_apart_and_is_logged(production_server, make_user):
    make_user("alice", PASSWORD)
    base, log = production_server(TODO_TRUSTED_PROXIES="127.0.0.0/8", TODO_REQUEST_LOG_LEVEL="INFO")

    # A proxy appends the address it saw: the client's own X-Forwarded-For entries in front are not believed.
    first = [_api_sign_in(base, "wrong", "10.9.9.9, 198.51.100.1") for _ in range(6)]
    second = _api_sign_in(base, "wrong", "198.51.100.2")
    assert first == [401] * 5 + [429]
    assert second == 401

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    clients = [line["client"] for line in lines if line.get("path") == "/api/auth/token/"]
    assert clients == ["198.51.100.1"] * 6 + ["198.51.100.2"]
