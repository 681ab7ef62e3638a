import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from mcp_bridge.tokens import authenticate_token

REGISTER = "/api/auth/register/"
TOKEN = "/api/auth/token/"
REFRESH = "/api/auth/token/refresh/"
GOOD_PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def client(db):
    return APIClient()


def test_register_then_get_a_token_and_use_it(client):
    response = client.post(REGISTER, {"username": "carol", "password": GOOD_PASSWORD, "email": "c@example.com"})
    assert response.status_code == 201
    assert response.json()["username"] == "carol"
    assert "password" not in response.json()

    tokens = client.post(TOKEN, {"username": "carol", "password": GOOD_PASSWORD}).json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.get("/api/tasks/").status_code == 200

    refreshed = client.post(REFRESH, {"refresh": tokens["refresh"]})
    assert refreshed.status_code == 200 and "access" in refreshed.json()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("8675309123", "entirely numeric"),
        ("carolcarol1", "too similar"),
    ],
)
def test_register_applies_djangos_password_validators(client, password, reason):
    response = client.post(REGISTER, {"username": "carolcarol1", "password": password})
    assert response.status_code == 400
    assert any(reason in message for message in response.json()["password"])
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"password": GOOD_PASSWORD}, "username"),
        ({"username": "carol"}, "password"),
        ({"username": 5, "password": GOOD_PASSWORD}, "username"),
        ({"username": "carol", "password": GOOD_PASSWORD, "email": "not-an-email"}, "email"),
    ],
)
def test_register_with_bad_fields_is_400(client, payload, field):
    response = client.post(REGISTER, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_wrong_password_gets_no_token(client, make_user):
    make_user("carol")
    response = client.post(TOKEN, {"username": "carol", "password": "wrong-password"})
    assert response.status_code == 401
    assert "access" not in response.json()


def test_credential_endpoints_are_throttled(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "2/min"}}
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    ScopedRateThrottle.THROTTLE_RATES = {"auth": "2/min"}
    try:
        codes = [client.post(TOKEN, {"username": "x", "password": "y"}).status_code for _ in range(3)]
    finally:
        from rest_framework.settings import api_settings

        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
    assert codes == [401, 401, 429]


def test_a_taken_username_is_a_conflict_and_creates_nobody(client, make_user):
    make_user("carol")
    response = client.post(REGISTER, {"username": "carol", "password": GOOD_PASSWORD}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "A user with that username already exists.", "code": "username_taken"}
    assert get_user_model().objects.filter(username="carol").count() == 1


def test_an_access_token_stops_working_when_its_user_is_deactivated_or_deleted(client, make_user):
    """The user behind a JWT is read on every request (one prepared statement), not trusted from the token."""
    user = make_user("short_lived")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(user)}"}
    assert client.get("/api/tasks/", **headers).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    refused = client.get("/api/tasks/", **headers)
    assert refused.status_code == 401 and refused.json()["code"] == "user_inactive"
    user.delete()
    assert client.get("/api/tasks/", **headers).json()["code"] == "user_not_found"


@pytest.mark.parametrize("user_id", ["not-a-number", "", "99999999999999999999999"])
def test_a_token_naming_no_possible_user_is_refused(client, user_id):
    token = AccessToken()
    token["user_id"] = user_id
    answer = client.get("/api/tasks/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 401 and answer.json()["code"] == "user_not_found"
    assert authenticate_token(str(token)) is None
