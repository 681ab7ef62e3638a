"""MCP tool latency through the SDK's own client, beside a no-op tool on a bare server.

Every call to our server is followed by a call of the floor's no-op, so both
are measured at the same moments and after the same idle gap. A round calls
every tool once on a task it creates (add, list, list with a short page,
update, complete, delete), so the data set stays as seeded. Connections (one
user each, spread over the table) take turns in blocks: warm-up rounds, not
recorded (imports, first connections, caches), then recorded rounds. Every
call is timed from the client: request out, result in.
"""

import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, TextIO

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from referencing import Registry

from bench.databases import PROJECT_DIR
from bench.stats import summarize

TOOLS = ("add_task", "list_tasks", "update_task", "complete_task", "delete_task")
FLOOR = "noop"
FLOOR_PAGE = "page"
"""The floor's list_tasks: a fixed page of 50 tasks, the same size and shape, with no database behind it."""
PEER = "peer:"
"""Labels of the peer's calls (FastAPI + SQLModel + MCPServer), made in the same rounds."""
SHORT_LIST = "list_tasks limit=10"
"""list_tasks with a fifth of the default page: shows how much of its cost is the size of the answer."""


@dataclass
class Recorder:
    """Times calls: samples per tool once ``recording`` (after warm-up), errors, and each tool's last result."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_errors: dict[str, str] = field(default_factory=dict)
    last_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    recording: bool = False

    async def call(
        self, client: Client, name: str, arguments: dict[str, Any], *, label: str | None = None
    ) -> dict[str, Any] | None:
        label = label or name
        started = time.perf_counter()
        result = await client.call_tool(name, arguments)
        elapsed = time.perf_counter() - started
        if result.is_error:
            self.errors[label] += 1
            text = result.content[0].text if result.content else ""
            self.first_errors.setdefault(label, str(text)[:200])
            return None
        if self.recording:
            self.samples[label].append(elapsed)
        if result.structured_content is not None:
            self.last_results[label] = result.structured_content
        return result.structured_content

    def report(self) -> dict[str, Any]:
        peer = {name: summarize(self.samples[PEER + name]) for name in TOOLS if self.samples.get(PEER + name)}
        return {
            "tools": {name: summarize(self.samples[name]) for name in TOOLS},
            "variants": {SHORT_LIST: summarize(self.samples[SHORT_LIST])},
            "floor": summarize(self.samples[FLOOR]),
            "floor_page": summarize(self.samples[FLOOR_PAGE]) if self.samples.get(FLOOR_PAGE) else None,
            **({"peer": peer} if peer else {}),
            "errors": dict(self.errors),
            "first_errors": self.first_errors,
        }


async def client_validation_ms(client: Client, tool: str, result: dict[str, Any], repeats: int = 200) -> float:
    """Median time the SDK client spends checking one ``tool`` result against its output schema.

    The same compiled jsonschema validator the client builds (jsonschema,
    empty registry), on a real result from this run: the part of a call's
    latency that grows with the size of the answer on the client's side.
    """
    schema = next(listed.output_schema for listed in (await client.list_tools()).tools if listed.name == tool)
    validator = validator_for(schema)(schema, registry=Registry())
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        best_match(validator.iter_errors(result))
        timings.append(time.perf_counter() - started)
    return summarize(timings)["p50_ms"]


async def _round(recorder: Recorder, ours: Client, floor: Client, number: int, peer: Client | None = None) -> None:
    """Each tool on our server, then the floor's no-op (and the floor's page after a list), then the peer's."""
    peer_task: dict[str, Any] | None = None

    async def call(name: str, arguments: dict[str, Any], label: str | None = None) -> dict[str, Any] | None:
        nonlocal peer_task
        result = await recorder.call(ours, name, arguments, label=label)
        await recorder.call(floor, FLOOR, {})
        if name == "list_tasks" and label is None:
            await recorder.call(floor, FLOOR_PAGE, {})
        if peer is not None and label is None:
            own = dict(arguments)
            if "task_id" in own:
                if peer_task is None:
                    return result
                own["task_id"] = peer_task["task_id"]
            answer = await recorder.call(peer, name, own, label=PEER + name)
            if name == "add_task":
                peer_task = answer
        return result

    added = await call("add_task", {"title": f"Bench task {number}", "priority": "high"})
    await call("list_tasks", {})
    await call("list_tasks", {"limit": 10}, label=SHORT_LIST)
    if added is not None:
        task_id = added["task_id"]
        await call("update_task", {"task_id": task_id, "title": f"Bench task {number}, edited"})
        await call("complete_task", {"task_id": task_id})
        await call("delete_task", {"task_id": task_id})


ClientFactory = Callable[[AsyncExitStack], Awaitable[Client]]


async def measure(
    our_clients: Sequence[ClientFactory],
    floor_clients: Sequence[ClientFactory],
    *,
    rounds: int,
    warmup: int,
    peer_clients: Sequence[ClientFactory] = (),
) -> dict[str, Any]:
    """About ``rounds`` recorded rounds, shared by the connections in turn, each after ``warmup`` of its own.

    With ``peer_clients`` (one per connection, the same user), the peer's
    server gets the same calls in the same rounds, right after ours.
    """
    recorder = Recorder()
    per_connection = max(1, rounds // len(our_clients))
    async with AsyncExitStack() as stack:
        ours = [await open_client(stack) for open_client in our_clients]
        floors = [await open_client(stack) for open_client in floor_clients]
        peers = [await open_client(stack) for open_client in peer_clients]
        number = 0
        for index, client in enumerate(ours):
            floor = floors[index % len(floors)]
            peer = peers[index] if peers else None
            for recording, count in ((False, warmup), (True, per_connection)):
                recorder.recording = recording
                for _ in range(count):
                    await _round(recorder, client, floor, number, peer)
                    number += 1
        validation: dict[str, float] = {}
        last = recorder.last_results
        if "list_tasks" in last:
            validation["list_tasks"] = await client_validation_ms(ours[0], "list_tasks", last["list_tasks"])
            validation["list_items"] = len(last["list_tasks"].get("tasks", []))
        if FLOOR in last:
            validation["floor"] = await client_validation_ms(floors[0], FLOOR, last[FLOOR])
    return recorder.report() | {
        "connections": len(our_clients),
        "rounds": per_connection * len(our_clients),
        "warmup_rounds_each": warmup,
        "client_validation_p50_ms": validation,
    }


async def measure_credentials(
    clients: dict[str, Sequence[ClientFactory]], *, rounds: int, warmup: int
) -> dict[str, Any]:
    """list_tasks over the same transport with each kind of bearer token, interleaved call by call.

    Each round calls list_tasks once with every kind (the same user for each),
    so the kinds are timed at the same moments; the difference between their
    p95s is what verifying that kind of token costs over the others.
    """
    recorder = Recorder()
    async with AsyncExitStack() as stack:
        opened = {kind: [await open_client(stack) for open_client in factories] for kind, factories in clients.items()}
        connections = min(len(factories) for factories in opened.values())
        for number in range(warmup + rounds):
            recorder.recording = number >= warmup
            for kind, kind_clients in opened.items():
                await recorder.call(kind_clients[number % connections], "list_tasks", {"limit": 10}, label=kind)
    return {
        "by_token": {kind: summarize(recorder.samples[kind]) for kind in clients},
        "errors": dict(recorder.errors),
        "first_errors": recorder.first_errors,
        "connections_each": connections,
    }


def stdio_client_factory(
    args: Sequence[str], env: dict[str, str], errlog: TextIO, python: str = sys.executable
) -> ClientFactory:
    """A client that starts ``python ARGS`` (the project's python, or the peer venv's) and speaks MCP over stdio."""

    async def open_client(stack: AsyncExitStack) -> Client:
        parameters = StdioServerParameters(command=python, args=list(args), cwd=str(PROJECT_DIR), env=env)
        return await stack.enter_async_context(Client(stdio_client(parameters, errlog=errlog)))

    return open_client


def http_client_factory(url: str, token: str | None) -> ClientFactory:
    """A client for a streamable HTTP endpoint, sending ``token`` as a bearer token on every request."""

    async def open_client(stack: AsyncExitStack) -> Client:
        headers = {"Authorization": f"Bearer {token}"} if token else None
        http = await stack.enter_async_context(create_mcp_http_client(headers=headers))
        return await stack.enter_async_context(Client(streamable_http_client(url, http_client=http)))

    return open_client
