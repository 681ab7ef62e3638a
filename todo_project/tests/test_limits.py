"""Per-user limits: REST writes, chat turns (API and page share one), MCP tool calls per token; and what
happens when Redis, holding the counters, goes away."""

import pytest
from django.test import Client
from starlette.testclient import TestClient

from mcp_bridge import identity
from mcp_bridge.http import build_http_app
from mcp_bridge.server import build_server
from mcp_bridge.tests.clients import connected
from mcp_bridge.tokens import create_mcp_token
from tasks.models import Task

RATES = {"auth": "20/min", "writes": "3/min", "chat": "2/min", "mcp_calls": "2/min"}


@pytest.fixture
def low_limits(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}


def test_rest_writes_are_limited_per_user_and_reads_are_not(api, other_api, low_limits):
    codes = [api.post("/api/tasks/", {"title": f"Task {number}"}).status_code for number in range(4)]
    assert codes == [201, 201, 201, 429]
    refused = api.post("/api/tasks/", {"title": "Still too many"})
    assert int(refused["Retry-After"]) > 0 and "throttled" in refused.json()["detail"].lower()
    assert Task.objects.count() == 3
    assert all(api.get("/api/tasks/").status_code == 200 for _ in range(10))
    assert other_api.post("/api/tasks/", {"title": "Someone else's"}).status_code == 201


def test_chat_turns_are_limited_per_user_across_the_api_and_the_page(api, user, low_limits):
    assert api.post("/api/chat/", {"message": "what's pending?"}).status_code == 200
    page = Client()
    page.force_login(user)
    assert page.post("/chat/", {"message": "what's pending?"}).status_code == 302
    refused = api.post("/api/chat/", {"message": "what's pending?"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    on_the_page = page.post("/chat/", {"message": "add buy milk"})
    assert on_the_page.status_code == 429 and "Try again in" in on_the_page.content.decode()
    assert "add buy milk</textarea>" in on_the_page.content.decode() and not Task.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_mcp_tool_calls_over_http_are_limited_per_token(make_user, low_limits):
    owner = make_user("limited")
    first, second = (create_mcp_token(owner, name=name).secret for name in ("first", "second"))
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "list_tasks", "arguments": {}}}
    # In process, with the app's lifespan running (the SDK's session manager lives in it).
    with TestClient(build_http_app(), base_url="http://127.0.0.1:8001") as client:
        with_first = {**headers, "Authorization": f"Bearer {first}"}
        statuses = [client.post("/mcp", headers=with_first, json=call).status_code for _ in range(2)]
        refused = client.post("/mcp", headers=with_first, json=call)
        with_second = {**headers, "Authorization": f"Bearer {second}"}
        other_token = client.post("/mcp", headers=with_second, json=call).status_code
    assert statuses == [200, 200]
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert refused.json()["error"] == "too_many_requests"
    assert other_token == 200  # the limit is per token


def test_mcp_tool_calls_over_stdio_are_limited_with_a_tool_error(transactional_db, user, low_limits):
    identity.serve_as(user, limit_key=f"user:{user.pk}")
    try:
        with connected(build_server()) as client:
            assert not client.call("list_tasks").is_error
            assert not client.call("add_task", {"title": "Within the limit"}).is_error
            refused = client.error("list_tasks")
    finally:
        identity.serve_as(None)
    assert refused.startswith("Too many tool calls (2/min per token); try again in ")


def test_when_redis_is_down_limits_fail_open_and_health_says_so(client, db, settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "todo_project.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**RATES, "auth": "1/min"}}
    codes = [client.post("/api/auth/token/", {"username": "x", "password": "y"}).status_code for _ in range(3)]
    assert codes == [401, 401, 401]  # not throttled (fail open), and not a 500
    assert "Redis is unreachable" in caplog.text
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "degraded", "database": "ok", "cache": "down"}
