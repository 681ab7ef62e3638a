"""A hosted assistant connects to /mcp by URL alone: a real uvicorn process serving the main ASGI app,
the official SDK's OAuth client doing discovery, registration, PKCE and refresh, a person signing in and
approving over HTTP."""

import asyncio
import re
import subprocess
import sys
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from mcp import Client
from mcp.client.auth import AuthorizationCodeResult, OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.auth import OAuthClientMetadata
from oauth2_provider.models import get_access_token_model
from rest_framework_simplejwt.tokens import AccessToken

from mcp_bridge.tokens import create_mcp_token
from tasks.models import Task

from .oauth_helpers import REDIRECT, SCOPES, Pkce
from .processes import PROJECT_DIR, database_url, free_port, runmcp_env, wait_for_port

PASSWORD = "correct-horse-battery-9"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def rpc(name: str, arguments: dict) -> dict:
    return {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        users = [get_user_model().objects.create_user(name, password=PASSWORD) for name in ("oa_alice", "oa_bob")]
    yield users
    with django_db_blocker.unblock():
        get_user_model().objects.filter(pk__in=[user.pk for user in users]).delete()


@pytest.fixture(scope="module")
def site(people, tmp_path_factory):
    """The main ASGI app under uvicorn, as `make run` serves it, with a PostgreSQL pool of only 2 connections."""
    port = free_port()
    log = tmp_path_factory.mktemp("uvicorn") / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "todo_project.asgi:application", "--port", str(port), "--lifespan", "on"],
            cwd=PROJECT_DIR,
            env=runmcp_env(DJANGO_DB_POOL_SIZE="2", DJANGO_DB_POOL_TIMEOUT="2"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_processes_are_pointed_at_the_test_database(db):
    assert urlsplit(database_url()).path == f"/{connection.settings_dict['NAME']}"


def signed_in(site: str, username: str) -> httpx.Client:
    """A person's browser: signed in through the sign-in page, with its session cookie."""
    browser = httpx.Client(base_url=site, follow_redirects=False, timeout=10)
    browser.get("/accounts/login/")
    answer = browser.post(
        "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
    )
    assert answer.status_code == 302, answer.text[:300]
    return browser


def approve(browser: httpx.Client, authorize_url: str, *, allow: bool = True) -> dict[str, str]:
    """Open the consent page, answer it as the person would, and return where it sends them back."""
    page = browser.get(authorize_url)
    assert page.status_code == 200, page.text[:500]
    fields = {
        name: unescape(value) for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text)
    }
    if allow:
        fields["allow"] = "Authorize"
    answer = browser.post(urlsplit(authorize_url).path, data=fields)
    assert answer.status_code == 302, answer.text[:300]
    return {name: values[0] for name, values in parse_qs(urlsplit(answer.headers["location"]).query).items()}


def oauth_token(site: str, username: str, *, scope: str = SCOPES, resource: str | None = None) -> dict:
    """Step by step, with only what discovery says: register, authorize with PKCE, trade the code."""
    metadata = httpx.get(f"{site}/.well-known/oauth-authorization-server").json()
    client_id = httpx.post(
        metadata["registration_endpoint"], json={"client_name": "Step by step", "redirect_uris": [REDIRECT]}
    ).json()["client_id"]
    pkce = Pkce.new()
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "s",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
        "resource": resource or f"{site}/mcp",
    }
    authorize_url = str(httpx.URL(metadata["authorization_endpoint"], params=params))
    code = approve(signed_in(site, username), authorize_url)["code"]
    tokens = httpx.post(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": client_id,
            "code_verifier": pkce.verifier,
            "resource": params["resource"],
        },
    )
    assert tokens.status_code == 200, tokens.text
    return tokens.json()


def call(site: str, token: str, name: str, arguments: dict) -> httpx.Response:
    return httpx.post(
        f"{site}/mcp", headers=MCP_HEADERS | {"Authorization": f"Bearer {token}"}, json=rpc(name, arguments)
    )


def test_a_401_leads_a_client_to_this_authorization_server(site):
    answer = httpx.post(f"{site}/mcp", headers=MCP_HEADERS, json=rpc("list_tasks", {}))
    assert answer.status_code == 401
    challenge = answer.headers["www-authenticate"]
    metadata_url = re.search(r'resource_metadata="([^"]+)"', challenge)[1]
    assert metadata_url == f"{site}/.well-known/oauth-protected-resource/mcp"
    resource = httpx.get(metadata_url).json()
    assert resource["resource"] == f"{site}/mcp" and resource["authorization_servers"] == [site]
    issuer = httpx.get(f"{site}/.well-known/oauth-authorization-server").json()
    assert issuer["issuer"] == site and issuer["code_challenge_methods_supported"] == ["S256"]


class Memory:
    """The SDK client's token storage, in memory."""

    def __init__(self):
        self.tokens = self.client_info = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client_info

    async def set_client_info(self, client_info):
        self.client_info = client_info


def test_the_sdks_oauth_client_connects_refreshes_and_is_cut_off_when_disconnected(site, people, django_db_blocker):
    browser = signed_in(site, "oa_alice")
    returned: dict[str, str] = {}

    async def redirect_handler(authorize_url: str) -> None:
        returned.update(approve(browser, authorize_url))

    async def callback_handler() -> AuthorizationCodeResult:
        return AuthorizationCodeResult(code=returned["code"], state=returned.get("state"), iss=returned.get("iss"))

    storage = Memory()
    provider = OAuthClientProvider(
        server_url=f"{site}/mcp",
        client_metadata=OAuthClientMetadata(
            client_name="Claude (test)",
            redirect_uris=[REDIRECT],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
        ),
        storage=storage,
        redirect_handler=redirect_handler,
        callback_handler=callback_handler,
    )

    async def session(work):
        async with Client(
            streamable_http_client(f"{site}/mcp", http_client=create_mcp_http_client(auth=provider))
        ) as c:
            return await work(c)

    async def first_visit(client):
        tools = sorted(tool.name for tool in (await client.list_tools()).tools)
        added = await client.call_tool("add_task", {"title": "Book the venue"})
        return tools, added.structured_content

    tools, added = asyncio.run(session(first_visit))
    assert "add_task" in tools and "list_activity" in tools
    first_access = storage.tokens.access_token
    with django_db_blocker.unblock():
        task = Task.objects.get(pk=added["task_id"])
        assert (task.user.username, task.title) == ("oa_alice", "Book the venue")
        # The access token runs out: the client refreshes on its own and carries on.
        get_access_token_model().objects.filter(user=people[0]).update(expires=timezone.now())

    async def later_visit(client):
        return (await client.call_tool("list_tasks", {"search": "venue"})).structured_content["total"]

    assert asyncio.run(session(later_visit)) == 1
    assert storage.tokens.access_token != first_access
    current = storage.tokens.access_token

    # The person disconnects the app: its next call is refused.
    api = httpx.Client(base_url=site, headers={"Authorization": f"Bearer {AccessToken.for_user(people[0])}"})
    (app,) = [app for app in api.get("/api/auth/connected-apps/").json() if app["name"] == "Claude (test)"]
    assert app["scopes"] == ["tasks:read", "tasks:write"] and app["last_used_at"] is not None
    assert api.delete(f"/api/auth/connected-apps/{app['id']}/").status_code == 204
    assert call(site, current, "list_tasks", {}).status_code == 401


def test_a_read_only_grant_reads_and_is_refused_writes_with_insufficient_scope(site):
    token = oauth_token(site, "oa_alice", scope="tasks:read")["access_token"]
    assert call(site, token, "list_tasks", {}).status_code == 200
    refused = call(site, token, "add_task", {"title": "Not allowed"})
    assert refused.status_code == 403
    challenge = refused.headers["www-authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="tasks:write"' in challenge
    assert refused.json()["error"] == "insufficient_scope"


def test_a_token_issued_for_another_resource_is_refused(site):
    token = oauth_token(site, "oa_alice", resource="https://elsewhere.example/mcp")["access_token"]
    refused = call(site, token, "list_tasks", {})
    assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["www-authenticate"]


def test_one_persons_token_never_reaches_anothers_tasks(site, people, django_db_blocker):
    alice = oauth_token(site, "oa_alice")["access_token"]
    bob = oauth_token(site, "oa_bob")["access_token"]
    bobs_task = call(site, bob, "add_task", {"title": "Bob's surprise"}).json()["result"]["structuredContent"][
        "task_id"
    ]

    listed = call(site, alice, "list_tasks", {"search": "surprise"}).json()["result"]["structuredContent"]
    assert listed == {"tasks": [], "total": 0}
    for tool, arguments in [("complete_task", {}), ("update_task", {"title": "Alice's"}), ("delete_task", {})]:
        result = call(site, alice, tool, {"task_id": bobs_task, **arguments}).json()["result"]
        assert result["isError"] and result["content"][0]["text"] == f"Task {bobs_task} not found"
    with django_db_blocker.unblock():
        assert Task.objects.get(pk=bobs_task).title == "Bob's surprise"
        # Alice disconnects every app of hers: Bob's connection is untouched.
        get_access_token_model().objects.filter(user=people[0]).delete()
    assert call(site, alice, "list_tasks", {}).status_code == 401
    assert call(site, bob, "list_tasks", {}).status_code == 200


def test_personal_and_jwt_tokens_work_at_mcp_too_through_one_verifier(site, people, django_db_blocker):
    with django_db_blocker.unblock():
        pat = create_mcp_token(people[1], name="Cursor").secret
    jwt = str(AccessToken.for_user(people[1]))
    for token in (pat, jwt):
        assert call(site, token, "list_tasks", {}).status_code == 200
    # Many more requests than the server's pool has connections: every one is answered.
    for _ in range(12):
        assert call(site, pat, "list_tasks", {"limit": 1}).status_code == 200
