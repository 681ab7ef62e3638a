import secrets
import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render

from .errors import STORE_UNAVAILABLE


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
    from django.conf import settings

    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _wants_json(request: HttpRequest) -> bool:
    """API and MCP clients get JSON errors; people in a browser get a page."""
    return request.path.startswith(("/api/", "/mcp", "/healthz", "/.well-known/", "/o/"))


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "web/errors/404.html", status=404)


def server_error(request):
    """Django's last resort. While the database is down that is expected, and a 503 says so."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        return unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return render(request, "web/errors/500.html", status=500)


def unavailable(request):
    """503: the database cannot be reached. JSON for API clients, a page for people; retry shortly."""
    if _wants_json(request):
        response = JsonResponse({"detail": STORE_UNAVAILABLE, "code": "service_unavailable"}, status=503)
    else:
        response = render(request, "web/errors/503.html", status=503)
    response["Retry-After"] = "5"
    return response
