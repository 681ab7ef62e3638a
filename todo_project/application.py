"""Django and MCP in one ASGI app: ``/mcp`` (and the lifespan) to the MCP app, everything else to Django.

The main app (``todo_project/asgi.py``) and ``runmcp --transport http`` (with
an MCP app for its own host and port) are both built here, so either serves
the OAuth endpoints and metadata its ``/mcp`` points clients to.
"""

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from starlette.types import ASGIApp, Receive, Scope, Send

from mcp_bridge.http import MCP_PATH


def build_application(mcp_application: ASGIApp) -> ASGIApp:
    # As many threads as the database pool has connections: a request never waits for one while holding a thread.
    django_application = WSGIMiddleware(
        get_wsgi_application(),  # type: ignore[arg-type]  # the stubs type WSGIHandler.__call__ apart from WSGI's
        workers=settings.TODO_DJANGO_THREADS,
    )

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if _is_mcp(scope):
            await mcp_application(scope, receive, send)
        else:
            await django_application(scope, receive, send)  # type: ignore[arg-type]  # a2wsgi's own ASGI types

    return application


def _is_mcp(scope: Scope) -> bool:
    return scope["type"] == "lifespan" or (
        scope["type"] == "http" and (scope["path"] == MCP_PATH or scope["path"].startswith(f"{MCP_PATH}/"))
    )
