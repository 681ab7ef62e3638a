"""Domain errors: what went wrong, as a sentence a person reads and a machine-readable code.

Services raise these; they import no web framework. Each edge translates them
once, by kind: REST in ``todo_project.api_errors`` (an HTTP status), MCP in
``mcp_bridge.tools.registry`` (a tool error), the web pages in
``todo_project.middleware`` (the 404 page) and their forms, the chat agent in
its sentences. The message is written once, here or where the error is raised.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import InterfaceError, OperationalError

DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
"""The database errors that mean it cannot be reached (down, restarting, no free connection, locked):
answered with 503 and STORE_UNAVAILABLE. Any other database error is a bug, and stays a 500."""

STORE_UNAVAILABLE = "The task store is temporarily unavailable (its database cannot be reached); try again in a moment."
"""What every edge says while the database is down: a 503 body, a tool error, a page."""

TOO_LARGE = f"The request body is too large (at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB)."
"""The 413 answer, for a body over DATA_UPLOAD_MAX_MEMORY_SIZE (and the same bound on /mcp)."""


class DomainError(Exception):
    """A request the service refuses, as a person should read it; ``code`` names the case for machines."""

    code: str = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing is missing, or someone else's: the two are never told apart."""

    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the state it would change (a later edit, a reused key, a taken name)."""

    code = "conflict"


class Unavailable(DomainError):
    """Something the service relies on is down for now; trying again later may work."""

    code = "unavailable"


def refuse_null_characters(values: dict[str, object]) -> None:
    """ValidationError naming each text value that holds a NUL character, which PostgreSQL cannot store; the
    message is Django's and DRF's own, so every edge says the same."""
    refused = {
        name: ProhibitNullCharactersValidator.message
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }
    if refused:
        raise DjangoValidationError(refused)


def validation_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    """Field → messages for a Django ValidationError, whatever shape it was raised in."""
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"non_field_errors": list(error.messages)}
