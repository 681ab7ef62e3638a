"""What is not one JSON-RPC message gets a short error, the same over stdio and streamable HTTP, from real processes.

Before: a line nested 10,000 deep got no answer over stdio and a plain-text 500 over HTTP; a batch or a
stray object a 1-2 KB pydantic dump (HTTP) or silence (stdio); an unknown prompt error code 0.
"""

import json
import subprocess

import httpx
import pytest
from rest_framework_simplejwt.tokens import AccessToken

from .processes import MANAGE, PROJECT_DIR, committed_users, free_port, runmcp_env, wait_for_port

pytestmark = pytest.mark.django_db  # so the test database exists when this module runs alone

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}},
}
HOSTILE = {
    "nested 10,000 deep": ("[" * 10_000 + "]" * 10_000, -32700),
    "arguments nested past the limit": (
        '{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "add_task", "arguments": '
        + '{"title": ' * 300
        + '"x"'
        + "}" * 300
        + "}}",
        -32700,
    ),
    "not JSON": ("add a task please", -32700),
    "a batch": (json.dumps([{"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]), -32600),
    "an empty batch": ("[]", -32600),
    "a stray object": ('{"foo": 1}', -32600),
    "a number": ("5", -32600),
    "another JSON-RPC version": ('{"jsonrpc": "1.0", "id": 3, "method": "tools/list"}', -32600),
}


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with committed_users(django_db_blocker, "messages_alice") as users:
        yield users


@pytest.fixture(scope="module")
def token(people) -> str:
    return str(AccessToken.for_user(people[0]))


@pytest.fixture(scope="module")
def stdio(token):
    """A runmcp process over stdio, initialized by hand: ``exchange(line)`` writes a raw line, reads one answer."""
    process = subprocess.Popen(
        [*MANAGE, "runmcp"],
        cwd=PROJECT_DIR,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=runmcp_env(TODO_MCP_TOKEN=token),
    )

    def exchange(line: str) -> dict:
        process.stdin.write(line + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    assert "result" in exchange(json.dumps(INITIALIZE))
    process.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
    yield exchange
    process.stdin.close()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def http(people, token, tmp_path_factory):
    """A runmcp process over streamable HTTP: ``post(body)`` sends a raw body with a valid token."""
    port = free_port()
    process = subprocess.Popen(
        [*MANAGE, "runmcp", "--transport", "http", "--port", str(port)],
        cwd=PROJECT_DIR,
        env=runmcp_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    headers = {
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
        "MCP-Protocol-Version": "2025-11-25",
        "Authorization": f"Bearer {token}",
    }

    def post(body: str) -> httpx.Response:
        return httpx.post(f"http://127.0.0.1:{port}/mcp", content=body, headers=headers, timeout=30)

    yield post
    process.terminate()
    process.wait(timeout=15)


@pytest.mark.parametrize(("body", "code"), HOSTILE.values(), ids=HOSTILE.keys())
def test_what_is_not_one_message_is_a_short_error_over_stdio(stdio, body, code):
    answer = stdio(body)
    assert answer["id"] is None and answer["error"]["code"] == code
    assert len(answer["error"]["message"]) < 120
    assert stdio(json.dumps({"jsonrpc": "2.0", "id": 9, "method": "ping"})) == {"jsonrpc": "2.0", "id": 9, "result": {}}


@pytest.mark.parametrize(("body", "code"), HOSTILE.values(), ids=HOSTILE.keys())
def test_what_is_not_one_message_is_a_short_400_over_http(http, body, code):
    response = http(body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["id"] is None and response.json()["error"]["code"] == code
    assert len(response.json()["error"]["message"]) < 120


def test_an_unknown_prompt_is_invalid_params_over_both(stdio, http):
    request = {"jsonrpc": "2.0", "id": 5, "method": "prompts/get", "params": {"name": "no_such_prompt"}}
    expected = {"code": -32602, "message": "Unknown prompt: no_such_prompt"}
    assert stdio(json.dumps(request))["error"] == expected
    assert http(json.dumps(request)).json()["error"] == expected
    known = {"jsonrpc": "2.0", "id": 6, "method": "prompts/get", "params": {"name": "plan_my_day"}}
    assert stdio(json.dumps(known))["result"]["messages"]
