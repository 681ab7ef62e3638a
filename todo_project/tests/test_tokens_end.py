"""A password change or reset ends every JWT issued before it (issue 19, "Tokens"): the access tokens, the
refresh token that would mint more, and the same tokens at MCP."""

import pytest
from django.contrib.auth import get_user_model

from mcp_bridge.tokens import authenticate_token

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def issued(client, user):
    """A JWT pair for ``user``, as /api/auth/token/ gives it."""
    return client.post("/api/auth/token/", {"username": user.username, "password": PASSWORD}).json()


def bearer(client, access: str, path: str = "/api/tasks/"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {access}")


def test_tokens_work_until_the_password_changes_and_then_none_do(client, user, issued):
    assert bearer(client, issued["access"]).status_code == 200
    assert authenticate_token(issued["access"]).user == user
    refreshed = client.post("/api/auth/token/refresh/", {"refresh": issued["refresh"]})
    assert refreshed.status_code == 200

    user.set_password("a-new-and-better-pass-42")
    user.save()

    refused = bearer(client, issued["access"])
    assert refused.status_code == 401 and refused.json()["code"] == "password_changed"
    assert bearer(client, refreshed.json()["access"]).status_code == 401
    assert client.post("/api/auth/token/refresh/", {"refresh": issued["refresh"]}).status_code == 401
    assert authenticate_token(issued["access"]) is None  # /mcp and runmcp --token


def test_a_reset_through_the_web_ends_the_old_tokens_and_a_new_sign_in_works(client, user, issued, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    get_user_model().objects.filter(pk=user.pk).update(email="alice@example.com")
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/accounts/password/reset/" in line).strip()
    form = client.get(link, follow=True)
    new_password = "another-strong-pass-77"
    client.post(form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})

    assert bearer(client, issued["access"]).status_code == 401
    assert client.post("/api/auth/token/refresh/", {"refresh": issued["refresh"]}).status_code == 401
    fresh = client.post("/api/auth/token/", {"username": user.username, "password": new_password}).json()
    assert bearer(client, fresh["access"]).status_code == 200


def test_a_refresh_token_is_spent_by_its_use_and_the_new_one_works(client, issued):
    """Rotation with simplejwt's blacklist: a stolen refresh token works once at most."""
    first = client.post("/api/auth/token/refresh/", {"refresh": issued["refresh"]})
    assert first.status_code == 200 and first.json()["refresh"] != issued["refresh"]

    replayed = client.post("/api/auth/token/refresh/", {"refresh": issued["refresh"]})
    assert replayed.status_code == 401

    second = client.post("/api/auth/token/refresh/", {"refresh": first.json()["refresh"]})
    assert second.status_code == 200 and bearer(client, second.json()["access"]).status_code == 200


def test_deleting_the_account_ends_its_refresh_token(client, user, issued):
    get_user_model().objects.filter(pk=user.pk).delete()
    assert client.post("/api/auth/token/refresh/", {"refresh": issued["refresh"]}).status_code == 401
