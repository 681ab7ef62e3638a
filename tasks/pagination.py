"""Task pages that count their total in the same query as their rows."""

from collections.abc import Callable
from typing import Any

from todo_project.pagination import LimitOffset

from .services import TaskPage


class CountInPageLimitOffset(LimitOffset):
    """LimitOffset for pages that come with their total (``services.task_page``): one query a page, not two.

    The counts ride on the page's statement (``tasks.queries.page``), which
    saves a round trip on every list request.
    """

    def paginate_with(self, request, fetch: Callable[[int, int], TaskPage]) -> list[dict[str, Any]]:
        """The page ``fetch(offset, limit)`` returns with its total, for the limit and offset the request asks for."""
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        page = fetch(self.offset, self.limit)
        rows, self.count = page.rows, page.total
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        return rows
