from rest_framework.pagination import LimitOffsetPagination


class LimitOffset(LimitOffsetPagination):
    """limit/offset like the MCP list_tasks tool: 50 by default, never more than 200 a page."""

    default_limit = 50
    max_limit = 200
