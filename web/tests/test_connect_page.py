"""Connect an agent: tokens shown once, listed and revoked; snippets with this server's values."""

import json
from datetime import timedelta

from django.utils import timezone

from mcp_bridge.models import McpToken
from mcp_bridge.tokens import authenticate_token, create_mcp_token


def test_the_page_shows_the_mcp_url_and_snippets_for_this_server(signed_in, settings):
    page = signed_in.get("/connect/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "http://testserver/mcp" in content
    names = [snippet["name"] for snippet in page.context["snippets"]]
    assert names == ["Claude Desktop", "Claude Code", "VS Code", "Cursor"]
    desktop = json.loads(page.context["snippets"][0]["text"])["mcpServers"]["todo"]
    assert desktop["args"] == [str(settings.BASE_DIR / "manage.py"), "runmcp"]
    assert desktop["command"].endswith("python")
    settings.TODO_PUBLIC_URL = "https://todo.example.com"
    assert "https://todo.example.com/mcp" in signed_in.get("/connect/").content.decode()


def test_a_new_token_is_shown_once_after_the_redirect_filled_into_the_snippets(signed_in, user):
    made = signed_in.post("/connect/tokens/", {"name": "Claude Desktop", "expires_on": ""})
    assert made.status_code == 302 and made["Location"] == "/connect/#tokens"
    response = signed_in.get("/connect/")
    secret = response.context["new_secret"]
    assert authenticate_token(secret).user == user
    assert secret in response.context["snippets"][0]["text"]
    again = signed_in.get("/connect/")  # a reload: the token is listed, its secret is not shown, none is made
    assert secret not in again.content.decode() and "Claude Desktop" in again.content.decode()
    assert McpToken.objects.filter(user=user).count() == 1


def test_a_bad_token_form_shows_errors_beside_the_fields(signed_in):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    blank = signed_in.post("/connect/tokens/", {"name": "   ", "expires_on": ""})
    past = signed_in.post("/connect/tokens/", {"name": "Old", "expires_on": yesterday})
    assert blank.status_code == past.status_code == 400
    assert "name" in blank.context["form"].errors
    assert past.context["form"].errors["expires_on"] == ["Must be in the future."]
    assert not McpToken.objects.exists()


def test_revoking_stops_the_token_at_once(signed_in, user):
    issued = create_mcp_token(user, name="Cursor")
    response = signed_in.post(f"/connect/tokens/{issued.token.pk}/revoke/", follow=True)
    assert authenticate_token(issued.secret) is None
    assert "Revoked “Cursor”" in response.content.decode()


def test_another_users_token_cannot_be_revoked_or_seen(signed_in, other_user):
    theirs = create_mcp_token(other_user, name="Bob's agent")
    assert signed_in.post(f"/connect/tokens/{theirs.token.pk}/revoke/").status_code == 404
    assert "Bob" not in signed_in.get("/connect/").content.decode()
    assert authenticate_token(theirs.secret).user == other_user


def _connect_an_app(person, name: str = "Claude") -> str:
    """An assistant registers and the person allows it; returns the access token it got."""
    from django.test import Client

    from mcp_bridge.tests.oauth_helpers import Pkce, authorize_params, consent, redirect_query, register, trade_code

    anonymous = Client()
    app = register(anonymous, client_name=name)
    pkce = Pkce.new()
    params = authorize_params(app["client_id"], pkce, "http://testserver/mcp")
    code = redirect_query(consent(person, params))["code"]
    return trade_code(anonymous, app["client_id"], code, pkce, "http://testserver/mcp").json()["access_token"]


def test_connected_apps_are_listed_and_can_be_disconnected(signed_in, user):
    token = _connect_an_app(signed_in)
    page = signed_in.get("/connect/")
    (app,) = page.context["connected_apps"]
    assert app.name == "Claude" and "may read and change your tasks" in page.content.decode()
    response = signed_in.post(f"/connect/apps/{app.id}/disconnect/", follow=True)
    assert "Disconnected “Claude”" in response.content.decode()
    assert authenticate_token(token) is None and response.context["connected_apps"] == []


def test_another_users_connected_app_cannot_be_disconnected(signed_in, other_signed_in, other_user):
    token = _connect_an_app(other_signed_in, name="Bob's assistant")
    app_id = other_signed_in.get("/connect/").context["connected_apps"][0].id
    assert signed_in.post(f"/connect/apps/{app_id}/disconnect/").status_code == 404
    assert "Bob" not in signed_in.get("/connect/").content.decode()
    assert authenticate_token(token).user == other_user
