"""A person connects a hosted assistant in a real Chromium: sign in, see who is asking, Allow."""

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from mcp_bridge.tests.oauth_helpers import REDIRECT, Pkce

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_sign_in_then_consent_then_allow_sends_a_code_back(page: Page, site: str, django_user_model):
    django_user_model.objects.create_user("dana", password="correct-horse-battery-9")
    registered = httpx.post(
        f"{site}/o/register/", json={"client_name": "Claude", "redirect_uris": [REDIRECT]}, timeout=10
    ).json()
    pkce = Pkce.new()
    query = {
        "response_type": "code",
        "client_id": registered["client_id"],
        "redirect_uri": REDIRECT,
        "scope": "tasks:read tasks:write",
        "state": "xyz",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
        "resource": f"{site}/mcp",
    }
    landed: list[str] = []
    # Nothing listens on the assistant's loopback callback: the browser's arrival there is the answer.
    page.route(f"{REDIRECT}**", lambda route: (landed.append(route.request.url), route.fulfill(body="ok")))

    page.goto(f"{site}/o/authorize/?{urlencode(query)}")
    expect(page).to_have_url(f"{site}/accounts/login/?next=" + page.url.split("next=", 1)[1])
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("correct-horse-battery-9")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Claude wants to use your Todo account")).to_be_visible()
    expect(page.get_by_text("Add, change, complete, delete and undo changes to your tasks")).to_be_visible()
    expect(page.get_by_text("127.0.0.1:33418")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "consent.png")
    page.get_by_role("button", name="Allow").click()

    page.wait_for_url(f"{REDIRECT}**")
    answer = {name: values[0] for name, values in parse_qs(urlsplit(landed[-1]).query).items()}
    assert answer["state"] == "xyz" and answer["iss"] == site
    tokens = httpx.post(
        f"{site}/o/token/",
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": REDIRECT,
            "client_id": registered["client_id"],
            "code_verifier": pkce.verifier,
            "resource": f"{site}/mcp",
        },
        timeout=10,
    )
    assert tokens.status_code == 200 and tokens.json()["scope"] in {"tasks:read tasks:write", "tasks:write tasks:read"}
