"""MCP tool latency through the SDK's own client, beside a no-op tool on a bare server.

Rounds alternate between our server and the floor server, so both see the
same machine at the same moments. Each round, on one of several users'
connections (rotating), calls every tool once on a task it creates (add,
list, update, complete, delete, so the data set stays as seeded), then the
floor's no-op once. Warm-up rounds (imports, first connections, caches) are
not recorded. Every call is timed from the client: request out, result in.
"""

import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, TextIO

from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from bench.databases import PROJECT_DIR
from bench.stats import summarize

TOOLS = ("add_task", "list_tasks", "update_task", "complete_task", "delete_task")
FLOOR = "noop"


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_errors: dict[str, str] = field(default_factory=dict)
    recording: bool = False

    async def call(self, client: Client, name: str, arguments: dict[str, Any]) -> dict[str, Any] | None:
        started = time.perf_counter()
        result = await client.call_tool(name, arguments)
        elapsed = time.perf_counter() - started
        if result.is_error:
            self.errors[name] += 1
            text = result.content[0].text if result.content else ""
            self.first_errors.setdefault(name, str(text)[:200])
            return None
        if self.recording:
            self.samples[name].append(elapsed)
        return result.structured_content

    def report(self) -> dict[str, Any]:
        return {
            "tools": {name: summarize(self.samples[name]) for name in TOOLS},
            "floor": summarize(self.samples[FLOOR]),
            "errors": dict(self.errors),
            "first_errors": self.first_errors,
        }


async def _round(recorder: Recorder, ours: Client, floor: Client, number: int) -> None:
    added = await recorder.call(ours, "add_task", {"title": f"Bench task {number}", "priority": "high"})
    await recorder.call(ours, "list_tasks", {})
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
    return recorder.report() | {"connections": len(our_clients), "rounds": rounds, "warmup_rounds_each": warmup}


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
