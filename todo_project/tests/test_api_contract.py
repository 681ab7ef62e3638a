"""The OpenAPI document is the contract: schemathesis generates requests from it and checks every answer.

Every check runs (status codes and bodies as documented, invalid input refused,
valid input accepted, no 5xx, authentication not ignored, 405 for undocumented
methods...), from a fixed seed and a bounded number of examples per operation,
in process against the test database.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken

from todo_project.wsgi import application

# Fetched from the app as a client would (the schema view needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


# Rules no JSON Schema can state; a schema-valid request may break them, and must then be refused with
# a 400 naming the field, with a message that starts as here. Anything else refused must be in the schema.
_WHEN_RULES = {
    "repeat": {"Not a repeat rule: ", "This rule has no day from today on."},
    "due_time": {"A due time needs a due date.", "Give the time once"},
    "due_date": {"A repeating task needs a due date"},
    "list_id": {"There is no list"},
    "labels": {"A label name", "At most"},
    "steps": {"Step "},
}
_NAME_RULES = {"name": {"A list's name", "“Inbox” is", "You already have", "A label name"}}
BEYOND_THE_SCHEMA = {
    ("POST", "/api/auth/mcp-tokens/"): {"expires_at": {"Must be in the future."}},
    ("POST", "/api/auth/register/"): {
        "password": {"This password is too common.", "The password is too similar to the username."}
    },
    ("POST", "/api/tasks/"): _WHEN_RULES,
    ("PUT", "/api/tasks/{id}/"): _WHEN_RULES,
    ("PATCH", "/api/tasks/{id}/"): _WHEN_RULES,
    ("POST", "/api/tasks/{id}/skip/"): {"task_id": {"Task "}},
    ("POST", "/api/tasks/{id}/move/"): {"after": {"Give one of", "Task "}, "before": {"Task "}},
    ("GET", "/api/tasks/"): {"list": {"There is no list"}, "labels": {"A label name"}},
    ("POST", "/api/imports/"): {
        "file": {"Line ", "Byte ", "The file", "Task ", "The submitted file is empty.", "No file was submitted."}
    },
    ("POST", "/api/lists/"): _NAME_RULES,
    ("PATCH", "/api/lists/{id}/"): _NAME_RULES,
    ("POST", "/api/labels/"): _NAME_RULES,
    ("PATCH", "/api/labels/{id}/"): {"name": {*_NAME_RULES["name"], "This field is required."}},
}


def _refused_for_a_rule_beyond_the_schema(case, response) -> bool:
    rules = BEYOND_THE_SCHEMA.get((case.method, case.operation.path))
    if rules is None or response.status_code != 400 or (case.meta and case.meta.generation.mode.is_negative):
        return False
    errors = response.json()
    return bool(errors) and all(
        field in rules and all(message.startswith(tuple(rules[field])) for message in found)
        for field, found in errors.items()
    )


SIGNED_IN_PLACEHOLDER = "Bearer <the signed-in user's access token>"


@schema.auth(refresh_interval=None)
class Bearer:
    """Marks each case to be sent signed in, except those testing that signing in is required.

    Some cases are built when tests are collected, before any user exists: the
    test puts the real token in place of the mark.
    """

    def get(self, case, context) -> str:
        return SIGNED_IN_PLACEHOLDER

    def set(self, case, placeholder, context) -> None:
        case.headers = {**(case.headers or {}), "Authorization": placeholder}


@pytest.fixture
def signed_in(db, django_user_model):
    """A signed-in user; requests run in process on the test's transaction.

    Like Django's test client, a finished request must not close the database
    connection: it holds the test's transaction.
    """
    user = django_user_model.objects.create_user(username="contract", password="a long passphrase 42")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield f"Bearer {RefreshToken.for_user(user).access_token}"
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=100, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
def test_every_answer_matches_the_contract(case, signed_in):
    cache.clear()  # no example is throttled by the ones before it: each one reaches the code it tests
    if (case.headers or {}).get("Authorization") == SIGNED_IN_PLACEHOLDER:
        case.headers["Authorization"] = signed_in
    response = case.call()
    if not _refused_for_a_rule_beyond_the_schema(case, response):
        case.validate_response(response)
