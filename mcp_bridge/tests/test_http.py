"""``runmcp --transport http`` as real processes on loopback ports, driven by the SDK's HTTP client."""

import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import httpx
import pytest
from django.core.cache import cache
from django.db import connection
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from mcp_bridge.http import MAX_FAILED_ATTEMPTS, build_http_app
from mcp_bridge.tokens import create_mcp_token, revoke_mcp_token
from tasks.models import Activity, Task

from .clients import connected
from .processes import MANAGE, PROJECT_DIR, committed_users, database_url, free_port, runmcp_env, wait_for_port

MCP_HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2025-11-25",
}


def tool_call(name: str, arguments: dict) -> dict:
    return {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with committed_users(django_db_blocker, "http_alice", "http_bob") as users:
        yield users


@pytest.fixture(scope="module")
def servers(people, tmp_path_factory):
    """Two runmcp HTTP processes on one database, as behind a load balancer; yields their /mcp URLs."""
    processes, urls = [], []
    log_dir = tmp_path_factory.mktemp("runmcp")
    for number in range(2):
        port = free_port()
        with open(log_dir / f"stderr-{number}.txt", "w") as stderr:
            processes.append(
                subprocess.Popen(
                    [*MANAGE, "runmcp", "--transport", "http", "--host", "127.0.0.1", "--port", str(port)],
                    cwd=PROJECT_DIR,
                    env=runmcp_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            )
        urls.append(f"http://127.0.0.1:{port}/mcp")
    try:
        for process, url in zip(processes, urls, strict=True):
            wait_for_port(int(url.rsplit(":", 1)[1].split("/")[0]), process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def alice_token(people) -> str:
    return str(AccessToken.for_user(people[0]))


@pytest.fixture(scope="module")
def bob_token(people, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        return create_mcp_token(people[1], name="http test").secret


def http_client(url: str, token: str, **options):
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    return connected(streamable_http_client(url, http_client=http), **options)


@pytest.fixture(scope="module")
def alice(servers, alice_token):
    """Alice with a simplejwt access token, on the default (newest) protocol."""
    with http_client(servers[0], alice_token) as client:
        yield client


@pytest.fixture(scope="module")
def bob(servers, bob_token):
    """Bob with a personal access token, on the 2025-11-25 protocol."""
    with http_client(servers[0], bob_token, mode="legacy") as client:
        yield client


def test_processes_are_pointed_at_the_test_database(db):
    """Asking for ``db`` here also makes pytest-django create the test database when this module runs alone."""
    assert urlsplit(database_url()).path == f"/{connection.settings_dict['NAME']}"
    assert Path(connection.settings_dict["NAME"]).name.startswith("test")


def test_requests_without_a_valid_bearer_token_get_401(servers, people, django_db_blocker):
    expired = AccessToken.for_user(people[0])
    expired.set_exp(lifetime=-timedelta(minutes=1))
    with django_db_blocker.unblock():
        revoked = create_mcp_token(people[0], name="soon revoked")
        revoke_mcp_token(people[0], revoked.token.pk)
        refresh = RefreshToken.for_user(people[0])  # recorded as outstanding (the blacklist's table)
    authorizations = [
        None,
        "Bearer",
        "Bearer forged.jwt.value",
        "Bearer todo_pat_forged",
        f"Bearer {expired}",
        f"Bearer {revoked.secret}",
        f"Bearer {refresh}",
        "Basic YTpi",
    ]

    for authorization in authorizations:
        headers = MCP_HEADERS | ({"Authorization": authorization} if authorization else {})
        response = httpx.post(servers[0], headers=headers, json=tool_call("list_tasks", {}))
        assert response.status_code == 401, authorization
        assert "Bearer" in response.headers["www-authenticate"]


def test_a_user_manages_tasks_end_to_end_over_http(alice):
    assert sorted(alice.tools()) == [
        "add_list",
        "add_task",
        "complete_task",
        "delete_label",
        "delete_list",
        "delete_task",
        "list_activity",
        "list_lists",
        "list_tasks",
        "move_task",
        "rename_label",
        "skip_task",
        "undo_activity",
        "update_list",
        "update_task",
    ]
    task_id = alice.ok("add_task", {"title": "Write report", "due_date": "2030-03-01"})["task_id"]

    listed = alice.ok("list_tasks", {"search": "report"})
    assert [(t["id"], t["due_date"]) for t in listed["tasks"]] == [(task_id, "2030-03-01")]
    assert alice.ok("update_task", {"task_id": task_id, "priority": "high"})["status"] == "updated"
    assert alice.ok("complete_task", {"task_id": task_id})["status"] == "completed"
    assert alice.ok("delete_task", {"task_id": task_id})["title"] == "Write report"
    assert alice.error("complete_task", {"task_id": task_id}) == f"Task {task_id} not found"
    assert alice.error("add_task", {"title": "x", "priority": "asap"}).startswith("priority: ")


def test_no_tool_call_by_one_user_reaches_the_others_tasks_over_http(alice, bob, people, django_db_blocker):
    bobs_task_id = bob.ok("add_task", {"title": "Bob's surprise party"})["task_id"]

    assert alice.ok("list_tasks", {"search": "surprise"}) == {"tasks": [], "total": 0}
    for tool, arguments in [("complete_task", {}), ("update_task", {"title": "Cancelled"}), ("delete_task", {})]:
        assert alice.error(tool, {"task_id": bobs_task_id, **arguments}) == f"Task {bobs_task_id} not found"

    with django_db_blocker.unblock():
        bobs_task = Task.objects.get(pk=bobs_task_id)
    assert (bobs_task.user_id, bobs_task.title, bobs_task.completed) == (people[1].pk, "Bob's surprise party", False)
    assert bob.ok("list_tasks", {"search": "surprise"})["total"] == 1


def test_any_process_answers_any_request_without_a_session(servers, alice_token):
    headers = MCP_HEADERS | {"Authorization": f"Bearer {alice_token}"}

    added = httpx.post(servers[0], headers=headers, json=tool_call("add_task", {"title": "Load balanced"}))
    listed = httpx.post(servers[1], headers=headers, json=tool_call("list_tasks", {"search": "balanced"}))

    assert added.status_code == listed.status_code == 200
    assert "mcp-session-id" not in added.headers
    task_id = added.json()["result"]["structuredContent"]["task_id"]
    assert [t["id"] for t in listed.json()["result"]["structuredContent"]["tasks"]] == [task_id]


def test_revoking_a_personal_token_locks_its_agent_out_at_once(servers, people, django_db_blocker):
    with django_db_blocker.unblock():
        issued = create_mcp_token(people[1], name="to revoke")
    headers = MCP_HEADERS | {"Authorization": f"Bearer {issued.secret}"}
    assert httpx.post(servers[1], headers=headers, json=tool_call("list_tasks", {})).status_code == 200

    with django_db_blocker.unblock():
        revoke_mcp_token(people[1], issued.token.pk)

    assert httpx.post(servers[1], headers=headers, json=tool_call("list_tasks", {})).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_repeated_failed_authentication_from_one_ip_is_answered_429():
    """In process, with made-up client addresses, so the servers above keep serving 127.0.0.1 (that a valid
    token from a locked-out address is still served: todo_project/tests/test_client_address.py)."""
    app = build_http_app()

    def bearer(token: str) -> dict[str, str]:
        return MCP_HEADERS | {"Authorization": f"Bearer {token}"}

    async def attempts() -> tuple[list[int], httpx.Response, int]:
        def client_from(ip: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, client=(ip, 40000))
            return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8001")

        async with client_from("203.0.113.7") as guesser, client_from("198.51.100.2") as neighbour:
            statuses = [
                (await guesser.post("/mcp", headers=bearer(f"guess{n}"), json={})).status_code
                for n in range(MAX_FAILED_ATTEMPTS)
            ]
            blocked = await guesser.post("/mcp", headers=bearer("one more"), json={})
            neighbour_status = (await neighbour.post("/mcp", headers=bearer("mistyped"), json={})).status_code
        return statuses, blocked, neighbour_status

    try:
        statuses, blocked, neighbour_status = anyio.run(attempts)
    finally:
        cache.clear()

    assert set(statuses) == {401}
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert neighbour_status == 401


def test_changes_over_http_are_recorded_under_the_tokens_name(alice, bob, django_db_blocker):
    alices = alice.ok("add_task", {"title": "Via a JWT"})["task_id"]
    bobs = bob.ok("add_task", {"title": "Via a personal token"})["task_id"]
    with django_db_blocker.unblock():
        recorded = dict(Activity.objects.filter(task_id__in=[alices, bobs]).values_list("task_id", "actor"))
    assert recorded == {alices: "JWT access token", bobs: "http test"}


def test_one_users_activity_is_invisible_and_unundoable_for_another(alice, bob):
    bobs = bob.ok("add_task", {"title": "Bob's own"})["task_id"]
    bobs_change = bob.ok("list_activity", {"task_id": bobs})["activities"][0]["id"]
    assert alice.ok("list_activity", {"task_id": bobs}) == {"activities": [], "next_cursor": None}
    assert alice.error("undo_activity", {"activity_id": bobs_change}) == f"Activity {bobs_change} not found"
    assert bob.ok("list_tasks", {"search": "Bob's own"})["total"] == 1


def test_an_oversized_body_is_a_json_413_before_any_tool_runs(servers, alice_token, people, django_db_blocker):
    oversized = tool_call("add_task", {"title": "x" * (5 * 1024 * 1024)})
    headers = {**MCP_HEADERS, "Authorization": f"Bearer {alice_token}"}
    response = httpx.post(servers[0], json=oversized, headers=headers, timeout=30)
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"
    with django_db_blocker.unblock():
        assert not Task.objects.filter(user=people[0], title__startswith="xxx").exists()


def test_a_get_with_a_valid_token_is_a_405_not_a_stream_held_open(servers, alice_token):
    """The streamable HTTP transport: a server that offers no stream on GET answers 405."""
    headers = {"Authorization": f"Bearer {alice_token}", "Accept": "text/event-stream"}
    response = httpx.get(servers[0], headers=headers, timeout=10)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"


def test_oauth_discovery_leads_to_this_process_whatever_its_port(servers):
    """Without TODO_PUBLIC_URL, the 401 points at this process's own metadata, which names this process as
    the authorization server, and that server's endpoints answer here (before: http://127.0.0.1:8000/)."""
    origin = servers[1].removesuffix("/mcp")
    challenge = httpx.post(servers[1], headers=MCP_HEADERS, json=tool_call("list_tasks", {})).headers
    metadata_url = challenge["www-authenticate"].split('resource_metadata="')[1].rstrip('"')
    assert metadata_url == f"{origin}/.well-known/oauth-protected-resource/mcp"

    resource = httpx.get(metadata_url).json()
    assert resource["resource"] == servers[1] and resource["authorization_servers"] == [origin]
    server = httpx.get(f"{origin}/.well-known/oauth-authorization-server").json()
    assert server["issuer"] == origin
    registered = httpx.post(
        server["registration_endpoint"], json={"client_name": "Port test", "redirect_uris": ["http://127.0.0.1:9/cb"]}
    )
    assert registered.status_code == 201
    assert httpx.get(server["authorization_endpoint"]).status_code in (302, 400)  # served here, not a 404
