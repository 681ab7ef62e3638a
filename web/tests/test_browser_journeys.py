"""People using the web app in a real Chromium: one test per journey, located by role and label as a person would."""

import re

import pytest
from playwright.sync_api import Page, expect

from mcp_bridge.models import McpToken
from mcp_bridge.tokens import authenticate_token
from tasks import services
from tasks.models import Task

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-9"


def sign_up(page: Page, site: str, username: str) -> None:
    page.goto(site + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(site + "/tasks/")


def add_task(page: Page, title: str) -> None:
    page.get_by_placeholder("Add a task…").fill(title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name=title)).to_be_visible()


def row(page: Page, title: str):
    return page.get_by_role("listitem").filter(has=page.get_by_role("checkbox", name=title))


def test_a_person_keeps_a_list_talks_to_the_assistant_and_connects_an_agent(page: Page, site: str):
    sign_up(page, site, "alice")
    expect(page.get_by_text("No tasks yet")).to_be_visible()

    # Three tasks, the last with a due date; Enter adds and the box keeps the focus for the next one.
    add_task(page, "Buy milk")
    expect(page.get_by_placeholder("Add a task…")).to_be_focused()
    add_task(page, "Call the bank")
    page.get_by_placeholder("Add a task…").fill("Write the report")
    page.get_by_label("Due date").first.fill("2030-01-15")
    page.get_by_role("button", name="Add task").click()
    expect(row(page, "Write the report")).to_contain_text("Tue 15 Jan 2030")
    expect(page.get_by_role("link", name=re.compile(r"^All \d"))).to_contain_text("3")

    # Complete one in place, then look at what is pending.
    page.get_by_role("checkbox", name="Buy milk").click()
    expect(page.get_by_role("checkbox", name="Buy milk")).to_have_attribute("aria-checked", "true")
    page.get_by_role("link", name=re.compile("^Pending")).click()
    expect(page).to_have_url(re.compile(r"status=pending"))
    expect(page.get_by_role("checkbox", name="Buy milk")).to_have_count(0)
    expect(page.get_by_role("checkbox", name="Call the bank")).to_be_visible()

    # Edit a title in place.
    page.get_by_role("link", name="Edit Call the bank").click()
    row_form = page.locator("#task-panel form.task-edit")
    row_form.get_by_label("Title").fill("Call the bank about the loan")
    row_form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("checkbox", name="Call the bank about the loan")).to_be_visible()

    # Delete one; the toast offers Undo.
    page.get_by_role("button", name="Delete Write the report").click()
    expect(page.get_by_role("status").filter(has_text="Deleted “Write the report”.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Write the report")).to_have_count(0)
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(page.get_by_role("checkbox", name="Write the report")).to_be_visible()

    # The assistant adds a task; the list shows it without the page reloading.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Message the assistant").fill("add call the plumber")
    page.keyboard.press("Enter")
    expect(page.get_by_text("✓ Added ‘Call the plumber’")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Call the plumber")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    page.get_by_role("link", name=re.compile(r"^All \d")).click()
    page.screenshot(path=SCREENSHOTS / "tasks-desktop.png")

    # A personal access token, shown once, then revoked.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Connect an agent").click()
    page.get_by_label("Name").fill("Claude Desktop")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("todo_pat_") and authenticate_token(secret) is not None
    expect(page.locator("#snippet-1")).to_contain_text(secret)
    expect(page).to_have_url(site + "/connect/#tokens")  # the POST redirected: a reload makes no second token
    page.reload()
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Revoke"))).to_have_count(1)
    assert McpToken.objects.filter(name="Claude Desktop").count() == 1
    page.get_by_role("button", name="Revoke Claude Desktop").click()
    expect(page.get_by_text("Revoked “Claude Desktop”")).to_be_visible()
    assert authenticate_token(secret) is None

    # Everything above is in the activity feed.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Activity").click()
    expect(page.locator(".source").get_by_text("Assistant", exact=True).first).to_be_visible()

    page.get_by_text("alice").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(site + "/")
    page.goto(site + "/tasks/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_phone_layout_has_one_column_with_tasks_and_assistant_tabs(page: Page, site: str):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_up(page, site, "phoebe")
    for title in ("Buy milk", "Pay rent", "Book the dentist"):
        add_task(page, title)
    page.get_by_role("checkbox", name="Pay rent").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways
    page.screenshot(path=SCREENSHOTS / "tasks-phone.png")

    page.get_by_role("link", name="Assistant").click()
    expect(page.get_by_role("checkbox", name="Buy milk")).to_be_hidden()
    page.get_by_label("Message the assistant").fill("what's pending?")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have 2 pending tasks")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "chat-phone.png")


def test_another_person_cannot_reach_the_first_ones_tasks(page: Page, site: str, browser):
    sign_up(page, site, "alice")
    add_task(page, "Alice's secret plan")
    task = Task.objects.get(title="Alice's secret plan")

    other = browser.new_context(viewport={"width": 1280, "height": 800})
    intruder = other.new_page()
    sign_up(intruder, site, "mallory")
    expect(intruder.get_by_text("No tasks yet")).to_be_visible()
    response = intruder.goto(f"{site}/tasks/{task.pk}/edit/")
    assert response.status == 404
    expect(intruder.get_by_role("heading", name="Nothing here")).to_be_visible()
    expect(intruder.get_by_text("Alice's secret plan")).to_have_count(0)
    other.close()
    assert Task.objects.get(pk=task.pk).title == "Alice's secret plan"


def test_the_core_forms_work_without_javascript(browser, site: str):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_up(page, site, "nojs")
    page.get_by_placeholder("Add a task…").fill("Buy milk")
    page.get_by_role("button", name="Add task").click()
    page.get_by_role("checkbox", name="Buy milk").click()
    expect(page.get_by_role("checkbox", name="Buy milk")).to_have_attribute("aria-checked", "true")
    page.get_by_label("Message the assistant").fill("add pay the rent")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("checkbox", name="Pay the rent")).to_be_visible()
    page.get_by_role("button", name="Delete Buy milk").click()
    expect(page.get_by_role("checkbox", name="Buy milk")).to_have_count(0)
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(page.get_by_role("checkbox", name="Buy milk")).to_be_visible()
    context.close()


def test_what_it_looks_like(page: Page, site: str, django_user_model):
    """The README's pictures: a lived-in list and a conversation, at desktop and phone width."""
    from datetime import timedelta

    from django.utils import timezone

    from conversations import services as chat
    from tasks import services
    from tasks.activity import Actor
    from tasks.models import Channel

    person = django_user_model.objects.create_user("sam", password=PASSWORD)
    me = Actor(Channel.WEB)
    today = timezone.localdate()
    for title, fields in [
        ("Renew passport", {"due_date": today - timedelta(days=3), "priority": "high"}),
        ("Water the plants", {"due_date": today, "priority": "low"}),
        ("Book flights to Lisbon", {"due_date": today + timedelta(days=1)}),
        ("Draft the quarterly report", {"due_date": today + timedelta(days=9), "description": "Numbers from Ana"}),
        ("Call grandma", {}),
    ]:
        services.add_task(person, actor=me, title=title, **fields)
    done = services.add_task(person, actor=me, title="Pay the electricity bill")
    services.complete_task(person, done.pk, actor=me)
    chat.send_message(person, message="what's pending?")

    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Message the assistant").fill("add pick up the dry cleaning")
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name="Pick up the dry cleaning")).to_be_visible()
    expect(row(page, "Renew passport")).to_contain_text("3 days overdue")
    expect(row(page, "Water the plants")).to_contain_text("Today")
    page.get_by_placeholder("Add a task…").blur()
    page.screenshot(path=SCREENSHOTS / "readme-desktop.png")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site + "/tasks/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SCREENSHOTS / "readme-phone.png")


def test_signing_up_from_los_angeles_counts_days_there(browser, site: str, django_user_model):
    """The browser's time zone is taken at sign-up: a person in Los Angeles need not find Settings first."""
    context = browser.new_context(timezone_id="America/Los_Angeles", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_up(page, site, "lena")
    page.goto(f"{site}/accounts/settings/")
    expect(page.get_by_label("Time zone")).to_have_value("America/Los_Angeles")
    context.close()
    person = django_user_model.objects.get(username="lena")
    assert services.time_zone_name(person) == "America/Los_Angeles"


def test_without_javascript_sign_up_starts_on_the_servers_zone(browser, site: str, django_user_model):
    context = browser.new_context(
        java_script_enabled=False, timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 800}
    )
    sign_up(context.new_page(), site, "nora")
    context.close()
    assert services.time_zone_name(django_user_model.objects.get(username="nora")) == ""
