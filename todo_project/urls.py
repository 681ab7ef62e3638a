from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import accounts, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/auth/", include("mcp_bridge.urls")),
    path("api/auth/", include(accounts.urlpatterns)),
    path("api/export/", accounts.ExportView.as_view(), name="export"),
    path("api/auth/session/", include("web.api_session_urls")),
    path("api/", include("tasks.urls")),
    path("api/", include("conversations.urls")),
    path("api/schema/", views.SchemaView.as_view(), name="schema"),
    # The split view serves Swagger's start-up script as a file, so the strict CSP (no inline script) holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    # The OAuth authorization server for /mcp: discovery at the root, the protocol under /o/.
    path("", include("mcp_bridge.oauth_urls")),
    path("", include("web.urls")),
]

handler400 = views.bad_request
handler404 = views.not_found
handler500 = views.server_error
