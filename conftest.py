"""Fixtures shared by every app's tests: users, their API clients, their tasks."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from tasks.activity import Actor
from tasks.models import Channel


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at full strength costs ~0.3 s a user; tests need the behaviour, not the cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _close_connection_pools(django_db_setup, django_db_blocker):
    """PostgreSQL runs with a connection pool; its idle connections would keep the test database from being dropped."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if getattr(connection, "pool", None) is not None:
                connection.close_pool()


DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server"})
"""What a test asks for to reach the database (every test asks for ``django_db_setup``, through
``_close_connection_pools``, so it says nothing: pytest-django sets up only the databases that tests use)."""


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """Throttle counters live in the shared cache (a database table by default): each test that can reach
    the database starts with none, whatever ran before it."""
    if not (DATABASE_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")):
        yield
        return
    from django.core.cache import cache

    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def make_user(db):
    def make(username: str = "alice", password: str = "correct-horse-battery-9"):
        return get_user_model().objects.create_user(username=username, password=password)

    return make


@pytest.fixture
def user(make_user):
    return make_user("alice")


@pytest.fixture
def other_user(make_user):
    return make_user("bob")


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


@pytest.fixture
def api(user) -> APIClient:
    """An API client authenticated as ``user`` with a real JWT."""
    return client_for(user)


@pytest.fixture
def other_api(other_user) -> APIClient:
    return client_for(other_user)


SETUP_ACTOR = Actor(Channel.ADMIN, "test setup")
"""Who the fixtures act as: tests about the activity log tell their own changes from the setup's."""


@pytest.fixture
def make_task():
    from tasks import services

    def make(owner, title: str = "Buy milk", **fields):
        return services.add_task(owner, actor=SETUP_ACTOR, title=title, **fields)

    return make


@pytest.fixture
def db_worker():
    """A real ``manage.py db_worker`` process (the background jobs' worker) on the test database, stopped after."""
    import os
    import subprocess
    import sys

    from mcp_bridge.tests.processes import database_url

    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"],
        env={**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    process.terminate()
    process.wait(timeout=10)
