"""A synchronous face on the SDK's async ``Client``, so tests stay plain pytest functions.

The client lives on an event loop in a portal thread for as long as the
context is open; module-scoped fixtures keep one connected client (and so one
``runmcp`` process) for a whole test module.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import Client
from mcp_types import CallToolResult, Tool


class SyncClient:
    def __init__(self, portal: BlockingPortal, client: Client):
        self._portal = portal
        self._client = client

    def call(self, name: str, arguments: dict[str, Any] | None = None) -> CallToolResult:
        return self._portal.call(lambda: self._client.call_tool(name, arguments or {}))

    def ok(self, name: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """The structured result of a call that must succeed."""
        result = self.call(name, arguments)
        assert not result.is_error, result.content
        assert result.structured_content is not None
        return result.structured_content

    def error(self, name: str, arguments: dict[str, Any] | None = None) -> str:
        """The text of a call that must fail as a tool error."""
        result = self.call(name, arguments)
        assert result.is_error, result.structured_content
        return result.content[0].text

    def resource(self, uri: str) -> str:
        """The text of a resource."""
        result = self._portal.call(lambda: self._client.read_resource(uri))
        return result.contents[0].text  # type: ignore[union-attr]

    def prompt(self, name: str, arguments: dict[str, str] | None = None) -> str:
        """The text of a prompt's first message."""
        result = self._portal.call(lambda: self._client.get_prompt(name, arguments or {}))
        return result.messages[0].content.text  # type: ignore[union-attr]

    def listing(self) -> tuple[list[str], list[str]]:
        """The resources' URIs and the prompts' names the server lists."""
        resources = self._portal.call(self._client.list_resources).resources
        prompts = self._portal.call(self._client.list_prompts).prompts
        return [str(resource.uri) for resource in resources], [prompt.name for prompt in prompts]

    def tools(self) -> dict[str, Tool]:
        return {tool.name: tool for tool in self._portal.call(self._client.list_tools).tools}


@contextmanager
def connected(server: Any, **client_options: Any) -> Iterator[SyncClient]:
    """A connected client for ``server`` (an MCPServer, StdioServerParameters or transport)."""
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(Client(server, **client_options)) as c:
        yield SyncClient(portal, c)
