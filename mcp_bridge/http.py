"""The streamable HTTP face of the MCP server: bearer tokens in, 401/403/429 out, no sessions.

The same app serves ``/mcp`` in the main ASGI application and ``runmcp
--transport http``. Every request must carry ``Authorization: Bearer <token>``
(a personal access token, a simplejwt access token or an OAuth access token
this server issued); the SDK's bearer backend verifies it through
``DjangoTokenVerifier``. In front of the endpoint, ``McpAccessGate`` adds what
the SDK cannot know:

- a 401 carries ``WWW-Authenticate: Bearer resource_metadata="…"`` pointing at
  this request's own origin (or ``TODO_PUBLIC_URL``), so clients find the
  authorization server (RFC 9728);
- an OAuth token issued for another resource is refused (RFC 8707);
- a tool that changes tasks needs the ``tasks:write`` scope: a read-only grant
  gets 403 with ``error="insufficient_scope"``.

Failed attempts are counted per token and per client address in the shared
cache (``FailedAuthenticationLimit``): past the limit a failure is a 429, and a
valid token is still served.
Stateless: any process can answer any request.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any, Final

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser, RequireAuthMiddleware
from mcp.server.auth.provider import AccessToken
from mcp.server.transport_security import DEFAULT_MAX_REQUEST_BODY_SIZE, TransportSecuritySettings
from mcp_types import JSONRPCError, JSONRPCMessage, JSONRPCRequest
from pydantic import PrivateAttr
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_project.cache import limits_cache
from todo_project.errors import DATABASE_UNREACHABLE, STORE_UNAVAILABLE
from todo_project.request_log import RequestLogASGI
from todo_project.throttles import rate_of, seconds_to_wait

from .identity import WRITE
from .messages import read_message
from .oauth import allows_resource
from .server import build_server
from .tokens import authenticate_token
from .tools import TOOLS

MAX_FAILED_ATTEMPTS: Final = 20
FAILURE_WINDOW_SECONDS: Final = 300
MCP_PATH: Final = "/mcp"
WRITE_TOOLS: Final = frozenset(
    name for name, tool in TOOLS.items() if not (tool.annotations and tool.annotations.read_only_hint)
)


class VerifiedToken(AccessToken):
    """The SDK's access token, plus the resources (RFC 8707) it was issued for and its limit key."""

    resources: tuple[str, ...] = ()
    limit_key: str = ""
    unavailable: bool = False
    """The token could not be checked: the database is down. The gate answers 503, not 401."""
    _user: Any = PrivateAttr(default=None)

    @property
    def user(self) -> Any:
        """The active user the token named when this request verified it (None if it was not kept)."""
        return self._user

    @user.setter
    def user(self, value: Any) -> None:
        self._user = value


async def off_the_loop[**P, R](function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run blocking Django code (a query, a cache call) on the shared thread pool, outside the request cycle.

    Not on asgiref's one thread for thread-sensitive code (``sync_to_async``'s
    default, and that of Django's async cache methods): while the database was
    down each call there waited for a connection, and ten requests at once
    queued behind each other (3, 6, ... 30 s). Like the request cycle, the call
    starts and ends by closing connections (with the pool: returning them).
    """

    def closing() -> R:
        close_old_connections()
        try:
            return function(*args, **kwargs)
        finally:
            close_old_connections()

    return await sync_to_async(closing, thread_sensitive=False)()


class DjangoTokenVerifier:
    """Satisfies the SDK's TokenVerifier: a verified token names its user by primary key.

    The token's label travels as the SDK's ``client_id``, so tools record
    their changes under it (``identity.acting``), and its scopes as the SDK's.
    """

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            identity = await off_the_loop(authenticate_token, token)
        except DATABASE_UNREACHABLE:
            # Not "invalid": a 401 would send a client off to sign in again for nothing.
            return VerifiedToken(token=token, client_id="", scopes=[], unavailable=True)
        if identity is None:
            return None
        verified = VerifiedToken(
            token=token,
            client_id=identity.label,
            scopes=sorted(identity.scopes),
            subject=str(identity.user.pk),
            resources=identity.resources,
            limit_key=identity.limit_key,
        )
        verified.user = identity.user  # checked active just now: the tools of this request need not ask again
        return verified


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: Iterable[tuple[bytes, bytes]] = ()):
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _header(scope: Scope, name: bytes) -> str:
    return next((value.decode("latin-1") for key, value in scope["headers"] if key == name), "")


def origin_of(scope: Scope, public_url: str | None) -> str:
    """Where this request was sent: TODO_PUBLIC_URL when set (behind a proxy), else its own scheme and host."""
    if public_url:
        return public_url.rstrip("/")
    host = _header(scope, b"host") or "{}:{}".format(*(scope.get("server") or ("localhost", 80)))
    return f"{scope.get('scheme', 'http')}://{host}"


def _called_tool(message: JSONRPCMessage) -> str | None:
    """The tool a request calls, if it is a tool call."""
    if isinstance(message, JSONRPCRequest) and message.method == "tools/call" and isinstance(message.params, dict):
        return str(message.params.get("name"))
    return None


UNAVAILABLE_CODE: Final = -32000
"""JSON-RPC's first implementation-defined server error: the request may succeed if retried."""


async def _unavailable(send: Send, request_id: Any = None) -> None:
    """503, Retry-After, and a JSON-RPC error an MCP client can show (``id`` null before the body is read)."""
    error = {"code": UNAVAILABLE_CODE, "message": STORE_UNAVAILABLE, "data": {"retry_after": 5}}
    await _send_json(send, 503, {"jsonrpc": "2.0", "id": request_id, "error": error}, [(b"retry-after", b"5")])


async def _too_many(send: Send, wait: int, description: str) -> None:
    body = {"error": "too_many_requests", "error_description": f"{description} Try again in {wait} s."}
    await _send_json(send, 429, body, [(b"retry-after", str(wait).encode())])


class McpAccessGate:
    """ASGI wrapper of the MCP endpoint: a token for this resource, and the scope each tool needs."""

    def __init__(self, app: ASGIApp, *, public_url: str | None = None, max_body: int = DEFAULT_MAX_REQUEST_BODY_SIZE):
        self.app = app
        self.public_url = public_url
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = origin_of(scope, self.public_url)
        path = scope.get("root_path", "") + scope["path"]
        resource = origin + path.rstrip("/")
        metadata = f"{origin}/.well-known/oauth-protected-resource{path.rstrip('/')}"
        user = scope.get("user")
        if not isinstance(user, AuthenticatedUser):
            presented = _header(scope, b"authorization").lower().startswith("bearer ")
            await self._challenge(
                send, 401, metadata, "invalid_token" if presented else None, "Authentication required"
            )
            return
        token = user.access_token
        if isinstance(token, VerifiedToken) and token.unavailable:
            body, _ = await self._read_body(receive)
            message = read_message(body or b"")
            await _unavailable(send, getattr(message, "id", None))  # the request's id, when it has one
            return
        if isinstance(token, VerifiedToken) and not allows_resource(token.resources, resource):
            await self._challenge(send, 401, metadata, "invalid_token", f"The token was not issued for {resource}")
            return
        if scope["method"] == "GET":
            # A stateless server has no stream to offer: the transport's answer for that is 405, where the
            # SDK opened an event stream that never sent or closed (a connection held for nothing).
            await _send_json(
                send,
                405,
                {"error": "method_not_allowed", "error_description": "This server is stateless: POST each message."},
                [(b"allow", b"POST")],
            )
            return
        if scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body, replay = await self._read_body(receive)
        if body is None:
            await _send_json(send, 413, {"error": "request_too_large", "error_description": "Request body too large"})
            return
        message = read_message(body)
        if isinstance(message, JSONRPCError):
            await _send_json(send, 400, message.model_dump(mode="json", exclude_unset=True))
            return
        tool = _called_tool(message)
        if WRITE not in token.scopes and tool in WRITE_TOOLS:
            await self._challenge(
                send, 403, metadata, "insufficient_scope", "Changing tasks needs the tasks:write scope", WRITE
            )
            return
        if tool is not None and isinstance(token, VerifiedToken) and token.limit_key:
            try:
                wait = await off_the_loop(seconds_to_wait, "mcp_calls", token.limit_key)
            except DATABASE_UNREACHABLE:
                await _unavailable(send, getattr(message, "id", None))
                return
            if wait is not None:
                await _too_many(send, wait, f"Too many tool calls ({rate_of('mcp_calls')} per token).")
                return
        await self.app(scope, replay, send)

    async def _read_body(self, receive: Receive) -> tuple[bytes | None, Receive]:
        """The whole body (None past the limit), and a receive that hands it on to the transport."""
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None, receive
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return body, replay

    @staticmethod
    async def _challenge(
        send: Send, status: int, metadata: str, error: str | None, description: str, scope: str | None = None
    ) -> None:
        parts = [f'error="{error}"', f'error_description="{description}"'] if error else []
        if scope:
            parts.append(f'scope="{scope}"')
        parts.append(f'resource_metadata="{metadata}"')
        body = {"error": error or "unauthorized", "error_description": description}
        await _send_json(send, status, body, [(b"www-authenticate", f"Bearer {', '.join(parts)}".encode())])


class FailedAuthenticationLimit:
    """ASGI middleware: failed tokens are counted per token and per client address; past the limit, 429.

    Each 401 counts once for the presented token and once for the address;
    past ``max_failures`` of either in the window, the failure is answered 429
    instead. Only failures are counted, after the token was checked, so a valid
    token is always served (and costs no cache access here): one user's mistakes,
    or someone's guesses, never lock another user behind the same address out.
    The address is the connection's, or a trusted proxy's ``X-Forwarded-For``
    (``todo_project/proxies.py``).
    """

    def __init__(
        self, app: ASGIApp, *, max_failures: int = MAX_FAILED_ATTEMPTS, window_seconds: int = FAILURE_WINDOW_SECONDS
    ):
        self.app = app
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address_key = "mcp-auth-failures:address:{}".format((scope.get("client") or ("unknown", 0))[0])
        refused = False

        async def limit_failures(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 401:
                presented = _header(scope, b"authorization")
                token_key = "mcp-auth-failures:token:" + hashlib.sha256(presented.encode()).hexdigest()[:32]
                counts = [await self._count(address_key), await self._count(token_key) if presented else 0]
                refused = max(counts) > self.max_failures
                if refused:
                    await _too_many(send, self.window_seconds, "Too many failed authentication attempts.")
                    return
            if not refused:  # the refused 401's body is dropped with it
                await send(message)

        await self.app(scope, receive, limit_failures)

    async def _count(self, key: str) -> int:
        """One more failure for ``key``; the count so far (0 when the cache cannot be reached)."""
        try:
            return await off_the_loop(self._counted, key)
        except DATABASE_UNREACHABLE:
            return 0  # the cache table is down with the database; the next failure is counted

    def _counted(self, key: str) -> int:
        cache = limits_cache()
        cache.add(key, 0, timeout=self.window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window_seconds)
            return 1


def _transport_security(host: str) -> TransportSecuritySettings:
    """Host and Origin checks against DNS rebinding, for the hosts Django itself serves."""
    hosts = {host, *settings.ALLOWED_HOSTS}
    if "*" in hosts:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    allowed_hosts = [pattern for name in hosts for pattern in (name, f"{name}:*")]
    loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
    origins = [*loopback, *(f"{origin}:*" for origin in loopback)]
    if settings.TODO_PUBLIC_URL:
        origins.append(settings.TODO_PUBLIC_URL)
    origins += settings.TODO_MCP_ALLOWED_ORIGINS
    return TransportSecuritySettings(allowed_hosts=allowed_hosts, allowed_origins=origins)


def _browsers_allowed(app: ASGIApp) -> ASGIApp:
    """CORS for browser-based clients, with the values django-cors-headers uses for the OAuth endpoints
    (settings: CORS_*). Outermost, so a preflight is answered without a token and a 401 or 429 is readable."""
    return CORSMiddleware(
        app,
        allow_origins=settings.CORS_ALLOWED_ORIGINS,
        allow_origin_regex="|".join(settings.CORS_ALLOWED_ORIGIN_REGEXES),
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=list(settings.CORS_ALLOW_HEADERS),
        expose_headers=settings.CORS_EXPOSE_HEADERS,
        max_age=settings.CORS_PREFLIGHT_MAX_AGE,
    )


def build_http_app(*, host: str = "127.0.0.1", port: int = 8001, public_url: str | None = None) -> ASGIApp:
    """The ASGI app that serves ``/mcp``: stateless, JSON responses, bearer auth, gated per tool.

    ``public_url`` (default ``TODO_PUBLIC_URL``) is this server's public
    origin; without one, each request's own origin is used. It is served
    beside Django (``todo_project/application.py``), which answers the
    protected-resource and authorization-server documents for the request's
    own origin, so the SDK's copies of them are never reached; they are given
    this process's own address all the same.
    """
    public_url = public_url or settings.TODO_PUBLIC_URL or None
    issuer = public_url or f"http://{host}:{port}"
    server = build_server(
        token_verifier=DjangoTokenVerifier(),
        server_url=f"{public_url or f'http://{host}:{port}'}{MCP_PATH}",
        issuer_url=issuer,
    )
    app = server.streamable_http_app(
        stateless_http=True, json_response=True, host=host, transport_security=_transport_security(host)
    )
    for route in app.routes:
        # The SDK wraps the endpoint in RequireAuthMiddleware; the gate takes its place (and does more).
        if isinstance(route, Route) and route.path == MCP_PATH and isinstance(route.app, RequireAuthMiddleware):
            route.app = McpAccessGate(route.app.app, public_url=public_url)
            break
    else:
        raise RuntimeError("The MCP SDK's /mcp route was not found: the gate would not be in front of it.")
    return RequestLogASGI(_browsers_allowed(FailedAuthenticationLimit(app)))
