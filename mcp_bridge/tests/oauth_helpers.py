"""An OAuth client's steps, as a hosted assistant takes them: register, send the person to consent, trade the code."""

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

REDIRECT = "http://127.0.0.1:33418/callback"
SCOPES = "tasks:read tasks:write"


@dataclass
class Pkce:
    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> "Pkce":
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        return cls(verifier, challenge)


def register(client, **metadata) -> dict:
    body = {
        "client_name": "Test assistant",
        "redirect_uris": [REDIRECT],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
        **metadata,
    }
    response = client.post("/o/register/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def authorize_params(client_id: str, pkce: Pkce, resource: str, **overrides) -> dict:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": SCOPES,
        "state": "state-123",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
        "resource": resource,
    }
    params.update(overrides)
    return {name: value for name, value in params.items() if value is not None}


def consent(person, params: dict, *, allow: bool = True):
    """The person, signed in, opens the consent page and answers it; returns the redirect response."""
    page = person.get("/o/authorize/", params)
    assert page.status_code == 200, page.content[:500]
    hidden = {field.name: field.value() or "" for field in page.context["form"] if field.is_hidden}
    return person.post("/o/authorize/", {**hidden, **({"allow": "Authorize"} if allow else {})})


def redirect_query(response) -> dict[str, str]:
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    assert location.startswith(REDIRECT), location
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def trade_code(client, client_id: str, code: str, pkce: Pkce, resource: str, **overrides):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": client_id,
        "code_verifier": pkce.verifier,
        "resource": resource,
        **overrides,
    }
    return client.post("/o/token/", {name: value for name, value in data.items() if value is not None})
