"""One JSON-RPC message at a time, checked the same way over HTTP and stdio before the SDK handles it.

The SDK answers what is not one JSON-RPC 2.0 message with a 1-2 KB pydantic
dump under -32602 over HTTP, and not at all over stdio. Here it is a short
error with ``id: null`` (the id of what could not be read cannot be known):

- -32700 "Parse error" for what is not JSON, or is nested deeper than the
  parser's limit (pydantic-core's, 200 levels: a message deeper than that is
  refused before anything recurses over it);
- -32600 "Invalid Request" for anything else: a batch (the protocol has none
  since 2025-06-18), a stray object, a number, a wrong ``jsonrpc`` version.
"""

from typing import Any, Final

import anyio
from mcp.shared.message import SessionMessage
from mcp_types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    ErrorData,
    JSONRPCError,
    JSONRPCMessage,
    jsonrpc_message_adapter,
)
from pydantic import ValidationError

NOT_JSON: Final = "Parse error: the message is not JSON, or is nested too deeply."
BATCH: Final = "Invalid Request: batches are not supported; send one JSON-RPC message at a time."
NOT_A_MESSAGE: Final = "Invalid Request: not a JSON-RPC 2.0 request, notification or response."


def refusal(error: ValidationError) -> JSONRPCError:
    """The short answer to a message the SDK's message type refused with ``error``."""
    details = error.errors(include_url=False)
    if any(detail["type"] == "json_invalid" for detail in details):
        code, message = PARSE_ERROR, NOT_JSON
    elif details and isinstance(details[0].get("input"), list):
        code, message = INVALID_REQUEST, BATCH
    else:
        code, message = INVALID_REQUEST, NOT_A_MESSAGE
    return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=code, message=message))


def read_message(body: bytes | str) -> JSONRPCMessage | JSONRPCError:
    """The one message in ``body``, or the error that answers it."""
    try:
        return jsonrpc_message_adapter.validate_json(body, by_name=False)
    except ValidationError as error:
        return refusal(error)


class AnsweredStdin:
    """The stdio transport's read stream, with each line it could not read answered on the write stream.

    The SDK's stdio reader passes such a line on as its ``ValidationError``,
    which the server only logs; the client would wait for an answer forever.
    """

    def __init__(self, messages: Any, answers: Any):
        self._messages = messages
        self._answers = answers

    @property
    def last_context(self) -> Any:
        return getattr(self._messages, "last_context", None)

    async def receive(self) -> SessionMessage | Exception:
        while True:
            item = await self._messages.receive()
            if not isinstance(item, ValidationError):
                return item
            await self._answers.send(SessionMessage(refusal(item)))

    async def aclose(self) -> None:
        await self._messages.aclose()

    def close(self) -> None:
        self._messages.close()

    async def __aenter__(self) -> "AnsweredStdin":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __aiter__(self) -> "AnsweredStdin":
        return self

    async def __anext__(self) -> SessionMessage | Exception:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None
