"""Who a tool call acts for: the one question every MCP tool asks first.

Tools never take a user id. The user comes from how the call arrived:

- in process (the chat agent, via ``toolbox.call_tool``): the user passed in,
  held in a context variable for the duration of the call;
- streamable HTTP: the bearer token the SDK verified for this request
  (``get_access_token()``), whose subject is the user's primary key;
- stdio: the one user the ``runmcp`` process was started for.

The first that applies wins, in that order, so an in-process call can never
borrow a process-wide identity by accident.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import close_old_connections
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ToolError

_in_process_user: ContextVar[AbstractBaseUser | None] = ContextVar("mcp_in_process_user", default=None)
_process_user: AbstractBaseUser | None = None


def serve_as(user: AbstractBaseUser | None) -> None:
    """Fix the user a stdio (or in-memory) server acts for; None to forget it."""
    global _process_user
    _process_user = user


@contextmanager
def in_process_user(user: AbstractBaseUser) -> Iterator[None]:
    """Run tool code as ``user`` in the calling thread (the chat agent's path)."""
    reset_token = _in_process_user.set(user)
    try:
        yield
    finally:
        _in_process_user.reset(reset_token)


def _user_from_access_token(subject: str | None) -> AbstractBaseUser:
    """The active user a verified token names; re-checked per call so deactivation bites at once."""
    user = get_user_model().objects.filter(pk=subject, is_active=True).first() if subject else None
    if user is None:
        raise ToolError("Not authenticated")
    return user


@contextmanager
def acting_user() -> Iterator[AbstractBaseUser]:
    """Yield the user this tool call acts for, with connection hygiene for served calls.

    Served tools run on SDK worker threads that keep their own Django
    connection and fire no request signals, so stale connections are closed
    before and after the work, as Django does around a request. In-process
    calls run inside the caller's connection (maybe inside its transaction)
    and must not touch it.
    """
    user = _in_process_user.get()
    if user is not None:
        yield user
        return
    close_old_connections()
    try:
        access_token = get_access_token()
        if access_token is not None:
            yield _user_from_access_token(access_token.subject)
        elif _process_user is not None:
            yield _process_user
        else:
            raise ToolError("Not authenticated")
    finally:
        close_old_connections()
