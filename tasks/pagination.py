"""Task pages that count their total in the same query as their rows."""

from typing import Any, cast

from todo_project.pagination import LimitOffset

from .models.task import TaskQuerySet


class CountInPageLimitOffset(LimitOffset):
    """LimitOffset whose page query also carries the total (``COUNT(*) OVER ()``): one query a page, not two.

    The count runs over the matching rows only (one user's tasks, filtered),
    about a hundred at the reference load, and saves a round trip and an ORM
    compilation on every list request. A page past the end has no row to
    carry the total, so only then is it counted on its own.
    """

    def paginate_queryset(self, queryset, request, view=None) -> list[Any] | None:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        rows, self.count = cast(TaskQuerySet, queryset).page_with_total(offset=self.offset, limit=self.limit)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        return rows
