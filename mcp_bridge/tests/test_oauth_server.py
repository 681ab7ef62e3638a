"""The OAuth 2.1 authorization server (django-oauth-toolkit, configured): discovery, registration, consent,
PKCE, tokens, refresh rotation, the RFC error codes, and connected apps. In process, with Django's client."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from oauth2_provider.models import get_access_token_model, get_application_model, get_grant_model

from mcp_bridge.oauth import allows_resource
from mcp_bridge.tokens import authenticate_token

from .oauth_helpers import REDIRECT, Pkce, authorize_params, consent, redirect_query, register, trade_code

MCP = "http://testserver/mcp"
Application = get_application_model()
AccessToken = get_access_token_model()
Grant = get_grant_model()


def issued():
    """Access tokens given to people (registration tokens, which the toolkit keeps in the same table, aside)."""
    return AccessToken.objects.filter(user__isnull=False)


@pytest.fixture
def person(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def connect(client, person, *, scope="tasks:read tasks:write", resource=MCP) -> dict:
    """Register, consent and trade the code: the token response."""
    app = register(client)
    pkce = Pkce.new()
    answer = redirect_query(consent(person, authorize_params(app["client_id"], pkce, resource, scope=scope)))
    response = trade_code(client, app["client_id"], answer["code"], pkce, resource)
    assert response.status_code == 200, response.content
    return {**response.json(), "client_id": app["client_id"]}


def test_discovery_names_this_server_and_what_it_supports(client, db):
    metadata = client.get("/.well-known/oauth-authorization-server").json()
    assert metadata["issuer"] == "http://testserver"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert metadata["registration_endpoint"] == "http://testserver/o/register/"
    assert metadata["revocation_endpoint"] == "http://testserver/o/revoke_token/"
    assert metadata["client_id_metadata_document_supported"] is True
    assert metadata["authorization_response_iss_parameter_supported"] is True
    assert set(metadata["scopes_supported"]) == {"tasks:read", "tasks:write"}
    # The path-suffixed location some clients try describes the same issuer.
    assert client.get("/.well-known/oauth-authorization-server/mcp").json() == metadata

    resource = client.get("/.well-known/oauth-protected-resource/mcp").json()
    assert resource["resource"] == MCP
    assert resource["authorization_servers"] == ["http://testserver"]
    assert set(resource["scopes_supported"]) == {"tasks:read", "tasks:write"}


def test_a_public_url_pins_the_issuer(client, db, settings):
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": "https://todo.example.com"}
    assert client.get("/.well-known/oauth-authorization-server").json()["issuer"] == "https://todo.example.com"


def test_open_registration_makes_a_public_client_even_when_a_secret_is_asked_for(client, db):
    registered = register(client, token_endpoint_auth_method="client_secret_post", logo_uri="https://example.com/l.png")
    assert registered["token_endpoint_auth_method"] == "none" and "client_secret" not in registered
    app = Application.objects.get(client_id=registered["client_id"])
    assert (app.client_type, app.name, app.redirect_uris) == ("public", "Test assistant", REDIRECT)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("{not json", "invalid_client_metadata"),
        ("[1, 2]", "invalid_client_metadata"),
        (json.dumps({"client_name": "x" * 20_000, "redirect_uris": [REDIRECT]}), "invalid_client_metadata"),
        (json.dumps({"redirect_uris": ["http://evil.example/callback"]}), "invalid_redirect_uri"),
        (json.dumps({"redirect_uris": ["cursor://callback"]}), "invalid_redirect_uri"),
        (json.dumps({"redirect_uris": [7]}), "invalid_redirect_uri"),
        (json.dumps({"redirect_uris": []}), "invalid_client_metadata"),
        (json.dumps({"redirect_uris": [REDIRECT], "grant_types": ["password"]}), "invalid_client_metadata"),
        (json.dumps({"redirect_uris": [REDIRECT], "grant_types": ["client_credentials"]}), "invalid_client_metadata"),
        (json.dumps({"redirect_uris": [REDIRECT], "response_types": ["token"]}), "invalid_client_metadata"),
    ],
)
def test_bad_registrations_get_the_rfc_error_and_store_nothing(client, db, body, error):
    response = client.post("/o/register/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == error
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "uri", ["https://claude.ai/api/mcp/auth_callback", "http://localhost:6274/cb", "http://[::1]:9/x"]
)
def test_https_and_loopback_redirects_register(client, db, uri):
    assert register(client, redirect_uris=[uri])["redirect_uris"] == [uri]


def test_registration_is_rate_limited_per_address(client, db, settings):
    settings.TODO_OAUTH_REGISTRATION_RATE = "2/min"
    register(client)
    register(client)
    response = client.post("/o/register/", json.dumps({"redirect_uris": [REDIRECT]}), content_type="application/json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["error"] == "slow_down"
    assert Application.objects.count() == 2


def test_consent_asks_for_sign_in_first_then_shows_who_is_asking(client, user):
    app = register(client, client_name="Claude")
    params = authorize_params(app["client_id"], Pkce.new(), MCP)
    anonymous = client.get("/o/authorize/", params)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/?next=/o/authorize/")
    client.force_login(user)
    page = client.get(parse_qs(urlsplit(anonymous["Location"]).query)["next"][0])
    content = page.content.decode()
    assert "<strong>Claude</strong> wants to use your Todo account" in content
    assert "127.0.0.1:33418" in content  # where the person will be sent
    assert "Add, change, complete, delete and undo changes to your tasks" in content


def test_the_code_flow_issues_bound_hashed_tokens_and_rotates_refresh_tokens(client, person, user):
    app = register(client)
    pkce = Pkce.new()
    answer = redirect_query(consent(person, authorize_params(app["client_id"], pkce, MCP)))
    assert answer["state"] == "state-123" and answer["iss"] == "http://testserver"
    tokens = trade_code(client, app["client_id"], answer["code"], pkce, MCP).json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    assert set(tokens["scope"].split()) == {"tasks:read", "tasks:write"}

    identity = authenticate_token(tokens["access_token"])
    assert (identity.user, identity.label) == (user, "Test assistant")
    assert identity.resources == (MCP,) and allows_resource(identity.resources, MCP)
    assert not allows_resource(identity.resources, "https://elsewhere.example/mcp")
    stored = issued().get()
    assert stored.token == "" and tokens["access_token"] not in str(vars(stored))  # only its digest is kept

    refreshed = client.post(
        "/o/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": app["client_id"]},
    ).json()
    assert refreshed["refresh_token"] != tokens["refresh_token"]
    assert authenticate_token(refreshed["access_token"]).user == user
    # Replaying the old refresh token is refused, and (reuse protection) ends the family.
    replay = client.post(
        "/o/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": app["client_id"]},
    )
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert authenticate_token(refreshed["access_token"]) is None


def test_deny_sends_the_person_back_with_access_denied_and_no_code(client, person):
    app = register(client)
    answer = redirect_query(consent(person, authorize_params(app["client_id"], Pkce.new(), MCP), allow=False))
    assert answer["error"] == "access_denied" and answer["state"] == "state-123" and "code" not in answer
    assert not issued().exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"response_type": "token"}, "unauthorized_client"),
        ({"resource": "not a uri"}, "invalid_target"),
    ],
)
def test_bad_authorization_requests_are_sent_back_with_their_error(client, person, overrides, error):
    app = register(client)
    params = authorize_params(app["client_id"], Pkce.new(), MCP)
    params.update(overrides)
    response = person.get("/o/authorize/", {name: value for name, value in params.items() if value is not None})
    assert redirect_query(response)["error"] == error
    assert not Grant.objects.exists() and not issued().exists()


def test_plain_pkce_is_refused_and_no_code_is_issued(client, person):
    app = register(client)
    params = authorize_params(app["client_id"], Pkce.new(), MCP, code_challenge_method="plain")
    answer = redirect_query(consent(person, params))
    assert answer["error"] == "invalid_request" and "code" not in answer
    assert not Grant.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "no-such-client"}, {"redirect_uri": "https://evil.example/callback"}],
)
def test_an_unknown_client_or_redirect_is_shown_on_the_page_never_redirected(client, person, overrides):
    app = register(client)
    params = authorize_params(app["client_id"], Pkce.new(), MCP) | overrides
    response = person.get("/o/authorize/", params)
    assert response.status_code == 400
    assert "This app cannot connect" in response.content.decode()
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.parametrize("mistake", ["wrong verifier", "reused code", "other redirect", "password grant"])
def test_bad_token_requests_get_the_rfc_error_and_no_token(client, person, mistake):
    app = register(client)
    pkce = Pkce.new()
    code = redirect_query(consent(person, authorize_params(app["client_id"], pkce, MCP)))["code"]
    if mistake == "reused code":
        assert trade_code(client, app["client_id"], code, pkce, MCP).status_code == 200
        response = trade_code(client, app["client_id"], code, pkce, MCP)
        expected = "invalid_grant"
    elif mistake == "wrong verifier":
        response = trade_code(client, app["client_id"], code, pkce, MCP, code_verifier=Pkce.new().verifier)
        expected = "invalid_grant"
    elif mistake == "other redirect":
        response = trade_code(client, app["client_id"], code, pkce, MCP, redirect_uri="http://127.0.0.1:1/other")
        expected = "invalid_request"  # oauthlib's answer to a mismatching redirect_uri
    else:
        credentials = {"username": "alice", "password": "correct-horse-battery-9"}
        response = client.post("/o/token/", {"grant_type": "password", "client_id": app["client_id"], **credentials})
        expected = "unauthorized_client"
    assert response.status_code == 400 and response.json()["error"] == expected
    # Nothing was issued for the bad request (a reused code's first, good exchange aside).
    assert issued().count() == (1 if mistake == "reused code" else 0)


def test_a_read_only_grant_carries_only_the_read_scope(client, person):
    tokens = connect(client, person, scope="tasks:read")
    assert authenticate_token(tokens["access_token"]).scopes == frozenset({"tasks:read"})


def test_a_registration_token_is_no_mcp_credential(client, db):
    registered = register(client)
    assert authenticate_token(registered["registration_access_token"]) is None


def test_connected_apps_are_listed_and_disconnecting_ends_their_tokens(client, person, user, api, other_user):
    mine = connect(client, person)
    theirs_person = Client()
    theirs_person.force_login(other_user)
    theirs = connect(client, theirs_person)

    listed = api.get("/api/auth/connected-apps/").json()
    assert [(app["name"], app["scopes"]) for app in listed] == [("Test assistant", ["tasks:read", "tasks:write"])]
    app_id = listed[0]["id"]
    assert api.delete(f"/api/auth/connected-apps/{app_id + 1000}/").status_code == 404

    assert api.delete(f"/api/auth/connected-apps/{app_id}/").status_code == 204
    assert authenticate_token(mine["access_token"]) is None
    refresh = client.post(
        "/o/token/",
        {"grant_type": "refresh_token", "refresh_token": mine["refresh_token"], "client_id": mine["client_id"]},
    )
    assert refresh.status_code == 400 and api.get("/api/auth/connected-apps/").json() == []
    # Someone else's connection to the same kind of app is untouched.
    assert authenticate_token(theirs["access_token"]).user == other_user


def test_another_users_connected_app_cannot_be_disconnected(client, api, other_user):
    theirs_person = Client()
    theirs_person.force_login(other_user)
    theirs = connect(client, theirs_person)
    app_id = Application.objects.get(client_id=theirs["client_id"]).pk
    assert api.delete(f"/api/auth/connected-apps/{app_id}/").status_code == 404
    assert authenticate_token(theirs["access_token"]).user == other_user


def test_every_answer_sent_back_to_the_client_carries_the_issuer(client, person):
    """RFC 9207: a code, a refusal by the person, and an error in the request all carry ``iss``."""
    issuer = "http://testserver"
    app = register(client)
    allowed = redirect_query(consent(person, authorize_params(app["client_id"], Pkce.new(), MCP)))
    denied = redirect_query(consent(person, authorize_params(app["client_id"], Pkce.new(), MCP), allow=False))
    params = authorize_params(app["client_id"], Pkce.new(), MCP, code_challenge=None, code_challenge_method=None)
    refused = redirect_query(person.get("/o/authorize/", params))
    assert (allowed["iss"], denied["iss"], refused["iss"]) == (issuer, issuer, issuer)
    assert refused["error"] == "invalid_request" and refused["state"] == "state-123"


TAMPERED = {
    "an unknown client": {"client_id": "no-such-client"},
    "no client": {"client_id": ""},
    "another redirect": {"redirect_uri": "https://evil.example/callback"},
    "no redirect": {"redirect_uri": ""},
    "a response type": {"response_type": "token"},
    "no response type": {"response_type": ""},
    "an unknown scope": {"scope": "admin"},
    "a challenge method": {"code_challenge_method": "plain"},
    "a resource": {"resource": "not a uri"},
    "a NUL character": {"state": "st\x00ate"},
}


@pytest.mark.parametrize("tampered", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_consent_form_is_refused_without_a_code(client, person, tampered):
    app = register(client)
    page = person.get("/o/authorize/", authorize_params(app["client_id"], Pkce.new(), MCP))
    hidden = {field.name: field.value() or "" for field in page.context["form"] if field.is_hidden}
    response = person.post("/o/authorize/", {**hidden, **tampered, "allow": "Authorize"})
    if response.status_code == 302:
        answer = redirect_query(response)  # back to the registered client only, with an error
        assert "error" in answer and "code" not in answer
    else:
        assert response.status_code == 400
        assert "evil.example" not in response.get("Location", "")
    assert not Grant.objects.exists() and not issued().exists()


def test_a_consent_for_two_resources_is_checked_again_and_answered_with_a_code(client, person):
    """RFC 8707 repeats ``resource``; the consent form keeps them in one field, which the re-check splits again."""
    app = register(client)
    pkce = Pkce.new()
    params = authorize_params(app["client_id"], pkce, MCP) | {"resource": [MCP, "https://other.example/api"]}
    answer = redirect_query(consent(person, params))
    assert "code" in answer and "error" not in answer
    assert trade_code(client, app["client_id"], answer["code"], pkce, MCP).status_code == 200
