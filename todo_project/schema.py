"""The OpenAPI document tells the truth about errors: every operation lists the ones it can answer.

drf-spectacular documents what a view returns when all goes well. The errors
follow from how a view is built, so ``AutoSchema`` adds them from the same
facts the request goes through, rather than by hand on each view:

- 400 with per-field messages, when the operation takes a body or query parameters;
- 401 when it needs authentication;
- 404 when its path names something (a task, an activity, a token...), or its
  pagination takes a cursor (a forged cursor is "not found");
- 413 when it takes a body (``DATA_UPLOAD_MAX_MEMORY_SIZE``);
- 429 when a throttle counts it (writes, chat turns, credential endpoints);
- 503 always: the database is down (``todo_project.views.unavailable``).

A view adds what only it knows (409 for a conflict, 503 with more fields) with
``@extend_schema(responses=...)``; those win over the defaults here.
"""

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from .throttles import WriteThrottle


class BearerJWTScheme(SimpleJWTScheme):
    """Our bearer authentication is simplejwt's with a cheaper user lookup: documented as simplejwt's is."""

    target_class = "todo_project.authentication.JWTAuthentication"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence a person can read.")
    code = serializers.CharField(help_text="A stable, machine-readable name for the error.")


FIELD_ERRORS: dict[str, Any] = {
    "type": "object",
    "description": "Messages per field (`non_field_errors` for the request as a whole).",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"title": ["This field may not be blank."]},
}
BAD_REQUEST = OpenApiResponse(
    {"oneOf": [FIELD_ERRORS, {"$ref": "#/components/schemas/Error"}]},
    "Invalid input: messages per field, or a body that is not JSON ({detail, code}). Nothing was written.",
)
ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(ErrorSerializer, "No valid credentials: a missing, expired or revoked token."),
    404: OpenApiResponse(ErrorSerializer, "Not found, or not yours (the two are not told apart)."),
    413: OpenApiResponse(ErrorSerializer, "The request body is too large."),
    429: OpenApiResponse(ErrorSerializer, "Too many requests: the Retry-After header says how many seconds to wait."),
    503: OpenApiResponse(ErrorSerializer, "The database cannot be reached; retry shortly (Retry-After)."),
}


NO_NULL_CHARACTER = r"^[^\x00]*$"
SOME_TEXT = r"^[^\x00]*[^\s\x00][^\x00]*$"
"""What DRF's CharField accepts: never a NUL; and, when it trims and refuses blanks, something besides spaces."""


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, plus the errors each operation can answer and the text its fields really accept.

    A view names the errors only it knows in ``documented_errors``
    ({status: description}), answered as ``{detail, code}``; a field whose
    validators say more than its type can carry them in ``schema_overrides``.
    """

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if direction != "request":
            return schema
        for name, field in serializer.fields.items():
            prop = schema["properties"].get(name)
            if not isinstance(field, serializers.CharField) or field.read_only or prop is None:
                continue
            prop.update(getattr(field, "schema_overrides", {}))
            # Spectacular's "or blank" wrapper goes: the pattern below says "or blank" itself.
            plain = prop["oneOf"][0] if "oneOf" in prop else prop
            if plain.get("type") != "string" or "format" in plain or "pattern" in plain:
                continue
            if "oneOf" in prop:
                prop.update(prop.pop("oneOf")[0])
            refuses_blank = field.trim_whitespace and not field.allow_blank
            prop["pattern"] = SOME_TEXT if refuses_blank else NO_NULL_CHARACTER
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return dict(sorted(responses.items()))

    def _error_responses(self) -> dict[int, Any]:
        errors: dict[int, Any] = {}
        takes_body = self.method in {"POST", "PUT", "PATCH"} and self.get_request_serializer() is not None
        if takes_body or self._has_query_parameters():
            errors[400] = BAD_REQUEST
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            errors[401] = ERRORS[401]
        if "{" in self.path or self._paginated_by_cursor():
            errors[404] = ERRORS[404]
        if takes_body:
            errors[413] = ERRORS[413]
        if self._throttled():
            errors[429] = ERRORS[429]
        errors[503] = ERRORS[503]
        for code, description in getattr(self.view, "documented_errors", {}).items():
            errors[code] = OpenApiResponse(ErrorSerializer, description)
        return errors

    def _has_query_parameters(self) -> bool:
        """Filters and paging, which refuse a value they cannot use."""
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())

    def _paginated_by_cursor(self) -> bool:
        paginator = getattr(self.view, "pagination_class", None)
        return self._is_list_view() and paginator is not None and issubclass(paginator, CursorPagination)

    def _throttled(self) -> bool:
        throttles = self.view.get_throttles()
        if self.method in {"GET", "HEAD", "OPTIONS"}:
            throttles = [throttle for throttle in throttles if not isinstance(throttle, WriteThrottle)]
        return bool(throttles)
