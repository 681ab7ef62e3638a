"""Fixtures for the MCP bridge: an in-memory server acting for a user."""

import pytest
from django.db import connection

from mcp_bridge import identity
from mcp_bridge.server import build_server

from .clients import connected


@pytest.fixture
def short_lived_connections():
    """Served tools run on SDK worker threads, each with its own connection; close them after each call.

    Otherwise idle worker-thread connections outlive the test and block
    PostgreSQL from dropping the test database at the end of the session.
    """
    previous = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    yield
    connection.settings_dict["CONN_MAX_AGE"] = previous


@pytest.fixture
def serve_as():
    """Point the in-memory server at a user (as `runmcp --user` does), and forget it afterwards."""
    yield identity.serve_as
    identity.serve_as(None)


@pytest.fixture
def mcp(transactional_db, short_lived_connections, user, serve_as):
    """A client connected in memory to the real server, acting for ``user``.

    Tools run on worker threads with their own connections, so test data must
    be committed: hence ``transactional_db``.
    """
    serve_as(user)
    with connected(build_server()) as client:
        yield client
