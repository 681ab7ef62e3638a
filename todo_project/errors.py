"""Domain errors, and their translation to HTTP.

Services raise these with the sentence a person should read; each edge (REST,
MCP, the chat agent) translates them once. A subclass carries its HTTP status
and a machine-readable code, so one handler maps them all.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from rest_framework import status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
"""The database errors that mean it cannot be reached (down, restarting, no free connection, locked):
answered with 503 and STORE_UNAVAILABLE. Any other database error is a bug, and stays a 500."""

STORE_UNAVAILABLE = "The task store is temporarily unavailable (its database cannot be reached); try again in a moment."
"""What every edge says while the database is down: a 503 body, a tool error, a page."""

TOO_LARGE = f"The request body is too large (at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB)."
"""The 413 answer, for a body over DATA_UPLOAD_MAX_MEMORY_SIZE (and the same bound on /mcp)."""


class DomainError(Exception):
    status_code: int = status.HTTP_400_BAD_REQUEST
    code: str = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"


def validation_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    """Field → messages for a Django ValidationError, whatever shape it was raised in."""
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"non_field_errors": list(error.messages)}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(validation_messages(exc))
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": TOO_LARGE, "code": "request_too_large"}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and isinstance(response.data.get("detail"), str):
        # Every error that is not per-field messages reads the same way: {detail, code}.
        response.data.setdefault("code", getattr(response.data["detail"], "code", None) or "error")
    return response
