"""A JSON-RPC fuzzer over /mcp: generated calls of every published tool, and hostile messages, at a real server.

Arguments are drawn from each tool's published input schema (values it allows, at and past its
bounds) mixed with anything JSON can carry (NUL characters, huge numbers, deep nesting, wrong types,
unknown names); envelopes from every shape a message can take. Whatever comes in, the answer is never
a 5xx, never "Internal error", and the server logs no traceback. (The REST API gets the same from
schemathesis: todo_project/tests/test_api_contract.py.)
"""

import json
import subprocess

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcp_bridge.tokens import create_mcp_token

from .processes import MANAGE, PROJECT_DIR, committed_users, free_port, runmcp_env, wait_for_port

# Committed data, not a test transaction: the server process must see it, and a test transaction's
# clearing of the limits' cache table would hold locks the server waits on.
pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2025-11-25",
}
FUZZ = settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | st.sampled_from(
    ["", " ", "\x00", "a\x00b", "x" * 5000, "2026-02-30", "9999-12-31", "0000-01-01", "null", "'; drop table"]
)
numbers = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**63, 2**64])
    | st.floats(allow_nan=False, allow_infinity=False)
)
anything = st.recursive(
    st.none() | st.booleans() | numbers | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


def from_schema(schema: dict) -> st.SearchStrategy:
    """Values a JSON Schema of the tools' kind allows (types, enums, bounds, dates, anyOf), and its edges."""
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date":
        return st.dates().map(str)
    if kind == "string" and schema.get("format") == "uuid":
        return st.uuids().map(str)
    if kind == "string":
        low, high = schema.get("minLength", 0), schema.get("maxLength", 300)
        return st.text(min_size=low, max_size=min(high, 300)) | st.just("x" * high)
    if kind == "integer":
        low, high = schema.get("minimum", -(2**63)), schema.get("maximum", 2**63)
        return st.integers(min_value=low, max_value=high) | st.sampled_from([low, high])
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return anything


@st.composite
def tool_calls(draw, tools: dict[str, dict]) -> dict:
    name = draw(st.sampled_from(sorted(tools)) | text)
    schema = tools.get(name, {"properties": {}})
    arguments = {}
    for argument, described in schema.get("properties", {}).items():
        if draw(st.booleans()):
            arguments[argument] = draw(from_schema(described) if draw(st.integers(0, 3)) else anything)
    if draw(st.integers(0, 5)) == 0:
        arguments[draw(text)] = draw(anything)  # an argument no tool has
    params = {"name": name, "arguments": arguments if draw(st.integers(0, 9)) else draw(anything)}
    return {"jsonrpc": "2.0", "id": draw(st.integers(1, 2**31)), "method": "tools/call", "params": params}


METHODS = [
    "tools/call",
    "tools/list",
    "prompts/get",
    "prompts/list",
    "resources/read",
    "resources/list",
    "ping",
    "initialize",
    "completion/complete",
    "logging/setLevel",
    "notifications/initialized",
    "notifications/cancelled",
]
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "jsonrpc": st.sampled_from(["2.0", "1.0", 2]) | anything,
        "id": st.integers() | text | st.none() | anything,
        "method": st.sampled_from(METHODS) | text,
        "params": st.dictionaries(st.sampled_from(["name", "uri", "arguments", "level", "cursor"]), anything)
        | anything,
        "result": anything,
        "error": anything,
    },
)
bodies = (
    envelopes.map(json.dumps)
    | st.lists(envelopes, max_size=3).map(json.dumps)
    | anything.map(json.dumps)
    | st.sampled_from([2, 150, 250, 1_000, 10_000, 100_000]).map(lambda depth: "[" * depth + "]" * depth)
    | st.sampled_from([150, 250, 10_000]).map(lambda depth: '{"a":' * depth + "1" + "}" * depth)
    | st.binary(max_size=200).map(lambda raw: raw.decode("latin-1"))
)


@pytest.fixture
def server(transactional_db, django_db_blocker, tmp_path_factory):
    """A runmcp HTTP process with a token that may write, calls unlimited so that every example reaches a tool."""
    port = free_port()
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    with committed_users(django_db_blocker, "fuzz_frank") as (frank,):
        with django_db_blocker.unblock():
            token = create_mcp_token(frank, name="fuzzer").secret
        process = subprocess.Popen(
            [*MANAGE, "runmcp", "--transport", "http", "--port", str(port)],
            cwd=PROJECT_DIR,
            env=runmcp_env(TODO_MCP_CALL_RATE="1000000/min"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        try:
            wait_for_port(port, process)
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers=HEADERS | {"Authorization": f"Bearer {token}"}, timeout=60
            ) as client:
                listed = client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).json()
                tools = {tool["name"]: tool["inputSchema"] for tool in listed["result"]["tools"]}
                yield client, tools
        finally:
            process.terminate()
            process.wait(timeout=15)
            assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def assert_answered_cleanly(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code in (200, 400) and response.content:
        answer = response.json()
        errors = [answer.get("error") or {}] if isinstance(answer, dict) else []
        result = answer.get("result") if isinstance(answer, dict) else None
        texts = [error.get("message", "") for error in errors]
        if isinstance(result, dict) and result.get("isError"):
            texts += [part.get("text", "") for part in result.get("content", [])]
        assert not any("Internal error" in text for text in texts), texts


def test_generated_tool_calls_never_reach_an_internal_error(server):
    client, tools = server

    @FUZZ
    @given(call=tool_calls(tools))
    def check(call):
        assert_answered_cleanly(client.post("/mcp", content=json.dumps(call)))

    check()


def test_hostile_messages_get_a_json_rpc_answer_never_a_5xx(server):
    client, _ = server

    @FUZZ
    @given(body=bodies)
    def check(body):
        assert_answered_cleanly(client.post("/mcp", content=body.encode("utf-8", "surrogatepass")))

    check()
