"""One JSON line per request on stderr: what an operator greps, graphs and follows across services.

Each line carries the method, the path, the status, the duration in
milliseconds, the client's address (as the server took it from a trusted
proxy, ``todo_project/proxies.py``), the user id (when the request was
authenticated) and a request id: the caller's ``X-Request-ID`` when it sent a sensible one, else a new one,
returned in the response's ``X-Request-ID`` either way. Django requests are
logged by ``RequestLogMiddleware``, ``/mcp`` by ``RequestLogASGI`` (it is not a
Django view), each MCP tool call once more by the server (``mcp_bridge.server``)
with the same request id.

Nothing secret is logged: no header, no query string, no body; a path segment
that is a secret (the token in a password-reset link) is masked.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Final

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER: Final = "X-Request-ID"
_ACCEPTED_ID: Final = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
SECRET_URL_ARGUMENTS: Final = frozenset({"token", "uidb64"})
"""URL arguments whose values never reach a log line (Django's password-reset link carries both; once
it has moved the token into the session it redirects to the same route with "set-password" for a token)."""
MASK: Final = "***"

logger = logging.getLogger("todo.requests")
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the request being served, for the lines logged while serving it (MCP tool calls)."""


def accepted_request_id(offered: str | None) -> str:
    """The caller's id when it is short and plain (it is echoed and logged), else a fresh one."""
    if offered and _ACCEPTED_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def log_request(
    *, method: str, path: str, status: int, started: float, client: str | None, user_id: Any, rid: str
) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    duration_ms = round((time.perf_counter() - started) * 1000, 2)
    logger.info(
        "request",
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "client": client,
            "user_id": user_id,
            "request_id": rid,
        },
    )


def _logged_path(request: HttpRequest) -> str:
    match = request.resolver_match
    path = request.path
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and value and value != PasswordResetConfirmView.reset_url_token:
                path = path.replace(str(value), MASK)
    return path


def _user_id(request: HttpRequest) -> int | None:
    """The authenticated user's id, without loading a user nobody asked for (no query on an anonymous request)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Django middleware, first in the list: it sees every response, even a 404 or a 503 page.

    Sync and async alike, so under ASGI it costs no switch between the event
    loop and a thread (the static-file middleware below it is async).
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.async_mode:
            return self._acall(request)
        started, rid = time.perf_counter(), accepted_request_id(request.headers.get(HEADER))
        reset = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(reset)
        return _answered(request, response, started, rid)

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        started, rid = time.perf_counter(), accepted_request_id(request.headers.get(HEADER))
        reset = request_id.set(rid)
        try:
            response = await self.get_response(request)
        finally:
            request_id.reset(reset)
        return _answered(request, response, started, rid)


def _answered(request: HttpRequest, response: HttpResponse, started: float, rid: str) -> HttpResponse:
    response[HEADER] = rid
    log_request(
        method=request.method or "",
        path=_logged_path(request),
        status=response.status_code,
        started=started,
        client=request.META.get("REMOTE_ADDR"),
        user_id=_user_id(request),
        rid=rid,
    )
    return response


class RequestLogASGI:
    """The same line for the MCP app (Starlette); the user is the subject of the verified bearer token."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        offered = next((value for key, value in scope["headers"] if key == b"x-request-id"), b"")
        rid = accepted_request_id(offered.decode("latin-1"))
        status = 500  # if the app fails before answering, the server answers 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
            await send(message)

        reset = request_id.set(rid)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(reset)
            token = getattr(scope.get("user"), "access_token", None)
            log_request(
                method=scope["method"],
                path=scope["path"],
                status=status,
                started=started,
                client=(scope.get("client") or (None,))[0],
                user_id=_int_or_none(getattr(token, "subject", None)),
                rid=rid,
            )


def _int_or_none(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else value
