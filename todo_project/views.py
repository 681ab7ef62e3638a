from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render


def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _wants_json(request: HttpRequest) -> bool:
    """API and MCP clients get JSON errors; people in a browser get a page."""
    return request.path.startswith(("/api/", "/mcp", "/healthz", "/.well-known/", "/o/"))


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "web/errors/404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return render(request, "web/errors/500.html", status=500)
