"""Paging that refuses what it cannot use: a limit or offset that is not a whole number is a 400 naming it.

DRF's paginators read such a value as the default, which a client never
learns about; the schema says these parameters are integers, so the API
holds to it. A limit above the page maximum is still capped, as the schema's
description says (a client asking for "everything" gets the largest page).
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, LimitOffsetPagination

MAX_OFFSET = 2**31 - 1
"""No list is that long; beyond it, a number the database would refuse."""


class LimitOffset(LimitOffsetPagination):
    """limit/offset like the MCP list_tasks tool: 50 by default, never more than 200 a page."""

    default_limit = 50
    max_limit = 200

    def get_limit(self, request) -> int:
        if self.limit_query_param not in request.query_params:
            return self.default_limit
        return min(_whole_number(request, self.limit_query_param, minimum=1), self.max_limit)

    def get_offset(self, request) -> int:
        if self.offset_query_param not in request.query_params:
            return 0
        return _whole_number(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, None), self.offset_query_param: (0, MAX_OFFSET)}
        described = {
            self.limit_query_param: f"How many results a page holds: {self.default_limit} by default, "
            f"at most {self.max_limit} (a larger limit is capped)."
        }
        return [
            _bounded(parameter, *bounds[parameter["name"]], described.get(parameter["name"]))
            for parameter in parameters
        ]


class StrictCursorPagination(CursorPagination):
    """Cursor paging whose page size (``limit``) must be a whole number; above the maximum it is capped."""

    page_size_query_param = "limit"

    def get_page_size(self, request) -> int:
        default, maximum = self.page_size or 50, self.max_page_size or 200
        if self.page_size_query_param not in request.query_params:
            return default
        return min(_whole_number(request, self.page_size_query_param, minimum=1), maximum)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        description = (
            f"How many results a page holds: {self.page_size} by default, at most "
            f"{self.max_page_size} (a larger limit is capped)."
        )
        return [
            _bounded(parameter, 1, None, description) if parameter["name"] == self.page_size_query_param else parameter
            for parameter in super().get_schema_operation_parameters(view)
        ]


def _bounded(parameter: dict, minimum: int, maximum: int | None, description: str | None = None) -> dict:
    schema = {**parameter["schema"], "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return {**parameter, "schema": schema, **({"description": description} if description else {})}


def _whole_number(request, name: str, *, minimum: int, maximum: int | None = None) -> int:
    raw = request.query_params[name]
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError({name: ["A whole number is required."]})
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ValidationError({name: [f"Must be {bound}."]})
    return value
