"""Personal access tokens over REST: create (secret once), list and revoke your own, nobody else's."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from mcp_bridge.models import McpToken
from mcp_bridge.tokens import JWT_LABEL, TOKEN_PREFIX, TokenIdentity, authenticate_token, create_mcp_token

URL = "/api/auth/mcp-tokens/"


def test_create_returns_the_secret_once_and_stores_only_its_digest(api, user):
    response = api.post(URL, {"name": "Claude Desktop"})

    assert response.status_code == 201
    secret = response.json()["token"]
    assert secret.startswith(TOKEN_PREFIX) and len(secret) > 40
    stored = McpToken.objects.get(pk=response.json()["id"])
    assert (stored.user, stored.name) == (user, "Claude Desktop")
    assert secret not in {stored.digest, stored.prefix} and secret.startswith(stored.prefix)
    listed = api.get(URL).json()
    assert [token["name"] for token in listed] == ["Claude Desktop"]
    assert "token" not in listed[0] and secret not in str(listed)
    token_id = response.json()["id"]
    assert authenticate_token(secret) == TokenIdentity(user, "Claude Desktop", limit_key=f"pat:{token_id}")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": 7}, "name"),
        ({"name": "ci", "expires_at": "yesterday"}, "expires_at"),
        ({"name": "ci", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_create_rejects_bad_input_by_field_and_writes_nothing(api, body, field):
    response = api.post(URL, body)

    assert response.status_code == 400
    assert field in response.json()
    assert not McpToken.objects.exists()


def test_tokens_need_authentication(client):
    assert client.get(URL).status_code == 401
    assert client.post(URL, {"name": "x"}, content_type="application/json").status_code == 401


def test_users_see_and_revoke_only_their_own_tokens(api, other_api, user, other_user):
    mine = create_mcp_token(user, name="mine")
    theirs = create_mcp_token(other_user, name="theirs")

    assert [token["name"] for token in api.get(URL).json()] == ["mine"]
    assert api.delete(f"{URL}{theirs.token.pk}/").status_code == 404
    assert authenticate_token(theirs.secret).user == other_user

    assert api.delete(f"{URL}{mine.token.pk}/").status_code == 204
    assert api.delete(f"{URL}{mine.token.pk}/").status_code == 404
    assert api.get(URL).json() == []
    assert authenticate_token(mine.secret) is None


def test_expired_tokens_stop_working_and_leave_the_list(api, user):
    issued = create_mcp_token(user, name="short", expires_at=timezone.now() + timedelta(hours=1))
    assert authenticate_token(issued.secret).user == user

    McpToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert authenticate_token(issued.secret) is None
    assert api.get(URL).json() == []


def test_last_use_is_recorded_but_not_on_every_call(db, user, django_assert_num_queries):
    issued = create_mcp_token(user, name="agent")

    with django_assert_num_queries(2):  # look-up, then the first last_used_at write
        authenticate_token(issued.secret)
    with django_assert_num_queries(1):  # within the throttle window: look-up only
        authenticate_token(issued.secret)
    assert McpToken.objects.get(pk=issued.token.pk).last_used_at is not None


def test_inactive_users_tokens_are_refused(db, user):
    issued = create_mcp_token(user, name="agent")
    user.is_active = False
    user.save()

    assert authenticate_token(issued.secret) is None


@pytest.mark.parametrize("raw", ["", "nonsense", f"{TOKEN_PREFIX}forged", "a.b.c"])
def test_forged_tokens_are_refused(db, raw):
    assert authenticate_token(raw) is None


def test_access_tokens_are_accepted_but_refresh_and_expired_ones_are_not(db, user):
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=1))

    jwt = authenticate_token(str(AccessToken.for_user(user)))
    assert jwt == TokenIdentity(user, JWT_LABEL, limit_key=f"user:{user.pk}")
    assert authenticate_token(str(RefreshToken.for_user(user))) is None
    assert authenticate_token(str(expired)) is None


def test_staff_issue_a_token_in_the_admin_and_see_the_secret_once(db, client, user, make_user):
    staff = make_user("root")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    response = client.post(
        "/admin/mcp_bridge/mcptoken/add/",
        {"user": user.pk, "name": "From admin", "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )

    token = McpToken.objects.get()
    shown = [str(message) for message in response.context["messages"]]
    secret = next(word for message in shown for word in message.split() if word.startswith(TOKEN_PREFIX))
    assert authenticate_token(secret).user == user
    assert token.name == "From admin"
    assert secret not in client.get(f"/admin/mcp_bridge/mcptoken/{token.pk}/change/").content.decode()
