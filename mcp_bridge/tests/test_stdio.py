"""``runmcp`` over stdio, as a real subprocess driven by the SDK's client (and by hand, for stdout)."""

import json
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from mcp import StdioServerParameters
from rest_framework_simplejwt.tokens import AccessToken

from mcp_bridge.identity import REVOKED
from mcp_bridge.tokens import create_mcp_token, revoke_mcp_token
from tasks.models import Activity, Task
from todo_project import __version__

from .clients import connected
from .processes import MANAGE, PROJECT_DIR, committed_users, database_url, runmcp_env


def stdio_server(*args: str, **env: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=MANAGE[0], args=[*MANAGE[1:], "runmcp", *args], cwd=str(PROJECT_DIR), env=runmcp_env(**env)
    )


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with committed_users(django_db_blocker, "stdio_alice", "stdio_bob") as users:
        yield users


@pytest.fixture(scope="module")
def alice(people):
    """Alice's client: identity from TODO_MCP_USER, the default (newest) protocol."""
    with connected(stdio_server(TODO_MCP_USER="stdio_alice")) as client:
        yield client


@pytest.fixture(scope="module")
def bob(people, django_db_blocker):
    """Bob's client: a personal access token with --token, the 2025-11-25 protocol desktop clients speak."""
    with django_db_blocker.unblock():
        secret = create_mcp_token(people[1], name="stdio test").secret
    with connected(stdio_server("--token", secret), mode="legacy") as client:
        yield client


def test_processes_are_pointed_at_the_test_database(db):
    """Asking for ``db`` here also makes pytest-django create the test database when this module runs alone."""
    assert urlsplit(database_url()).path == f"/{connection.settings_dict['NAME']}"
    assert Path(connection.settings_dict["NAME"]).name.startswith("test")


def test_tools_are_listed_with_schemas_over_both_protocols(alice, bob):
    for client in (alice, bob):
        tools = client.tools()
        assert sorted(tools) == [
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
        assert tools["list_tasks"].annotations.read_only_hint is True
        assert tools["add_task"].output_schema["required"] == ["task_id", "number", "status", "title"]


def test_a_user_manages_tasks_end_to_end(alice):
    added = alice.ok("add_task", {"title": "Buy groceries", "priority": "high"})
    task_id = added["task_id"]

    assert alice.ok("list_tasks", {"search": "groceries"})["tasks"][0]["id"] == task_id
    assert alice.ok("update_task", {"task_id": task_id, "title": "Buy bread"})["title"] == "Buy bread"
    assert alice.ok("complete_task", {"task_id": task_id})["status"] == "completed"
    assert [t["id"] for t in alice.ok("list_tasks", {"status": "completed"})["tasks"]] == [task_id]
    assert alice.ok("delete_task", {"task_id": task_id}) == {
        "task_id": task_id,
        "number": added["number"],
        "status": "deleted",
        "title": "Buy bread",
    }
    assert alice.error("delete_task", {"task_id": task_id}) == f"Task {task_id} not found"


def test_bad_arguments_name_the_field_over_stdio(alice, bob):
    assert alice.error("add_task", {"title": ""}) == "title: String should have at least 1 character"
    assert bob.error("list_tasks", {"limit": 1000}) == "limit: Input should be less than or equal to 200"


def test_no_tool_call_by_one_user_reaches_the_others_tasks(alice, bob, people, django_db_blocker):
    bobs_task_id = bob.ok("add_task", {"title": "Bob's secret plan"})["task_id"]
    missing_id = bobs_task_id + 10_000

    assert alice.ok("list_tasks", {"search": "secret"}) == {"tasks": [], "total": 0}
    for tool, arguments in [("complete_task", {}), ("update_task", {"title": "Alice's now"}), ("delete_task", {})]:
        assert alice.error(tool, {"task_id": bobs_task_id, **arguments}) == f"Task {bobs_task_id} not found"
        assert alice.error(tool, {"task_id": missing_id, **arguments}) == f"Task {missing_id} not found"
    smuggled = alice.error("add_task", {"title": "Mine", "user_id": people[1].pk})
    assert smuggled == "user_id: Extra inputs are not permitted"

    with django_db_blocker.unblock():
        bobs_task = Task.objects.get(pk=bobs_task_id)
        assert (bobs_task.user, bobs_task.title, bobs_task.completed) == (people[1], "Bob's secret plan", False)
        assert not Task.objects.filter(user=people[1], title="Mine").exists()
    assert [t["title"] for t in bob.ok("list_tasks")["tasks"]] == ["Bob's secret plan"]


def _exchange(process: subprocess.Popen, message: dict) -> dict | None:
    process.stdin.write(json.dumps(message) + "\n")
    process.stdin.flush()
    if "id" not in message:
        return None
    return json.loads(process.stdout.readline())


def test_stdout_carries_only_protocol_messages_from_start_to_exit(people):
    """Read the raw stdout of a process logging at DEBUG, with every warning on: each line is JSON-RPC."""
    token = str(AccessToken.for_user(people[0]))
    process = subprocess.Popen(
        [*MANAGE, "runmcp"],
        cwd=PROJECT_DIR,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=runmcp_env(TODO_MCP_TOKEN=token, DJANGO_LOG_LEVEL="DEBUG", PYTHONWARNINGS="always"),
    )
    init = _exchange(
        process,
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "1"},
            },
        },
    )
    _exchange(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
    added = _exchange(
        process,
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "add_task", "arguments": {"title": "From raw stdio"}},
        },
    )
    failed = _exchange(
        process,
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "complete_task", "arguments": {"task_id": 987654321}},
        },
    )
    rest_of_stdout, stderr = process.communicate(timeout=20)

    assert init["result"]["serverInfo"] == {"name": "todo", "version": __version__}
    assert added["result"]["structuredContent"]["title"] == "From raw stdio"
    assert failed["result"]["isError"] is True
    assert failed["result"]["content"][0]["text"] == "Task 987654321 not found"
    for line in rest_of_stdout.splitlines():
        assert json.loads(line)["jsonrpc"] == "2.0"
    assert "Initializing server 'todo'" in stderr  # the DEBUG logs were written, and went to stderr
    assert "Traceback" not in rest_of_stdout


def _expired_access_token(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(minutes=1))
    return str(token)


def test_bad_identity_exits_non_zero_with_one_line_on_stderr(people, django_db_blocker):
    with django_db_blocker.unblock():
        revoked = create_mcp_token(people[0], name="revoked")
        revoke_mcp_token(people[0], revoked.token.pk)
    attempts = {
        "no identity": ([], {}),
        "unknown user": (["--user", "nobody_here"], {}),
        "forged token": (["--token", "todo_pat_forged"], {}),
        "expired JWT": (["--token", _expired_access_token(people[0])], {}),
        "revoked PAT from env": ([], {"TODO_MCP_TOKEN": revoked.secret}),
        "unreachable database": (["--user", people[0].username], {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/x"}),
    }
    processes = {
        name: subprocess.Popen(
            [*MANAGE, "runmcp", *args],
            cwd=PROJECT_DIR,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=runmcp_env() | env,
        )
        for name, (args, env) in attempts.items()
    }

    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=30)
        assert process.returncode != 0, name
        assert stdout == "", name
        assert len(stderr.strip().splitlines()) == 1 and stderr.startswith("CommandError: "), (name, stderr)


def test_changes_are_recorded_as_mcp_under_the_token_or_the_user_flag(alice, bob, people, django_db_blocker):
    alices = alice.ok("add_task", {"title": "Recorded via --user"})["task_id"]
    bobs = bob.ok("add_task", {"title": "Recorded via a token"})["task_id"]
    with django_db_blocker.unblock():
        recorded = dict(Activity.objects.filter(task_id__in=[alices, bobs]).values_list("task_id", "actor"))
        channels = set(Activity.objects.filter(task_id__in=[alices, bobs]).values_list("channel", flat=True))
    assert recorded == {alices: "runmcp --user", bobs: "stdio test"}
    assert channels == {"mcp"}


def test_an_agent_checks_and_undoes_its_own_change(alice, django_db_blocker):
    task_id = alice.ok("add_task", {"title": "Oops, a duplicate"})["task_id"]
    changes = alice.ok("list_activity", {"channel": "mcp", "limit": 1})["activities"]
    assert (changes[0]["action"], changes[0]["task_id"]) == ("created", task_id)
    undone = alice.ok("undo_activity", {"activity_id": changes[0]["id"]})
    assert undone["status"] == "undone" and undone["task_id"] == task_id
    assert alice.ok("undo_activity", {"activity_id": changes[0]["id"]})["status"] == "already_undone"
    with django_db_blocker.unblock():
        assert not Task.objects.filter(pk=task_id).exists()


def test_an_oauth_token_works_over_stdio_with_its_scopes(people, django_db_blocker):
    from oauth2_provider.models import get_access_token_model, get_application_model, set_token_value

    with django_db_blocker.unblock():
        app = get_application_model().objects.create(
            name="Read-only app",
            client_type="public",
            authorization_grant_type="authorization-code",
            redirect_uris="https://app.example/cb",
        )
        token = get_access_token_model()(
            user=people[1], application=app, scope="tasks:read", expires=timezone.now() + timedelta(hours=1)
        )
        set_token_value(token, raw := "oauth-token-for-stdio-test-0123456789")
        token.save()
    try:
        with connected(stdio_server("--token", raw)) as reader:
            assert reader.ok("list_tasks", {})["total"] >= 0
            refused = reader.error("add_task", {"title": "Not with a read-only grant"})
            assert refused.startswith("Insufficient scope") and "tasks:write" in refused
    finally:
        with django_db_blocker.unblock():
            app.delete()


def test_a_running_server_notices_a_revoked_token_or_a_deactivated_user(people, django_db_blocker):
    """The identity is resolved once at start and checked again after TODO_MCP_RECHECK_SECONDS (0 here)."""
    with django_db_blocker.unblock():
        issued = create_mcp_token(people[1], name="revoked while running")
        leaving = get_user_model().objects.create_user("stdio_leaving", password=None)
    try:
        with (
            connected(stdio_server("--token", issued.secret, TODO_MCP_RECHECK_SECONDS="0")) as with_token,
            connected(stdio_server("--user", "stdio_leaving", TODO_MCP_RECHECK_SECONDS="0")) as with_user,
        ):
            assert with_token.ok("list_tasks")["total"] >= 0 and with_user.ok("list_tasks")["total"] == 0
            with django_db_blocker.unblock():
                revoke_mcp_token(people[1], issued.token.pk)
                get_user_model().objects.filter(pk=leaving.pk).update(is_active=False)
            assert with_token.error("add_task", {"title": "After the revocation"}) == REVOKED
            assert with_user.error("list_tasks") == REVOKED
            # Refused for good, even if the user comes back: a new start takes a new identity.
            with django_db_blocker.unblock():
                get_user_model().objects.filter(pk=leaving.pk).update(is_active=True)
            assert with_user.error("list_tasks") == REVOKED
        with django_db_blocker.unblock():
            assert not Task.objects.filter(title="After the revocation").exists()
    finally:
        with django_db_blocker.unblock():
            leaving.delete()


def test_between_checks_a_call_costs_no_identity_query(people, django_db_blocker):
    """Within the interval a revocation is not yet seen: the bound is the price of no query per call."""
    with django_db_blocker.unblock():
        issued = create_mcp_token(people[1], name="checked hourly")
    with connected(stdio_server("--token", issued.secret, TODO_MCP_RECHECK_SECONDS="3600")) as client:
        assert not client.call("list_tasks").is_error
        with django_db_blocker.unblock():
            revoke_mcp_token(people[1], issued.token.pk)
        assert not client.call("list_tasks").is_error
