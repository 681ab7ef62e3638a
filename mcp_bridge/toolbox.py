"""The task tools as a plain synchronous API, for callers inside this process (the chat agent).

``call_tool`` runs the very ``Tool`` objects ``runmcp`` serves, in the calling
thread and on its database connection (so it joins the caller's transaction),
validates arguments with the tool's own argument model and returns the same
structured result, or raises ``ToolCallError`` with the same text, that an MCP
client gets for the same call.
"""

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult
from pydantic import ValidationError as PydanticValidationError

from tasks.activity import Actor

from .identity import in_process
from .server import internal_error_message
from .tools import TOOLS, describe_invalid_arguments

logger = logging.getLogger(__name__)


class ToolCallError(Exception):
    """A tool call that did not succeed; ``message`` is safe to show to the user or a model."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def tool_specs() -> list[dict[str, Any]]:
    """Name, description and input JSON schema of each tool, e.g. for OpenAI function calling."""
    return [
        {"name": tool.name, "description": tool.description, "input_schema": tool.parameters} for tool in TOOLS.values()
    ]


def call_tool(user: AbstractBaseUser, name: str, arguments: dict[str, Any], *, actor: Actor) -> dict[str, Any]:
    """Run the tool ``name`` as ``user``, its changes recorded under ``actor``, and return its structured result.

    Raises ToolCallError for an unknown tool, bad arguments (naming the
    field), a domain error ("Task 42 not found") or a crash (logged here with
    its traceback; the message carries none of it).
    """
    tool = TOOLS.get(name)
    if tool is None:
        raise ToolCallError(f"Unknown tool: {name}")
    if not isinstance(arguments, dict):
        raise ToolCallError("arguments: Input should be an object")
    try:
        validated = tool.fn_metadata.validate_arguments(arguments)
    except PydanticValidationError as error:
        raise ToolCallError(describe_invalid_arguments(error)) from None
    try:
        with in_process(user, actor):
            result = tool.fn(**validated)
        converted = tool.fn_metadata.convert_result(result)
        structured = converted.structured_content if isinstance(converted, CallToolResult) else None
    except ToolError as error:
        raise ToolCallError(str(error)) from None
    except Exception:
        logger.exception("Tool %r raised an unexpected exception", name)
        raise ToolCallError(internal_error_message(name)) from None
    return structured or {}
