"""This app as an OAuth 2.1 authorization server for its MCP endpoint, on django-oauth-toolkit.

The toolkit does the protocol (authorization code + PKCE, tokens, refresh
rotation, revocation, RFC 8414/9728 metadata, dynamic registration, client ID
metadata documents); this module adds only this product's rules around it:

- a redirect URI is https, or http on this machine's loopback (RFC 8252), for
  dynamically registered and metadata-document clients alike;
- open registration creates public clients (PKCE, no secret) and is
  rate-limited per address;
- an access token is accepted for MCP only while unexpired, for an active
  user, with a task scope, and for this server's MCP resource (RFC 8707);
- a person sees the apps they connected, and disconnecting one ends all of its
  tokens at once;
- the consent form's hidden fields are checked again as an authorization
  request when the person answers, and every answer sent back to a client
  carries the issuer (RFC 9207), an error as much as a code.
"""

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from oauth2_provider.cimd import CIMDError, SafeMetadataFetcher
from oauth2_provider.exceptions import FatalClientError, OAuthToolkitError
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)
from oauth2_provider.oauth2_backends import _add_iss_to_redirect
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import AuthorizationView as ToolkitAuthorizationView
from oauth2_provider.views import DynamicClientRegistrationView
from oauthlib import oauth2  # type: ignore[import-untyped]

from todo_project.errors import NotFound
from todo_project.throttles import SharedThrottle

from .models import OAuthClientProfile

READ_SCOPE: Final = "tasks:read"
WRITE_SCOPE: Final = "tasks:write"
TASK_SCOPES: Final = frozenset({READ_SCOPE, WRITE_SCOPE})
MAX_REGISTRATION_BYTES: Final = 16 * 1024
LAST_USED_RESOLUTION: Final = timedelta(minutes=5)
LOOPBACK_HOSTS: Final = frozenset({"localhost"})
CODE_FLOW_GRANTS: Final = frozenset({"authorization_code", "refresh_token"})


class ConnectedAppNotFound(NotFound):
    code = "connected_app_not_found"

    def __init__(self, app_id: object):
        super().__init__(f"Connected app {app_id} not found")


# --- Redirect URIs ----------------------------------------------------------------------------------


def redirect_uri_problem(uri: object) -> str | None:
    """Why a redirect URI is not acceptable here, or None: https anywhere, http only on loopback."""
    if not isinstance(uri, str):
        return "each redirect URI must be a string"
    try:
        parts = urlsplit(uri)
    except ValueError:
        return f"{uri!r} is not a URL"
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname:
        host = parts.hostname
        try:
            if ipaddress.ip_address(host).is_loopback:
                return None
        except ValueError:
            if host in LOOPBACK_HOSTS:
                return None
    return f"{uri!r} must be https, or http on the loopback interface (127.0.0.1, [::1] or localhost)"


class LoopbackOrHttpsFetcher(SafeMetadataFetcher):
    """The toolkit's SSRF-safe fetcher for client ID metadata documents, with this server's redirect rule.

    A document whose redirect URIs break the rule is refused like an
    unreachable one (the client stays unknown). Its ``logo_uri``, when https,
    is kept for the consent page.
    """

    def fetch(self, client_id):
        metadata, max_age = super().fetch(client_id)
        uris = metadata.get("redirect_uris")
        for uri in uris if isinstance(uris, list) else []:
            problem = redirect_uri_problem(uri)
            if problem:
                raise CIMDError(f"client ID metadata document refused: {problem}")
        remember_logo(client_id, metadata.get("logo_uri"))
        return metadata, max_age


def remember_logo(client_id: str, logo_uri: object) -> None:
    """Keep a client's https logo for the consent page; anything else is ignored."""
    if isinstance(logo_uri, str) and logo_uri.startswith("https://") and len(logo_uri) <= 2000:
        OAuthClientProfile.objects.update_or_create(client_id=client_id, defaults={"logo_uri": logo_uri})


def client_logo(client_id: str) -> str:
    """The https logo a client registered (for the consent page and the connected apps), or ''."""
    return OAuthClientProfile.objects.filter(client_id=client_id).values_list("logo_uri", flat=True).first() or ""


# --- Authorization (the consent page) -------------------------------------------------------------------


class AuthorizationView(ToolkitAuthorizationView):
    """The toolkit's authorization endpoint and consent page, with what it leaves open closed.

    The consent form carries the request in hidden fields, and the toolkit
    trusted them when the person answered: an unknown client, a missing field
    or an implicit-grant response type in a changed form were 500s. Here the
    answer is checked as an authorization request again, the way the page's
    GET was: what the client did not register is a 400 page (never a
    redirect), any other mistake the client's error redirect. And the toolkit
    adds the issuer (RFC 9207) to a code only: here every redirect back to the
    client carries it, so a client can check who answered an error too.
    """

    def post(self, request: HttpRequest, *args, **kwargs):
        # The form's fields alone, as the query of the GET that showed the page (the page's own URL, which
        # the browser posts back to, still has that query: both at once would be duplicate parameters).
        fields = {name: request.POST[name] for name in self.form_class.base_fields if request.POST.get(name)}
        fields.pop("allow", None)
        core = self.get_oauthlib_core()
        try:
            core.server.validate_authorization_request(
                f"{request.path}?{urlencode(fields)}", http_method="GET", headers=core.extract_headers(request)
            )
        except oauth2.FatalClientError as error:
            return self.error_response(FatalClientError(error=error), application=None)
        except oauth2.OAuth2Error as error:
            return self.error_response(OAuthToolkitError(error=error), application=None)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        problem = {"error": "invalid_request", "description": "The consent form was incomplete or changed."}
        return self.render_to_response({"error": problem}, status=400)

    def error_response(self, error, application, **kwargs):
        response = super().error_response(error, application, **kwargs)
        if isinstance(response, OAuth2ResponseRedirect) and oauth2_settings.COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS:
            issuer = oauth2_settings.oauth2_authorization_server_issuer(self.request)
            response["Location"] = _add_iss_to_redirect(response["Location"], issuer)
        return response


# --- Dynamic client registration -----------------------------------------------------------------------


class RegistrationThrottle(SharedThrottle):
    """Registrations per client address, counted in the shared cache like every other limit."""

    scope = "oauth_registration"

    def get_rate(self) -> str:
        return settings.TODO_OAUTH_REGISTRATION_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _invalid(description: str) -> JsonResponse:
    return JsonResponse({"error": "invalid_client_metadata", "error_description": description}, status=400)


class RegistrationView(DynamicClientRegistrationView):
    """The toolkit's RFC 7591 endpoint, open to anyone, with this server's limits in front of it.

    Registered clients are public (``token_endpoint_auth_method: none``, no
    secret: they prove themselves with PKCE) and use the authorization code
    flow only; RFC 7591 §3.2.1 lets a server replace requested metadata, and
    the answer says what was registered.
    """

    def post(self, request: HttpRequest, *args, **kwargs):
        throttle = RegistrationThrottle()
        # DRF's throttle reads only the client address from the request, which a plain Django view has too.
        if not throttle.allow_request(request, self):
            wait = max(1, round(throttle.wait() or 1))
            response = JsonResponse(
                {"error": "slow_down", "error_description": f"Too many registrations; try again in {wait} s."},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_REGISTRATION_BYTES:
            return _invalid(f"The registration document must be at most {MAX_REGISTRATION_BYTES} bytes.")
        try:
            metadata = json.loads(request.body)
        except ValueError:
            return _invalid("Request body must be valid JSON")
        if not isinstance(metadata, dict):
            return _invalid("Request body must be a JSON object")
        uris = metadata.get("redirect_uris")
        for uri in uris if isinstance(uris, list) else []:
            problem = redirect_uri_problem(uri)
            if problem:
                return JsonResponse({"error": "invalid_redirect_uri", "error_description": problem}, status=400)
        grant_types = metadata.get("grant_types", ["authorization_code"])
        if not isinstance(grant_types, list) or not set(grant_types) <= CODE_FLOW_GRANTS:
            return _invalid("grant_types may only be authorization_code and refresh_token.")
        response_types = metadata.get("response_types", ["code"])
        if not isinstance(response_types, list) or set(response_types) - {"code"}:
            return _invalid("response_types may only be code.")
        metadata["token_endpoint_auth_method"] = "none"
        request._body = json.dumps(metadata).encode()  # what the toolkit's view parses next
        response = super().post(request, *args, **kwargs)
        if response.status_code == 201:
            remember_logo(json.loads(response.content)["client_id"], metadata.get("logo_uri"))
        return response


# --- Bearer tokens for MCP ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OAuthTokenIdentity:
    user: AbstractBaseUser
    label: str
    scopes: frozenset[str]
    resources: tuple[str, ...]
    limit_key: str


def authenticate_oauth_token(raw: str) -> OAuthTokenIdentity | None:
    """The user, app and scopes of an OAuth access token this server issued, or None.

    Tokens are stored only as digests (RFC 9700), so the lookup is by the
    SHA-256 of the presented value, as the toolkit does. A token for no user
    (a registration token) or with no task scope is not an MCP credential.
    """
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    token = (
        get_access_token_model().objects.select_related("user", "application").filter(token_checksum=checksum).first()
    )
    if token is None or token.is_expired() or token.user is None or not token.user.is_active:
        return None
    scopes = frozenset(token.scope.split()) & TASK_SCOPES
    if not scopes or token.application is None:
        return None
    now = timezone.now()
    if now - token.updated >= LAST_USED_RESOLUTION:
        # "Last used" for the connected-apps list, written at most every few minutes per token.
        get_access_token_model().objects.filter(pk=token.pk).update(updated=now)
    label = token.application.name or token.application.client_id
    return OAuthTokenIdentity(token.user, label, scopes, tuple(token.resource or ()), f"oauth:{token.pk}")


def allows_resource(resources: tuple[str, ...], resource_url: str) -> bool:
    """RFC 8707: a token bound to resources serves only those; an unbound one serves this server only."""
    if not resources:
        return True
    return any(resource.rstrip("/") == resource_url.rstrip("/") for resource in resources)


# --- Connected apps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectedApp:
    id: int
    name: str
    client_id: str
    scopes: list[str]
    connected_at: datetime
    last_used_at: datetime | None
    logo_uri: str


def connected_apps(user) -> list[ConnectedApp]:
    """The apps this person authorized that still hold a live token for them, most recently used first."""
    now = timezone.now()
    access = get_access_token_model().objects.filter(user=user, application__isnull=False)
    refresh = get_refresh_token_model().objects.filter(user=user, revoked__isnull=True, application__isnull=False)
    live_apps = set(access.filter(expires__gt=now).values_list("application_id", flat=True))
    live_apps |= set(refresh.values_list("application_id", flat=True))
    usage = {
        row["application_id"]: row
        for row in access.filter(application_id__in=live_apps)
        .values("application_id")
        .annotate(first=Min("created"), last=Max("updated"))
    }
    scopes: dict[int, set[str]] = {}
    for application_id, scope in access.filter(application_id__in=live_apps).values_list("application_id", "scope"):
        scopes.setdefault(application_id, set()).update(scope.split())
    applications = get_application_model().objects.filter(pk__in=live_apps)
    logos = dict(
        OAuthClientProfile.objects.filter(client_id__in=[app.client_id for app in applications]).values_list(
            "client_id", "logo_uri"
        )
    )
    apps = [
        ConnectedApp(
            id=app.pk,
            name=app.name or app.client_id,
            client_id=app.client_id,
            scopes=sorted(scopes.get(app.pk, set()) & TASK_SCOPES),
            connected_at=usage.get(app.pk, {}).get("first") or app.created,
            last_used_at=usage.get(app.pk, {}).get("last"),
            logo_uri=logos.get(app.client_id, ""),
        )
        for app in applications
    ]
    return sorted(apps, key=lambda app: app.last_used_at or app.connected_at, reverse=True)


def disconnect_app(user, app_id: object) -> ConnectedApp:
    """End every token and pending code this person gave the app: its next call gets 401."""
    match = next((app for app in connected_apps(user) if str(app.id) == str(app_id)), None)
    if match is None:
        raise ConnectedAppNotFound(app_id)
    with transaction.atomic():
        get_refresh_token_model().objects.filter(user=user, application_id=match.id).delete()
        get_access_token_model().objects.filter(user=user, application_id=match.id).delete()
        get_grant_model().objects.filter(user=user, application_id=match.id).delete()
    return match


def scope_descriptions(scopes: list[str]) -> list[dict[str, Any]]:
    return [{"scope": scope, "description": settings.OAUTH_SCOPES.get(scope, scope)} for scope in scopes]
