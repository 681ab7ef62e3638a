"""The protocol's floor: a bare ``mcp`` server whose one tool does nothing.

Measured in the same run, with the same client and transport settings as
``runmcp``, so the difference between the two is what our code adds (Django,
the ORM, identity, validation) on top of the SDK's own framing and dispatch.

    python -m bench.floor_server                                # stdio
    python -m bench.floor_server --transport http --port 8101   # stateless streamable HTTP
"""

import argparse
from datetime import UTC, date, datetime
from typing import Literal, TypedDict

import uvicorn
from mcp.server import MCPServer


class NoopResult(TypedDict):
    ok: bool


class PageItem(TypedDict):
    id: int
    number: int
    title: str
    description: str
    completed: bool
    priority: Literal["low", "medium", "high"]
    due_date: date | None
    created_at: datetime


class Page(TypedDict):
    tasks: list[PageItem]
    total: int


# The shape and size of a seeded user's first list_tasks page: what list_tasks costs with no work behind it.
PAGE: Page = {
    "tasks": [
        {
            "id": 1_000_000 - number,
            "number": 100 - number,
            "title": f"Review quarterly report {number}",
            "description": "Bring the numbers from last week" if number % 3 == 0 else "",
            "completed": number % 3 == 1,
            "priority": ("low", "medium", "high")[number % 3],  # type: ignore[typeddict-item]
            "due_date": date(2026, 12, 1 + number % 28) if number % 2 else None,
            "created_at": datetime(2026, 11, 1 + number % 28, 9, number % 60, tzinfo=UTC),
        }
        for number in range(50)
    ],
    "total": 100,
}


def build_floor_server() -> MCPServer:
    server = MCPServer("floor", log_level="WARNING")

    @server.tool()
    def noop() -> NoopResult:
        """Does nothing: the cost of a tool call through the SDK and nothing else."""
        return {"ok": True}

    @server.tool()
    def page() -> Page:
        """Returns a fixed page of 50 tasks: list_tasks's answer, without the database behind it."""
        return PAGE

    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--sse", action="store_true", help="Answer HTTP requests with SSE instead of JSON.")
    args = parser.parse_args()
    server = build_floor_server()
    if args.transport == "stdio":
        server.run("stdio")
        return
    # Served as runmcp serves ours: the SDK's Starlette app under uvicorn, no access log.
    app = server.streamable_http_app(stateless_http=True, json_response=not args.sse, host=args.host)
    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_config=None, log_level="warning", access_log=False, lifespan="on"
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
