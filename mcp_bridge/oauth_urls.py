"""The OAuth authorization server's URLs: django-oauth-toolkit's views, named as the toolkit reverses them.

Discovery documents live at the origin's root, where RFC 8414 and RFC 9728 put
them; the protocol endpoints under /o/. Only what a hosted assistant needs is
mounted (no application-management pages: the admin has them).
"""

from django.urls import path, reverse
from oauth2_provider import views as oauth

from .oauth import AuthorizationView, RegistrationView

app_name = "oauth2_provider"


class OneIssuerMetadataView(oauth.OAuthServerMetadataView):
    """RFC 8414 metadata at a path-suffixed well-known URL (``…/oauth-authorization-server/mcp``).

    Some clients look there, appending the MCP endpoint's path. This server has
    one issuer, its origin, so every such URL describes that same issuer rather
    than inventing one per suffix.
    """

    def get(self, request, *args, **kwargs):
        request.path = request.path_info = reverse("oauth2_provider:oauth-server-metadata")
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path(
        ".well-known/oauth-authorization-server",
        oauth.OAuthServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
    path(
        ".well-known/oauth-authorization-server/<path:issuer_path>",
        OneIssuerMetadataView.as_view(),
        name="oauth-server-metadata-issuer",
    ),
    path(
        ".well-known/oauth-protected-resource",
        oauth.OAuthProtectedResourceMetadataView.as_view(),
        name="oauth-resource-metadata",
    ),
    # The resource is the MCP endpoint: its document is the path form for /mcp (RFC 9728 §3.1).
    path(
        ".well-known/oauth-protected-resource/<path:resource_path>",
        oauth.OAuthProtectedResourceMetadataView.as_view(),
        name="oauth-resource-metadata-path",
    ),
    path("o/authorize/", AuthorizationView.as_view(), name="authorize"),
    path("o/token/", oauth.TokenView.as_view(), name="token"),
    path("o/revoke_token/", oauth.RevokeTokenView.as_view(), name="revoke-token"),
    path("o/register/", RegistrationView.as_view(), name="dcr-register"),
    path(
        "o/register/<str:client_id>/",
        oauth.DynamicClientRegistrationManagementView.as_view(),
        name="dcr-register-management",
    ),
]
