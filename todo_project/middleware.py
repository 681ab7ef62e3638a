"""Errors raised in views, answered like Django's own pages, in production and in DEBUG alike.

DRF views translate domain errors themselves (``api_errors.api_exception_handler``);
a page view that asks for a task that is missing or someone else's lets
``TaskNotFound`` rise, and the person gets the ordinary 404 page. A view that
finds the database down (any view, API or page) answers 503: JSON for API
clients, a page for people, never a 500 with a traceback.
"""

from django.core.exceptions import RequestDataTooBig

from .errors import DATABASE_UNREACHABLE, NotFound
from .views import bad_request, not_found, unavailable


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return not_found(request, exception)
        if isinstance(exception, DATABASE_UNREACHABLE):
            return unavailable(request)
        if isinstance(exception, RequestDataTooBig):  # a form too large: 413, in DEBUG too
            return bad_request(request, exception)
        return None
