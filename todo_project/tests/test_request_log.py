"""The operator's log: one JSON line per request and per MCP tool call on a real server's stderr, no secret in it."""

import json
import re
import subprocess
import sys

import httpx
import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mcp_bridge.tests.processes import PROJECT_DIR, free_port, runmcp_env, wait_for_port
from mcp_bridge.tokens import create_mcp_token

PASSWORD = "correct horse battery staple 7"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def _tool_call(base: str, secret: str, name: str, arguments: dict, request_id: str) -> httpx.Response:
    message = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
    headers = {**MCP_HEADERS, "Authorization": f"Bearer {secret}", "X-Request-ID": request_id}
    return httpx.post(f"{base}/mcp", json=message, headers=headers, timeout=30)


@pytest.fixture
def served(transactional_db, tmp_path):
    """The one ASGI app under uvicorn, as `make run` serves it, on the test database; its stderr kept."""
    port = free_port()
    stderr = (tmp_path / "server.err").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "todo_project.asgi:application", "--port", str(port), "--lifespan", "on"],
        cwd=PROJECT_DIR,
        env=runmcp_env(),
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    wait_for_port(port, server)
    stopped = False

    def stop() -> list[dict]:
        nonlocal stopped
        if not stopped:
            server.terminate()
            server.wait(timeout=15)
            stopped = True
        stderr.seek(0)
        return stderr.read()

    yield f"http://127.0.0.1:{port}", stop
    stop()


def test_each_request_and_tool_call_is_one_json_line_without_secrets(served, settings):
    base, stop = served
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the server's own, not the tests' fast one
    user = get_user_model().objects.create_user(username="logged", password=PASSWORD)
    pat = create_mcp_token(user, name="log test").secret
    secrets = [PASSWORD, pat]

    signed_in = httpx.post(f"{base}/api/auth/token/", json={"username": "logged", "password": PASSWORD}, timeout=30)
    assert signed_in.status_code == 200, signed_in.text
    access, refresh = signed_in.json()["access"], signed_in.json()["refresh"]
    secrets += [access, refresh]
    listed = httpx.get(
        f"{base}/api/tasks/?search=milk", headers={"Authorization": f"Bearer {access}", "X-Request-ID": "trace-42"}
    )
    assert listed.headers["X-Request-ID"] == "trace-42"
    mangled = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "two words " + "x" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", mangled.headers["X-Request-ID"])  # not echoed: a fresh id instead

    added = _tool_call(base, pat, "add_task", {"title": "Logged task"}, "mcp-1")
    assert added.status_code == 200 and added.headers["X-Request-ID"] == "mcp-1"
    missing = _tool_call(base, pat, "complete_task", {"task_id": 999_999}, "mcp-2")
    assert missing.json()["result"]["isError"] is True

    with httpx.Client(base_url=base, timeout=30) as browser:
        csrf = browser.get("/accounts/login/").cookies["csrftoken"]
        signed_in_page = browser.post(
            "/accounts/login/",
            data={"username": "logged", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Referer": f"{base}/accounts/login/"},
        )
        assert signed_in_page.status_code == 302
        session = browser.cookies["sessionid"]
        secrets += [csrf, session]
        assert browser.get("/tasks/").status_code == 200
    user.refresh_from_db()  # signing in changed last_login, which reset tokens depend on
    reset_token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as browser:
        reset_link = browser.get(f"/accounts/password/reset/{uid}/{reset_token}/")
    # A valid link: Django moved the token into the session and redirected to the form.
    assert reset_link.status_code == 200 and reset_link.url.path.endswith("/set-password/")
    secrets += [reset_token, uid]

    output = stop()
    lines = [json.loads(line) for line in output.splitlines()]  # every line is JSON, or this fails
    requests = [line for line in lines if line["logger"] == "todo.requests"]
    calls = [line for line in lines if line["logger"] == "todo.mcp"]

    by_id = {line["request_id"]: line for line in requests}
    assert by_id["trace-42"] | {"duration_ms": 0, "time": ""} == {
        "level": "INFO",
        "logger": "todo.requests",
        "message": "request",
        "method": "GET",
        "path": "/api/tasks/",
        "status": 200,
        "duration_ms": 0,
        "client": "127.0.0.1",
        "user_id": user.pk,
        "request_id": "trace-42",
        "time": "",
    }
    assert by_id["trace-42"]["duration_ms"] > 0
    mcp_line = by_id["mcp-1"]
    assert (mcp_line["path"], mcp_line["status"], mcp_line["client"], mcp_line["user_id"]) == (
        "/mcp",
        200,
        "127.0.0.1",
        user.pk,
    )
    assert [(call["tool"], call["outcome"], call["user_id"], call["request_id"]) for call in calls] == [
        ("add_task", "ok", user.pk, "mcp-1"),
        ("complete_task", "error", user.pk, "mcp-2"),
    ]
    assert all(call["duration_ms"] > 0 for call in calls)
    pages = {(line["method"], line["path"]): line for line in requests}
    assert pages["POST", "/accounts/login/"]["status"] == 302
    assert pages["GET", "/tasks/"]["user_id"] == user.pk
    assert pages["GET", "/accounts/password/reset/***/***/"]["status"] == 302
    assert pages["GET", "/accounts/password/reset/***/set-password/"]["status"] == 200
    assert pages["GET", "/healthz"]["user_id"] is None

    for secret in secrets:
        assert secret not in output
    assert "search=milk" not in output  # no query strings
