"""Domain errors, and their translation to HTTP.

Services raise these with the sentence a person should read; each edge (REST,
MCP, the chat agent) translates them once. A subclass carries its HTTP status
and a machine-readable code, so one handler maps them all.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

STORE_UNAVAILABLE = "The task store is temporarily unavailable (its database cannot be reached); try again in a moment."
"""What every edge says while the database is down: a 503 body, a tool error, a page."""


class DomainError(Exception):
    status_code = status.HTTP_400_BAD_REQUEST
    code = "error"

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
    return exception_handler(exc, context)
