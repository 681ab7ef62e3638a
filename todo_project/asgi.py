"""The one ASGI application: Django for the web pages, the API, OAuth and the admin; MCP at /mcp.

One process and one port serve everything (``make run`` runs it under uvicorn;
production under gunicorn with uvicorn workers). Requests for ``/mcp`` go to
the MCP SDK's Starlette app, built by ``mcp_bridge.http``; everything else goes
to Django. The lifespan belongs to the MCP app: its session manager runs there
(Django's ASGI handler has no lifespan of its own).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")

django_application = get_asgi_application()

from mcp_bridge.http import MCP_PATH, build_http_app  # noqa: E402  (needs the apps loaded)

mcp_application = build_http_app()


def _is_mcp(scope) -> bool:
    return scope["type"] == "lifespan" or (
        scope["type"] == "http" and (scope["path"] == MCP_PATH or scope["path"].startswith(f"{MCP_PATH}/"))
    )


async def application(scope, receive, send):
    if _is_mcp(scope):
        await mcp_application(scope, receive, send)
    else:
        await django_application(scope, receive, send)
