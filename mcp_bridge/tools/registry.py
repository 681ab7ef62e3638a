"""The one registry of tools, and what every tool shares: compact schemas and errors a model can read.

``runmcp`` serves the ``Tool`` objects in ``TOOLS`` and the chat agent calls
the very same ones through ``toolbox.call_tool``.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydantic_core
from django.core.exceptions import ValidationError as DjangoValidationError
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import ConfigDict
from pydantic import ValidationError as PydanticValidationError

from todo_project.errors import DATABASE_UNREACHABLE, STORE_UNAVAILABLE, DomainError, validation_messages

TOOLS: dict[str, Tool] = {}


def describe_invalid_arguments(error: PydanticValidationError) -> str:
    """'field: reason' for each rejected argument, e.g. 'title: String should have at least 1 character'."""
    problems = []
    for detail in error.errors(include_url=False):
        field = ".".join(str(part) for part in detail["loc"]) or "arguments"
        problems.append(f"{field}: {detail['msg']}")
    return "; ".join(problems)


@contextmanager
def domain_errors_as_tool_errors() -> Iterator[None]:
    """Services speak in domain errors; a tool answers with the same sentence as a tool error.

    A database that cannot be reached is not a bug in the tool: the client is told to retry.
    """
    try:
        yield
    except DomainError as error:
        raise ToolError(error.message) from error
    except DATABASE_UNREACHABLE as error:
        raise ToolError(STORE_UNAVAILABLE) from error
    except DjangoValidationError as error:
        fields = validation_messages(error)
        raise ToolError("; ".join(f"{field}: {' '.join(messages)}" for field, messages in fields.items())) from error


def compact_schema(schema: Any, definitions: dict[str, Any] | None = None) -> Any:
    """The same JSON Schema, cheaper for a client to check: refs inlined, titles dropped.

    The SDK's client validates every structured result against the output
    schema; pydantic's ``$ref`` into ``$defs`` and a ``title`` on every
    property made that cost more per task in a list. A nullable stays
    ``anyOf: [X, {"type": "null"}]``: a type list (``type: [X, "null"]``) was
    a little cheaper still, but some model vendors' schema checkers refuse it
    (the MCP Inspector's strict mode warns of it).
    """
    if isinstance(schema, list):
        return [compact_schema(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if definitions is None:
        definitions = schema.get("$defs", {})
    if "$ref" in schema:
        return compact_schema(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    compact = {}
    for keyword, value in schema.items():
        if keyword in {"$defs", "title"}:
            continue
        if keyword == "properties":
            compact[keyword] = {name: compact_schema(sub, definitions) for name, sub in value.items()}
        else:
            compact[keyword] = compact_schema(value, definitions)
    return compact


def _refuse_unknown_arguments(tool: Tool) -> None:
    """Make a misspelt argument an error that names it, instead of being dropped while the call goes ahead.

    The schema then says ``additionalProperties: false`` too, so a client
    knows before it calls.
    """
    strict: type[ArgModelBase] = type(
        tool.fn_metadata.arg_model.__name__,
        (tool.fn_metadata.arg_model,),
        {"model_config": ConfigDict(extra="forbid", arbitrary_types_allowed=True)},
    )
    tool.fn_metadata.arg_model = strict
    tool.parameters = strict.model_json_schema(by_alias=True)


def _answered_as_is(function: Callable[..., Any]) -> Callable[..., CallToolResult]:
    """The tool body, answering with the finished result instead of handing the SDK a dict to check.

    Given a dict, the SDK validates it against the output model with pydantic,
    dumps it again, and also writes it out as indented JSON text, on every
    call. The result is built here from the database's own values in the
    declared shape, and every client checks it against the published schema
    anyway (the SDK's client does, with jsonschema; so do the tests), so it is
    converted once, to JSON-ready values and compact text.
    """

    @functools.wraps(function)
    def answer(**arguments: Any) -> CallToolResult:
        structured = pydantic_core.to_jsonable_python(function(**arguments))
        text = pydantic_core.to_json(structured).decode()
        return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=structured)

    return answer


def register(annotations: ToolAnnotations) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a function as a tool: strict arguments, a compact output schema, these annotations."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        tool = Tool.from_function(function, annotations=annotations)
        _refuse_unknown_arguments(tool)
        tool.fn_metadata.output_schema = compact_schema(tool.fn_metadata.output_schema)
        # The schema stays published; without a model the SDK passes a CallToolResult through unchecked.
        tool.fn_metadata.output_model = None
        tool.fn = _answered_as_is(function)
        TOOLS[function.__name__] = tool
        return function

    return register
