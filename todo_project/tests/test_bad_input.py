"""Input that used to reach a 500 (issue 19, "500s"): each is now a clear 4xx or tool error that names the
field, and writes nothing."""

import pytest

from conversations.models import Message
from tasks.models import Task

NESTED = "[" * 10_000 + "]" * 10_000
"""A 20 KB body of brackets: deeper than Python's JSON decoder can recurse on a request's thread."""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/auth/token/", "/api/auth/register/", "/api/auth/token/refresh/"])
def test_a_deeply_nested_body_is_a_400_before_sign_in(client, path):
    response = client.post(path, NESTED, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/tasks/", "/api/chat/", "/api/auth/mcp-tokens/"])
def test_a_deeply_nested_body_is_a_400_for_a_signed_in_client(api, path):
    response = api.post(path, NESTED, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert not Task.objects.exists() and not Message.objects.exists()


def test_a_null_character_in_a_chat_message_is_a_field_error(api):
    response = api.post("/api/chat/", {"message": "add milk\x00"})
    assert response.status_code == 400
    assert response.json() == {"message": ["Null characters are not allowed."]}
    assert not Message.objects.exists()


def test_a_deleted_accounts_refresh_token_is_a_401(client, make_user):
    gone = make_user("gone")
    tokens = client.post("/api/auth/token/", {"username": "gone", "password": "correct-horse-battery-9"}).json()
    gone.delete()

    response = client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}, content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "user_not_found"
