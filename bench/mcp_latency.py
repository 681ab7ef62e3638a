"""MCP tool latency through the SDK's own client, beside a no-op tool on a bare server.

Rounds alternate between our server and the floor server, so both see the
same machine at the same moments. Each round, on one of several users'
connections (rotating), calls every tool once on a task it creates (add,
list, update, complete, delete, so the data set stays as seeded; list once
more with a short page), then the floor's no-op once. Warm-up rounds (imports, first connections, caches) are
not recorded. Every call is timed from the client: request out, result in.
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
SHORT_LIST = "list_tasks limit=10"
"""list_tasks with a fifth of the default page: shows how much of its cost is the size of the answer."""


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_errors: dict[str, str] = field(default_factory=dict)
    recording: bool = False

    last_results: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def call(self, client: Client, name: str, arguments: dict[str, Any], *,
                   label: str | None = None) -> dict[str, Any] | None:
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
        return {
            "tools": {name: summarize(self.samples[name]) for name in TOOLS},
            "variants": {SHORT_LIST: summarize(self.samples[SHORT_LIST])},
            "floor": summarize(self.samples[FLOOR]),
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


async def _round(recorder: Recorder, ours: Client, floor: Client, number: int) -> None:
    added = await recorder.call(ours, "add_task", {"title": f"Bench task {number}", "priority": "high"})
    await recorder.call(ours, "list_tasks", {})
    await recorder.call(ours, "list_tasks", {"limit": 10}, label=SHORT_LIST)
    if added is not None:
        task_id = added["task_id"]
        await recorder.call(ours, "update_task", {"task_id": task_id, "title": f"Bench task {number}, edited"})
        await recorder.call(ours, "complete_task", {"task_id": task_id})
        await recorder.call(ours, "delete_task", {"task_id": task_id})
    await recorder.call(floor, FLOOR, {})


ClientFactory = Callable[[AsyncExitStack], Awaitable[Client]]


async def measure(
    our_clients: Sequence[ClientFactory], floor_clients: Sequence[ClientFactory], *, rounds: int, warmup: int
) -> dict[str, Any]:
    """``rounds`` recorded rounds after ``warmup`` per connection, rotating over the connections."""
    recorder = Recorder()
    async with AsyncExitStack() as stack:
        ours = [await open_client(stack) for open_client in our_clients]
        floors = [await open_client(stack) for open_client in floor_clients]
        for number in range(warmup * len(ours)):
            await _round(recorder, ours[number % len(ours)], floors[number % len(floors)], number)
        recorder.recording = True
        for number in range(rounds):
            await _round(recorder, ours[number % len(ours)], floors[number % len(floors)], number)
        validation: dict[str, float] = {}
        last = recorder.last_results
        if "list_tasks" in last:
            validation["list_tasks"] = await client_validation_ms(ours[0], "list_tasks", last["list_tasks"])
            validation["list_items"] = len(last["list_tasks"].get("tasks", []))
        if FLOOR in last:
            validation["floor"] = await client_validation_ms(floors[0], FLOOR, last[FLOOR])
    return recorder.report() | {"connections": len(our_clients), "rounds": rounds, "warmup_rounds_each": warmup,
                                "client_validation_p50_ms": validation}


def stdio_client_factory(args: Sequence[str], env: dict[str, str], errlog: TextIO) -> ClientFactory:
    """A client that starts ``python ARGS`` and speaks MCP over its stdin/stdout."""

    async def open_client(stack: AsyncExitStack) -> Client:
        parameters = StdioServerParameters(command=sys.executable, args=list(args), cwd=str(PROJECT_DIR), env=env)
        return await stack.enter_async_context(Client(stdio_client(parameters, errlog=errlog)))

    return open_client


def http_client_factory(url: str, token: str | None) -> ClientFactory:
    """A client for a streamable HTTP endpoint, sending ``token`` as a bearer token on every request."""

    async def open_client(stack: AsyncExitStack) -> Client:
        headers = {"Authorization": f"Bearer {token}"} if token else None
        http = await stack.enter_async_context(create_mcp_http_client(headers=headers))
        return await stack.enter_async_context(Client(streamable_http_client(url, http_client=http)))

    return open_client
