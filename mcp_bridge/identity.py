"""Who a tool call acts for, and as whom it is recorded: the one question every MCP tool asks first.

Tools never take a user id. The user comes from how the call arrived:

- in process (the chat agent, via ``toolbox.call_tool``): the user and actor
  passed in, held in a context variable for the duration of the call;
- streamable HTTP: the bearer token the SDK verified for this request
  (``get_access_token()``), whose subject is the user's primary key and whose
  client id is the token's label (a personal token's name, an app's name);
- stdio: the one user the ``runmcp`` process was started for, resolved once
  when it starts. Whether that identity still holds (the token not revoked or
  expired, the user still active) is checked again when a call comes more
  than ``TODO_MCP_RECHECK_SECONDS`` (default 60) after the last check, so a
  revocation reaches a running desktop client within that bound, and calls in
  between cost no query for it.

The first that applies wins, in that order, so an in-process call can never
borrow a process-wide identity by accident.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import close_old_connections
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ToolError

from tasks.activity import Actor
from tasks.models import Channel
from todo_project.errors import DATABASE_UNREACHABLE, STORE_UNAVAILABLE
from todo_project.throttles import rate_of, seconds_to_wait

READ: Final = "tasks:read"
WRITE: Final = "tasks:write"
EVERY_SCOPE: Final = frozenset({READ, WRITE})


@dataclass(frozen=True)
class Principal:
    """The user a tool call acts for, the actor its changes are recorded under, and what it may do."""

    user: AbstractBaseUser
    actor: Actor
    scopes: frozenset[str] = EVERY_SCOPE
    limit_key: str = ""
    """Served over stdio, each tool call counts against the MCP call limit under this key."""


REVOKED: Final = (
    "Not authenticated: this server's token was revoked or has expired, or its user was deactivated. "
    "Start it again with a valid token."
)

_in_process: ContextVar[Principal | None] = ContextVar("mcp_in_process_principal", default=None)
_process_principal: Principal | None = None
_process_still_valid: Callable[[], bool] | None = None
_process_checked_at = 0.0


def serve_as(
    user: AbstractBaseUser | None,
    *,
    label: str = "runmcp --user",
    scopes: frozenset[str] = EVERY_SCOPE,
    limit_key: str = "",
    still_valid: Callable[[], bool] | None = None,
) -> None:
    """Fix the user a stdio (or in-memory) server acts for, recorded as ``label``; None to forget it.

    With a ``limit_key``, each tool call counts against the MCP call limit (over HTTP, the gate counts).
    ``still_valid`` answers whether the identity still holds; it is asked at most every
    ``TODO_MCP_RECHECK_SECONDS``, and once it says no, every call is refused.
    """
    global _process_principal, _process_still_valid, _process_checked_at
    _process_principal = None if user is None else Principal(user, Actor(Channel.MCP, label), scopes, limit_key)
    _process_still_valid = still_valid
    _process_checked_at = time.monotonic()


def _process_identity_holds() -> None:
    """Refuse the call if the process's identity no longer holds; ask the database only once the interval passed."""
    global _process_still_valid, _process_checked_at
    check = _process_still_valid
    if check is None or time.monotonic() - _process_checked_at < settings.TODO_MCP_RECHECK_SECONDS:
        return
    try:
        holds = check()
    except DATABASE_UNREACHABLE as error:
        raise ToolError(STORE_UNAVAILABLE) from error
    if not holds:
        _process_still_valid = lambda: False  # noqa: E731  (no coming back: a new start with a new token)
        _process_checked_at = float("-inf")
        raise ToolError(REVOKED)
    _process_checked_at = time.monotonic()


@contextmanager
def in_process(user: AbstractBaseUser, actor: Actor) -> Iterator[None]:
    """Run tool code as ``user`` in the calling thread (the chat agent's path), recorded as ``actor``."""
    reset_token = _in_process.set(Principal(user, actor))
    try:
        yield
    finally:
        _in_process.reset(reset_token)


def caller_id() -> int | str | None:
    """The id of the user the current served call acts for, as the transport knows it (no query): for logs."""
    principal = _in_process.get() or _process_principal
    if principal is not None:
        return principal.user.pk
    access_token = get_access_token()
    subject = access_token.subject if access_token is not None else None
    return int(subject) if subject and subject.isdigit() else subject


def _user_from_access_token(subject: str | None) -> AbstractBaseUser:
    """The active user a verified token names, when the verifier did not keep it (each HTTP request checks anew)."""
    user = get_user_model().objects.filter(pk=subject, is_active=True).first() if subject else None
    if user is None:
        raise ToolError("Not authenticated")
    return user


def _allowed(principal: Principal, scope: str) -> Principal:
    if scope not in principal.scopes:
        raise ToolError(
            f"Insufficient scope: this connection was granted {', '.join(sorted(principal.scopes))}, "
            f"and this tool needs {scope}."
        )
    return principal


def _within_limit(principal: Principal) -> None:
    if not principal.limit_key:
        return
    try:
        wait = seconds_to_wait("mcp_calls", principal.limit_key)
    except DATABASE_UNREACHABLE as error:  # the default cache is a table of the database
        raise ToolError(STORE_UNAVAILABLE) from error
    if wait is not None:
        raise ToolError(f"Too many tool calls ({rate_of('mcp_calls')} per token); try again in {wait} seconds.")


@contextmanager
def acting(scope: str = READ) -> Iterator[Principal]:
    """Yield who this tool call acts for, if it was granted ``scope``, with connection hygiene for served calls.

    Served tools run on SDK worker threads that keep their own Django
    connection and fire no request signals, so stale connections are closed
    before and after the work, as Django does around a request. In-process
    calls run inside the caller's connection (maybe inside its transaction)
    and must not touch it.
    """
    principal = _in_process.get()
    if principal is not None:
        yield _allowed(principal, scope)
        return
    close_old_connections()
    try:
        access_token = get_access_token()
        if access_token is not None:
            # The user the HTTP gate verified the token for, in this very request; else read it.
            user = getattr(access_token, "user", None)
            if user is None:
                try:
                    user = _user_from_access_token(access_token.subject)
                except DATABASE_UNREACHABLE as error:
                    raise ToolError(STORE_UNAVAILABLE) from error
            granted = frozenset(access_token.scopes)
            yield _allowed(Principal(user, Actor(Channel.MCP, access_token.client_id), granted), scope)
        elif _process_principal is not None:
            _process_identity_holds()
            _within_limit(_process_principal)
            yield _allowed(_process_principal, scope)
        else:
            raise ToolError("Not authenticated")
    finally:
        close_old_connections()
