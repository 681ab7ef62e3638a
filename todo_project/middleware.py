"""Domain errors raised in plain Django views (the web pages), answered like Django's own.

DRF views translate domain errors themselves (``errors.api_exception_handler``);
a page view that asks for a task that is missing or someone else's lets
``TaskNotFound`` rise, and the person gets the ordinary 404 page.
"""

from .errors import NotFound
from .views import not_found


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return not_found(request, exception)
        return None
