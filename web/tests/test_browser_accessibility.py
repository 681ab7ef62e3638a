"""axe-core in Chromium over every page, light and dark, desktop and phone: any violation fails.

axe-core (MPL-2.0, from npm, ``web/tests/assets/axe.min.js``) is injected into each page after it has
drawn. The person seen has a bit of everything: lists, labels, steps, due and overdue tasks, a repeat, a
reminder delivered, a chat, a personal token, an app, activity, so every part of every page is on show.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Browser, Page

from conftest import SETUP_ACTOR
from conversations.models import Conversation, Message
from mcp_bridge.tests.oauth_helpers import REDIRECT, Pkce, authorize_params
from mcp_bridge.tokens import create_mcp_token
from tasks import organize, reminders, services
from tasks.models import Reminder

from .conftest import SCREENSHOTS, small_targets

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "assets" / "axe.min.js"
PASSWORD = "correct-horse-battery-9"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _everything(django_user_model):
    """One person with something of every kind on their pages; returns them."""
    person = django_user_model.objects.create_user("ada", password=PASSWORD, email="ada@example.com")
    groceries = organize.create_list(person, actor=SETUP_ACTOR, name="Groceries", colour="green")
    today = services.local_today(person)
    services.add_task(person, actor=SETUP_ACTOR, title="Buy oat milk", list_id=groceries.pk, labels=["dairy"])
    services.add_task(
        person,
        actor=SETUP_ACTOR,
        title="Plan the trip",
        priority="high",
        due_date=today,
        steps=[{"title": "Book flights", "done": True}, {"title": "Pack", "done": False}],
    )
    services.add_task(
        person, actor=SETUP_ACTOR, title="Pay rent", due_date=today - timedelta(days=2), repeat="FREQ=MONTHLY"
    )
    services.add_task(person, actor=SETUP_ACTOR, title="Read a book", priority="low", description="Something long")
    reminded = services.add_task(
        person,
        actor=SETUP_ACTOR,
        title="Call the dentist",
        due_date=today + timedelta(days=1),
        due_time=timezone.now().time(),
    )
    Reminder.objects.filter(task_id=reminded.pk).update(fire_at=timezone.now() - timedelta(seconds=1))
    reminders.deliver_now()
    done = services.add_task(person, actor=SETUP_ACTOR, title="Water the plants")
    services.complete_task(person, done.pk, actor=SETUP_ACTOR)
    Conversation.objects.create(user=person, title="Earlier")  # so there is a past conversation to list
    conversation = Conversation.objects.create(user=person, title="Groceries")
    for _ in range(20):  # more than the panel shows: "Show earlier messages"
        Message.objects.create(conversation=conversation, user=person, role="user", content="add bread to groceries")
        Message.objects.create(conversation=conversation, user=person, role="assistant", content="Added ‘Bread’.")
    create_mcp_token(person, name="Laptop")
    return person


def _pages(person, task_id: int, conversation_id: int) -> dict[str, str]:
    uid, token = urlsafe_base64_encode(force_bytes(person.pk)), default_token_generator.make_token(person)
    return {
        "tasks": "/tasks/",
        "tasks, completed": "/tasks/?status=completed",
        "today": "/tasks/?view=today",
        "upcoming": "/tasks/?view=upcoming",
        "a list in my order": "/tasks/?list=groceries&order=manual",
        "edit page": f"/tasks/{task_id}/edit/",
        "lists": "/lists/",
        "activity": "/activity/",
        "connect": "/connect/",
        "notifications": "/notifications/",
        "settings": "/accounts/settings/",
        "import": "/accounts/import/",
        "password change": "/accounts/password/",
        "delete account": "/accounts/delete/",
        "landing (signed in)": "/",
        "not found": "/no-such-page/",
        "earlier messages": f"/chat/{conversation_id}/earlier/?before=999999",
        "password reset confirm": f"/accounts/password/reset/{uid}/{token}/",
    }


ANONYMOUS = {
    "landing": "/",
    "sign in": "/accounts/login/",
    "sign in, failed": "/accounts/login/",
    "sign up": "/accounts/signup/",
    "password reset": "/accounts/password/reset/",
    "password reset sent": "/accounts/password/reset/sent/",
}


def _violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " — " +
                v.nodes.slice(0, 4).map(n => n.target.join(" ") + (n.failureSummary ? " [" +
                n.failureSummary.replace(/\\s+/g, " ").slice(0, 160) + "]" : "")).join(" | "));
        }"""
    )
    return found


def _check(page: Page, site: str, pages: dict[str, str], found: list[str], *, before=None) -> None:
    phone = page.viewport_size["width"] < 600
    for name, path in pages.items():
        page.goto(site + path)
        if before:
            before(page, name)
        page.wait_for_load_state("networkidle")
        found.extend(f"{name} ({path}): {violation}" for violation in _violations(page))
        if phone:
            found.extend(f"{name} ({path}): {small}" for small in small_targets(page))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_no_page_has_an_accessibility_violation(browser: Browser, site: str, django_user_model, scheme, device):
    person = _everything(django_user_model)
    task_id = person.tasks.get(title="Plan the trip").pk
    conversation_id = Conversation.objects.get(user=person, title="Groceries").pk
    shape = DESKTOP if device == "desktop" else PHONE
    found: list[str] = []

    anonymous = browser.new_context(**shape, color_scheme=scheme, bypass_csp=True)
    page = anonymous.new_page()

    def fail_once(page: Page, name: str) -> None:
        if name == "sign in, failed":
            page.get_by_label("Username").fill("ada")
            page.get_by_label("Password").fill("wrong password")
            page.get_by_role("button", name="Sign in").click()

    _check(page, site, ANONYMOUS, found, before=fail_once)
    anonymous.close()

    context = browser.new_context(**shape, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/tasks/")

    def open_menus(page: Page, name: str) -> None:
        if name == "tasks":  # the tasks page with a row's edit form open, and the chat's earlier messages
            page.get_by_role("link", name="Edit Read a book").click()
            page.get_by_role("button", name="Save").wait_for()
            if device == "phone":
                page.get_by_role("link", name="Assistant").click()
            page.get_by_role("link", name="Show earlier messages").click()
            page.locator("#chat-messages .bubble").nth(30).wait_for()
        if name == "tasks, completed":  # a toast with its Undo
            page.get_by_role("button", name="Delete Water the plants").click()
            page.get_by_role("button", name="Undo", exact=True).wait_for()

    _check(page, site, _pages(person, task_id, conversation_id), found, before=open_menus)

    # The notifications menu and the account menu, open.
    page.goto(site + "/tasks/")
    page.locator(".notifications-menu > summary").click()
    page.locator(".notification-list ul").wait_for()
    found.extend(f"notifications menu: {violation}" for violation in _violations(page))
    page.goto(site + "/activity/")
    page.locator(".account-menu:not(.notifications-menu) > summary").click()
    found.extend(f"account menu: {violation}" for violation in _violations(page))
    page.goto(site + "/tasks/")
    page.locator("#main").focus()
    page.keyboard.press("?")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for()
    found.extend(f"shortcuts dialog: {violation}" for violation in _violations(page))

    # A hosted assistant asking for consent.
    registered = httpx.post(
        f"{site}/o/register/", json={"client_name": "Claude", "redirect_uris": [REDIRECT]}, timeout=10
    ).json()
    query = authorize_params(registered["client_id"], Pkce.new(), f"{site}/mcp")
    _check(page, site, {"consent": f"/o/authorize/?{urlencode(query)}"}, found)
    page.screenshot(path=SCREENSHOTS / f"axe-last-{device}-{scheme}.png")
    context.close()

    assert not found, "\n".join(found)
