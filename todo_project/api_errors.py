"""The REST edge's translation of domain errors: one HTTP status per kind, and every body as ``{detail, code}``."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import TOO_LARGE, Conflict, DomainError, NotFound, Unavailable, validation_messages

HTTP_STATUS = {
    NotFound: status.HTTP_404_NOT_FOUND,
    Conflict: status.HTTP_409_CONFLICT,
    Unavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
}
"""Each kind of domain error's status; any other DomainError is a 400."""


def http_status(error: DomainError) -> int:
    for kind, code in HTTP_STATUS.items():
        if isinstance(error, kind):
            return code
    return status.HTTP_400_BAD_REQUEST


def domain_error_body(error: DomainError) -> dict[str, str]:
    return {"detail": error.message, "code": error.code}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(validation_messages(exc))
    if isinstance(exc, DomainError):
        return Response(domain_error_body(exc), status=http_status(exc))
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": TOO_LARGE, "code": "request_too_large"}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and isinstance(response.data.get("detail"), str):
        # Every error that is not per-field messages reads the same way: {detail, code}.
        response.data.setdefault("code", getattr(response.data["detail"], "code", None) or "error")
    return response
