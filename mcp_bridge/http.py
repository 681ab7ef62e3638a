"""The streamable HTTP face of the MCP server: bearer tokens in, 401/429 out, no sessions.

Every request must carry ``Authorization: Bearer <token>`` (a simplejwt access
token or a personal access token); the SDK answers 401 when ``verify_token``
returns None. Failed attempts are counted per client IP in Django's cache and
an IP over the limit gets 429 before its token is even hashed, so guessing
secrets is slow. Stateless: any process can answer any request.
"""

import json
from typing import Final

from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.db import close_old_connections
from mcp.server.auth.provider import AccessToken
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .server import build_server
from .tokens import TokenIdentity, authenticate_token

MAX_FAILED_ATTEMPTS: Final = 20
FAILURE_WINDOW_SECONDS: Final = 300


def _authenticate(raw: str) -> TokenIdentity | None:
    close_old_connections()
    return authenticate_token(raw)


class DjangoTokenVerifier:
    """Satisfies the SDK's TokenVerifier: a verified token names its user by primary key.

    The token's label travels as the SDK's ``client_id``, so tools record
    their changes under it (``identity.acting``).
    """

    async def verify_token(self, token: str) -> AccessToken | None:
        identity = await sync_to_async(_authenticate)(token)
        if identity is None:
            return None
        return AccessToken(token=token, client_id=identity.label, scopes=[], subject=str(identity.user.pk))


class FailedAuthenticationLimit:
    """ASGI middleware: after too many 401s from one IP, answer 429 until the window passes."""

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
        client_ip = (scope.get("client") or ("unknown", 0))[0]
        key = f"mcp-auth-failures:{client_ip}"
        if await cache.aget(key, 0) >= self.max_failures:
            await self._too_many(send)
            return

        async def count_failures(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                await cache.aadd(key, 0, timeout=self.window_seconds)
                try:
                    await cache.aincr(key)
                except ValueError:  # expired between add and incr
                    await cache.aset(key, 1, timeout=self.window_seconds)
            await send(message)

        await self.app(scope, receive, count_failures)

    async def _too_many(self, send: Send) -> None:
        body = json.dumps(
            {
                "error": "too_many_requests",
                "error_description": "Too many failed authentication attempts; try again later.",
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(self.window_seconds).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})


def build_http_app(*, host: str = "127.0.0.1", port: int = 8001) -> ASGIApp:
    """The ASGI app ``runmcp --transport http`` serves at /mcp: stateless, JSON responses, bearer auth."""
    server = build_server(token_verifier=DjangoTokenVerifier(), server_url=f"http://{host}:{port}/mcp")
    app = server.streamable_http_app(stateless_http=True, json_response=True, host=host)
    return FailedAuthenticationLimit(app)
