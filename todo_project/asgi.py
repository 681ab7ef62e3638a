"""The one ASGI application: Django for the web pages, the API, OAuth and the admin; MCP at /mcp.

One process and one port serve everything (``make run`` runs it under uvicorn;
production under gunicorn with uvicorn workers). Requests for ``/mcp`` go to
the MCP SDK's Starlette app, built by ``mcp_bridge.http``; everything else goes
to Django. The lifespan belongs to the MCP app: its session manager runs there.

Every Django view here is synchronous, so Django is served as the WSGI app it
is, on a thread pool (a2wsgi): a request crosses from the event loop to a
thread once. Django's own ASGI handler would cross for each middleware hook
and start a thread per request, which cost about as much CPU as the view
itself (bench/README.md).
"""

import gc
import os

from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")

from django.conf import settings

# As many threads as the database pool has connections: a request never waits for one while holding a thread.
django_application = WSGIMiddleware(get_wsgi_application(), workers=settings.TODO_DJANGO_THREADS)

from mcp_bridge.http import MCP_PATH, build_http_app  # noqa: E402  (needs the apps loaded)

mcp_application = build_http_app()

# Everything loaded so far (Django, the apps, the SDK: ~170,000 objects) lives as long as the process. Left to
# the collector, each full collection walked all of it, ~45 ms during which the process answered nothing,
# the REST list's p99 under load; frozen, a collection looks only at what requests allocate.
gc.freeze()


def _is_mcp(scope) -> bool:
    return scope["type"] == "lifespan" or (
        scope["type"] == "http" and (scope["path"] == MCP_PATH or scope["path"].startswith(f"{MCP_PATH}/"))
    )


async def application(scope, receive, send):
    if _is_mcp(scope):
        await mcp_application(scope, receive, send)
    else:
        await django_application(scope, receive, send)
