"""The protocol's floor: a bare ``mcp`` server whose one tool does nothing.

Measured in the same run, with the same client and transport settings as
``runmcp``, so the difference between the two is what our code adds (Django,
the ORM, identity, validation) on top of the SDK's own framing and dispatch.

    python -m bench.floor_server                                # stdio
    python -m bench.floor_server --transport http --port 8101   # stateless streamable HTTP
"""

import argparse
from typing import TypedDict

import uvicorn
from mcp.server import MCPServer


class NoopResult(TypedDict):
    ok: bool


def build_floor_server() -> MCPServer:
    server = MCPServer("floor", log_level="WARNING")

    @server.tool()
    def noop() -> NoopResult:
        """Does nothing: the cost of a tool call through the SDK and nothing else."""
        return {"ok": True}

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
