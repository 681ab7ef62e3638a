"""Signing up, in and out, passwords and deleting the account, as a person meets them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from conversations import services as chat
from mcp_bridge.models import McpToken
from mcp_bridge.tokens import create_mcp_token
from tasks import services
from tasks.models import Activity, Task

User = get_user_model()
PASSWORD = "correct-horse-battery-9"


def sign_up(client, username="carol", password=PASSWORD, confirm=None, email=""):
    return client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": password, "password2": confirm or password},
    )


def test_the_landing_page_invites_visitors_in(client, db):
    content = client.get("/").content.decode()
    assert "/accounts/signup/" in content and "/accounts/login/" in content
    assert "Connect your AI assistant" in content


@pytest.mark.parametrize(("sent", "kept"), [("Europe/Paris", "Europe/Paris"), ("Mars/Olympus", ""), ("", "")])
def test_sign_up_keeps_the_browsers_time_zone_when_it_is_one(client, db, sent, kept):
    response = client.post(
        "/accounts/signup/",
        {"username": "carol", "password1": PASSWORD, "password2": PASSWORD, "time_zone": sent},
    )
    assert response.status_code == 302  # an unknown name never stops a sign-up
    assert services.time_zone_name(User.objects.get(username="carol")) == kept
    assert client.session.get("time_zone", "") == kept  # the pages count days there from the first one


def test_signing_up_creates_the_account_and_signs_in(client, db):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    assert User.objects.get().username == "carol"
    assert client.get("/tasks/").status_code == 200


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("carol", "short", "password"),
        ("carol", "123456789012", "password"),
        ("carol", "password", "password"),
        ("bad name!", PASSWORD, "username"),
    ],
)
def test_sign_up_refuses_what_the_api_refuses_with_the_same_messages(client, user, username, password, field):
    page = sign_up(client, username=username, password=password)
    api = APIClient().post("/api/auth/register/", {"username": username, "password": password}, format="json")

    assert page.status_code == api.status_code == 400
    # A weak password's errors sit under the password itself, not under its confirmation.
    page_field = "password1" if field == "password" else field
    assert set(page.context["form"].errors[page_field]) == set(api.json()[field])
    assert "password2" not in page.context["form"].errors
    assert User.objects.count() == 1


def test_a_taken_username_is_refused_by_both_with_the_same_sentence(client, user):
    page = sign_up(client, username=user.username, password=PASSWORD)
    api = APIClient().post("/api/auth/register/", {"username": user.username, "password": PASSWORD}, format="json")

    assert (page.status_code, api.status_code) == (400, 409)  # a form error beside the field; a conflict
    assert page.context["form"].errors["username"] == [api.json()["detail"]]
    assert User.objects.count() == 1


def test_mismatched_passwords_are_an_error_beside_the_field(client, db):
    response = sign_up(client, confirm="another-horse-battery-9")
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_sign_in_does_not_tell_which_part_was_wrong(client, user):
    wrong_password = client.post("/accounts/login/", {"username": "alice", "password": "nope-nope-nope"})
    unknown_user = client.post("/accounts/login/", {"username": "nobody", "password": "nope-nope-nope"})
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == unknown_user.context["form"].non_field_errors()


def test_sign_in_and_out(client, user):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD, "next": "/connect/"})
    assert response["Location"] == "/connect/"
    signed_out = client.post("/accounts/logout/", follow=True)
    assert signed_out.redirect_chain == [("/", 302)]
    assert "You&#x27;re signed out." in signed_out.content.decode()
    assert client.get("/tasks/").status_code == 302


def test_a_failed_sign_in_puts_the_cursor_in_the_password(client, user):
    page = client.get("/accounts/login/").content.decode()
    assert re.search(r'<input[^>]*name="username"[^>]*autofocus', page)
    failed = client.post("/accounts/login/", {"username": "alice", "password": "nope-nope-nope"}).content.decode()
    assert re.search(r'<input[^>]*name="password"[^>]*autofocus', failed)
    assert not re.search(r'<input[^>]*name="username"[^>]*autofocus', failed)


def test_sign_in_is_throttled_like_the_api(client, user, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "auth": "3/min"}}
    codes = [client.post("/accounts/login/", {"username": "alice", "password": "guess"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    blocked = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Too many attempts" in blocked.content.decode()
    # The API's credential endpoints count against the same limit.
    assert APIClient().post("/api/auth/token/", {"username": "alice", "password": PASSWORD}).status_code == 429


def test_changing_the_password(client, user):
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "a-brand-new-phrase-7", "new_password2": "a-brand-new-phrase-7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-phrase-7")
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "x-another-one-77", "new_password2": "x-another-one-77"},
    )
    assert "old_password" in wrong.context["form"].errors
    common = client.post(
        "/accounts/password/",
        {"old_password": "a-brand-new-phrase-7", "new_password1": "password123", "new_password2": "password123"},
    )
    assert "This password is too common." in common.context["form"].errors["new_password1"]
    assert "new_password2" not in common.context["form"].errors


def test_resetting_a_forgotten_password_by_email(client, user):
    user.email = "alice@example.com"
    user.save()
    assert client.post("/accounts/password/reset/", {"email": "alice@example.com"})["Location"] == (
        "/accounts/password/reset/sent/"
    )
    # An unknown address gets the same answer and no mail: nothing tells whether it has an account.
    assert client.post("/accounts/password/reset/", {"email": "who@example.com"})["Location"] == (
        "/accounts/password/reset/sent/"
    )
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body)[0]
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-phrase-for-alice-3", "new_password2": "reset-phrase-for-alice-3"},
    )
    assert done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password("reset-phrase-for-alice-3")


def test_deleting_the_account_needs_the_username_then_takes_everything(client, user, other_user, make_task):
    client.force_login(user)
    make_task(user, "Mine")
    chat.send_message(user, message="add buy milk")
    create_mcp_token(user, name="Claude")
    make_task(other_user, "Theirs")

    refused = client.post("/accounts/delete/", {"confirm": "bob"})
    assert refused.status_code == 400 and "confirm" in refused.context["form"].errors
    assert User.objects.filter(pk=user.pk).exists()

    assert client.post("/accounts/delete/", {"confirm": "alice"})["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert list(Task.objects.values_list("title", flat=True)) == ["Theirs"]
    assert not McpToken.objects.exists()
    assert set(Activity.objects.values_list("user_id", flat=True)) == {other_user.pk}
    assert client.get("/tasks/").status_code == 302


def test_the_browsable_api_works_with_the_session_and_enforces_csrf(user, make_task):
    make_task(user, "Buy milk")
    signed_in = Client(enforce_csrf_checks=True)
    login_page = signed_in.get("/api/auth/session/login/?next=/api/tasks/")
    assert login_page.status_code == 200
    signed_in.force_login(user)

    page = signed_in.get("/api/tasks/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and b"Buy milk" in page.content and b"/api/auth/session/logout/" in page.content
    for field in (b'name="title"', b'name="description"', b'name="priority"', b'name="due_date"'):
        assert field in page.content  # the HTML form has the fields a new task takes
    anonymous = Client().get("/api/tasks/", headers={"Accept": "text/html"})
    assert b"href='/api/auth/session/login/?next=/api/tasks/'" in anonymous.content  # and a way to sign in
    assert signed_in.post("/api/tasks/", {"title": "No token"}, content_type="application/json").status_code == 403
    token = signed_in.get("/tasks/").cookies["csrftoken"].value
    created = signed_in.post(
        "/api/tasks/", {"title": "With token"}, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert created.status_code == 201


def test_the_settings_page_keeps_the_time_zone_and_pages_use_it(client, user, make_task):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from tasks.models import Profile

    now = timezone.now()
    # UTC+14 or UTC-11: at any moment one of them is on another date than the server (UTC).
    zone = next(
        name
        for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
        if now.astimezone(ZoneInfo(name)).date() != now.date()
    )
    client.force_login(user)
    assert client.get("/accounts/settings/").status_code == 200
    refused = client.post("/accounts/settings/", {"time_zone": "Mars/Olympus_Mons"})
    assert refused.status_code == 400 and "time_zone" in refused.context["form"].errors
    saved = client.post("/accounts/settings/", {"time_zone": zone})
    assert saved.status_code == 302
    assert Profile.objects.get(user=user).time_zone == zone
    their_today = now.astimezone(ZoneInfo(zone)).date()
    make_task(user, "Due on their today", due_date=their_today)
    page = client.get("/tasks/").content.decode()
    assert "Today" in page.split("Due on their today", 1)[1][:600]  # the row's due label, in their time zone


def test_rows_show_each_tasks_number_for_the_assistant(client, user, make_task):
    make_task(user, "First")
    make_task(user, "Second")
    client.force_login(user)
    page = client.get("/tasks/").content.decode()
    assert ">#1</span>" in page and ">#2</span>" in page
