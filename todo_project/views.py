import secrets
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView

from .errors import DATABASE_UNREACHABLE, STORE_UNAVAILABLE, TOO_LARGE


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_answers() -> bool:
    """A write and a read of the shared cache (Redis, or its database table)."""
    probe = secrets.token_hex(8)
    try:
        cache.set("healthz", probe, timeout=10)
        return cache.get("healthz") == probe
    except Exception:  # the database cache fails with the database; Redis's failures are swallowed upstream
        return False


def healthz(request):
    """Which dependency answers: 503 when the database does not (nothing works without it); 200 but
    "degraded" when only the cache does not (limits are then not enforced, everything else works)."""
    database = _database_answers()
    # The default cache is a table of the database: it answers only when the database does.
    cache_ok = _cache_answers() if database or _redis_configured() else False
    body = {
        "status": "ok" if database and cache_ok else "degraded" if database else "unavailable",
        "database": "ok" if database else "down",
        "cache": "ok" if cache_ok else "down",
    }
    return JsonResponse(body, status=200 if database else 503)


def _redis_configured() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _wants_json(request: HttpRequest) -> bool:
    """API and MCP clients get JSON errors; people in a browser get a page."""
    return request.path.startswith(("/api/", "/mcp", "/healthz", "/.well-known/", "/o/"))


def bad_request(request, exception=None):
    """Django's 400 (a request it refused before any view): a body over the size limit is a 413."""
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    if _wants_json(request):
        if too_large:
            body = {"detail": TOO_LARGE, "code": "request_too_large"}
        else:
            body = {"detail": "Bad request.", "code": "bad_request"}
        return JsonResponse(body, status=status)
    return render(request, "web/errors/400.html", {"too_large": too_large}, status=status)


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return render(request, "web/errors/404.html", status=404)


def server_error(request):
    """Django's last resort. While the database is down that is expected, and a 503 says so."""
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        return unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Internal server error.", "code": "server_error"}, status=500)
    return render(request, "web/errors/500.html", status=500)


def unavailable(request):
    """503: the database cannot be reached. JSON for API clients, a page for people; retry shortly."""
    if _wants_json(request):
        response = JsonResponse({"detail": STORE_UNAVAILABLE, "code": "service_unavailable"}, status=503)
    else:
        response = render(request, "web/errors/503.html", status=503)
    response["Retry-After"] = "5"
    return response


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: JSON a browser shows (the default), YAML to download with ``?format=yaml``.

    drf-spectacular's own view puts YAML first, which a browser offers to save
    as a file instead of showing.
    """

    renderer_classes = [OpenApiJsonRenderer2, OpenApiJsonRenderer, OpenApiYamlRenderer, OpenApiYamlRenderer2]

    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        if self.perform_content_negotiation(request, force=True)[0].format == "yaml":
            response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment")
        return response
