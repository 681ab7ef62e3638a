"""The one ASGI application: Django for the web pages, the API, OAuth and the admin; MCP at /mcp.

One process and one port serve everything (``make run`` runs it under uvicorn;
production under gunicorn with uvicorn workers). Requests for ``/mcp`` go to
the MCP SDK's Starlette app, built by ``mcp_bridge.http``; everything else goes
to Django (``todo_project/application.py`` puts them together). The lifespan
belongs to the MCP app: its session manager runs there.

Every Django view here is synchronous, so Django is served as the WSGI app it
is, on a thread pool (a2wsgi): a request crosses from the event loop to a
thread once. Django's own ASGI handler would cross for each middleware hook
and start a thread per request, which cost about as much CPU as the view
itself (bench/README.md).
"""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
django.setup(set_prefix=False)

from mcp_bridge.http import build_http_app  # noqa: E402  (needs the apps loaded)
from todo_project.application import build_application  # noqa: E402

application = build_application(build_http_app())

# Everything loaded so far (Django, the apps, the SDK: ~170,000 objects) lives as long as the process. Left to
# the collector, each full collection walked all of it, ~45 ms during which the process answered nothing,
# the REST list's p99 under load; frozen, a collection looks only at what requests allocate.
gc.freeze()
