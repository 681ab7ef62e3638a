"""The MCP server that serves the task tools, shared by both transports and the tests.

``TodoMCPServer`` only changes how tool errors read: the SDK prefixes them
with "Error executing tool X:" and reports bad arguments as pydantic's
multi-line dump. Clients see instead the same one-line sentence the chat agent
gets from ``toolbox.call_tool`` ("Task 42 not found", "title: String should
have at least 1 character"), so one message is written once for every edge.
"""

import logging
import time
from typing import Any

import anyio
from django.conf import settings
from django.utils.crypto import salted_hmac
from mcp.server import MCPServer
from mcp.server.auth.provider import TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver.context import Context
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.request_state import RequestStateSecurity
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, GetPromptResult, InputRequiredResult
from pydantic import AnyHttpUrl
from pydantic import ValidationError as PydanticValidationError

from todo_project import __version__
from todo_project.request_log import request_id

from . import context
from .identity import caller_id
from .messages import AnsweredStdin
from .tools import TOOLS, describe_invalid_arguments

logger = logging.getLogger("todo.mcp")

SERVER_NAME = "todo"
INSTRUCTIONS = (
    "Manage the signed-in user's to-do list: add, list, complete, update and delete tasks. "
    "Every tool acts only on that user's own tasks. Find a task's id with list_tasks before "
    "changing it by title."
)


def internal_error_message(tool_name: str) -> str:
    """What a client reads when a tool crashes: nothing of the exception, which stays in the log."""
    return f"Internal error in {tool_name}; the details are in the server log."


def tool_error_message(error: ToolError) -> str:
    """The one-line text for an anticipated tool failure, with the SDK's prefix removed."""
    cause = error.__cause__
    if isinstance(cause, PydanticValidationError):
        return describe_invalid_arguments(cause)
    if isinstance(cause, ToolError):
        return str(cause)
    return str(error)


class TodoMCPServer(MCPServer):
    async def run_stdio_on(self, stdout: anyio.AsyncFile[str]) -> None:
        """Serve over stdin and the given stream (``runmcp`` passes a private copy of stdout)."""
        async with stdio_server(stdout=stdout) as (read_stream, write_stream):
            lowlevel = self._lowlevel_server
            messages = AnsweredStdin(read_stream, write_stream)  # a line that is no message gets its error
            await lowlevel.run(messages, write_stream, lowlevel.create_initialization_options())

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None, context: Context | None = None
    ) -> GetPromptResult | InputRequiredResult:
        """The SDK's, with an unknown name refused as invalid params (-32602), where the SDK answered code 0."""
        if self._prompt_manager.get_prompt(name) is None:
            raise MCPError(INVALID_PARAMS, f"Unknown prompt: {name}")
        return await super().get_prompt(name, arguments, context)

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context | None = None
    ) -> CallToolResult | InputRequiredResult:
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError as error:
            outcome = "internal_error"
            # The SDK logs the chained traceback to stderr; the client gets one plain line.
            raise UnexpectedToolError(internal_error_message(name)) from error
        except ToolError as error:
            outcome = "error"
            raise ToolError(tool_error_message(error)) from error.__cause__
        finally:
            _log_call(name, outcome, started)


def _log_call(tool: str, outcome: str, started: float) -> None:
    """One line per tool call, beside the request's own line (same request id over HTTP); never the arguments."""
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "tool call",
        extra={
            "tool": tool,
            "outcome": outcome,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "user_id": caller_id(),
            "request_id": request_id.get(),
        },
    )


def request_state_security() -> RequestStateSecurity:
    """The key that seals the state a client echoes between rounds of a question (2026-07-28 elicitation).

    Derived from ``SECRET_KEY`` (and its fallbacks, for rotation), so every
    process of a deployment opens what any other sealed: a person's answer may
    reach another worker or machine than the question. The SDK's default is a
    key of this process alone.
    """
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    keys = [salted_hmac("mcp-request-state", "", secret=secret, algorithm="sha256").digest() for secret in secrets]
    return RequestStateSecurity(keys=keys, audience=SERVER_NAME)


def build_server(
    *,
    token_verifier: TokenVerifier | None = None,
    server_url: str | None = None,
    issuer_url: str | None = None,
) -> TodoMCPServer:
    """A server with the tools; with a verifier, every HTTP request must carry a bearer token.

    ``server_url`` is the MCP endpoint's URL and ``issuer_url`` the OAuth
    authorization server (this app's web origin) its protected-resource
    document names. The resource check (RFC 8707) is done per request by
    ``http.McpAccessGate``, which knows the request's own URL, so the SDK's is off.
    ``log_level`` is WARNING so the SDK's own ``basicConfig`` (a no-op when
    Django configured logging first) never turns INFO chatter on.
    """
    auth = None
    if token_verifier is not None:
        url = server_url or "http://127.0.0.1:8001/mcp"
        auth = AuthSettings(
            issuer_url=AnyHttpUrl(issuer_url or url),
            resource_server_url=AnyHttpUrl(url),
            # Published as scopes_supported; which tool needs which is the gate's business.
            required_scopes=["tasks:read", "tasks:write"],
            validate_token_resource=False,
        )
    server = TodoMCPServer(
        SERVER_NAME,
        version=__version__,
        instructions=INSTRUCTIONS,
        tools=list(TOOLS.values()),
        token_verifier=token_verifier,
        auth=auth,
        log_level="WARNING",
        request_state_security=request_state_security(),
    )
    context.register(server)
    return server
