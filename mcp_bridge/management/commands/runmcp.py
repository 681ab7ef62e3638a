"""``manage.py runmcp``: serve the task tools to MCP clients over stdio or streamable HTTP."""

import contextlib
import gc
import io
import os
import sys
from collections.abc import Callable
from typing import Any

import anyio
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from mcp_bridge.tokens import TokenIdentity, authenticate_token


class Command(BaseCommand):
    help = (
        "Serve the task tools over MCP. stdio (default) acts for one user, given by --user or --token; "
        "--transport http serves /mcp, where every request brings its own bearer token."
    )
    # Like runserver: the checks' output must not reach stdout, the protocol channel.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--transport",
            choices=["stdio", "http"],
            default="stdio",
            help="stdio for a desktop client that starts this process; http to serve /mcp.",
        )
        parser.add_argument("--user", help="stdio: the username to act for (default: $TODO_MCP_USER).")
        parser.add_argument(
            "--token", help="stdio: a JWT access token or personal access token (default: $TODO_MCP_TOKEN)."
        )
        parser.add_argument("--host", default="127.0.0.1", help="http: the address to bind (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8001, help="http: the port to bind (default 8001).")

    def handle(
        self, *args: Any, transport: str, user: str | None, token: str | None, host: str, port: int, **options: Any
    ) -> None:
        if transport == "http":
            if user or token:
                raise CommandError("--user and --token are for stdio; over HTTP each request brings its bearer token.")
            self._serve_http(host, port)
        else:
            try:
                identity, still_valid = self._stdio_identity(user, token)
            except DatabaseError as error:
                raise CommandError(f"Cannot read users from the database: {error}".splitlines()[0]) from None
            self._serve_stdio(identity, still_valid)

    def _stdio_identity(self, username: str | None, token: str | None) -> tuple[TokenIdentity, Callable[[], bool]]:
        """The user to act for (the label the activity log records their changes under, their scopes), and
        how to check later that it still holds."""
        if username and token:
            raise CommandError("Give either --user or --token, not both.")
        if not username and not token:
            token = settings.TODO_MCP_TOKEN or None
            username = None if token else settings.TODO_MCP_USER or None
        if token:
            authenticated = authenticate_token(token)
            if authenticated is None:
                raise CommandError("The token is invalid, expired or revoked.")
            presented = token
            return authenticated, lambda: authenticate_token(presented) is not None
        if username:
            found = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
            if found is None or not found.is_active:
                raise CommandError(f"No active user named {username!r}.")
            active = get_user_model().objects.filter(pk=found.pk, is_active=True)
            return TokenIdentity(found, "runmcp --user", limit_key=f"user:{found.pk}"), active.exists
        raise CommandError("No identity: pass --user NAME or --token TOKEN (or set TODO_MCP_USER or TODO_MCP_TOKEN).")

    def _serve_stdio(self, identity: TokenIdentity, still_valid: Callable[[], bool]) -> None:
        """Serve one user over stdin/stdout until the client closes stdin.

        From here to exit, file descriptor 1 points at stderr and the protocol
        goes out on a private duplicate of the original stdout, so a stray
        print() or a library writing to stdout cannot corrupt the stream.
        """
        # Imported here: the MCP SDK takes a noticeable part of start-up, which a mistyped flag should not wait for.
        from mcp_bridge import identity as serving
        from mcp_bridge.server import build_server

        sys.stdout.flush()
        protocol_fd = os.dup(sys.stdout.fileno())
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
        serving.serve_as(
            identity.user,
            label=identity.label,
            scopes=identity.scopes,
            limit_key=identity.limit_key,
            still_valid=still_valid,
        )
        server = build_server()
        gc.freeze()  # what is loaded by now lives as long as the process: no collection walks it (todo_project/asgi.py)
        with (
            io.TextIOWrapper(os.fdopen(protocol_fd, "wb"), encoding="utf-8") as protocol_out,
            contextlib.suppress(KeyboardInterrupt),
        ):
            anyio.run(server.run_stdio_on, anyio.wrap_file(protocol_out))

    def _serve_http(self, host: str, port: int) -> None:
        import uvicorn

        from mcp_bridge.http import build_http_app
        from todo_project.application import build_application

        self.stderr.write(f"Serving MCP over streamable HTTP at http://{host}:{port}/mcp (Ctrl-C to stop)")
        # The whole app, as on the main port: the OAuth endpoints and metadata /mcp's 401 points to are
        # this process's own (or TODO_PUBLIC_URL's), whatever port it runs on.
        app = build_application(build_http_app(host=host, port=port))
        gc.freeze()
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="on",
            # X-Forwarded-For only from TODO_TRUSTED_PROXIES (todo_project/proxies.py), not uvicorn's loopback.
            forwarded_allow_ips=settings.TODO_TRUSTED_PROXIES,
        )
        uvicorn.Server(config).run()
