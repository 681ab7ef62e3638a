"""The web app used all day, in a real Chromium: by keyboard alone (focus asserted after every action), on a
375 px touch screen, and with a long chat."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import SETUP_ACTOR
from conversations.models import Conversation, Message
from tasks import organize, services
from tasks.models import Task

from .conftest import SCREENSHOTS, small_targets

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-9"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/tasks/")


# What has the keyboard focus, roughly as a screen reader names it: "checkbox: Buy bread", "input: title".
FOCUSED = """() => { const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return (e.getAttribute('role') || e.tagName.toLowerCase()) + ': ' +
           (e.getAttribute('aria-label') || e.getAttribute('name') || e.id || e.textContent.trim()); }"""


def focused(page: Page) -> str:
    return page.evaluate(FOCUSED)


def expect_focus(page: Page, what: str) -> None:
    try:
        page.wait_for_function(f"what => ({FOCUSED})() === what", arg=what, timeout=5000)
    except Exception:
        raise AssertionError(f"focus is on {focused(page)!r}, not {what!r}") from None


def titles(page: Page) -> list[str]:
    return page.locator("#task-panel .task-list [data-task] .check:not(.check-small)").evaluate_all(
        "checks => checks.map(check => check.getAttribute('aria-label'))"
    )


def test_a_day_by_keyboard_alone_keeps_focus_where_the_work_is(page: Page, site: str, django_user_model):
    django_user_model.objects.create_user("kai", password=PASSWORD)
    sign_in(page, site, "kai")

    # The page opens in the add box; Escape leaves it for the list, q comes back to it. Enter adds and keeps
    # the box for the next one.
    expect_focus(page, "input: title")
    page.keyboard.press("Escape")
    expect_focus(page, "body")
    page.keyboard.press("q")
    expect_focus(page, "input: title")
    for title in ("Pay rent", "Call mum", "Buy bread"):
        page.keyboard.type(title)
        page.keyboard.press("Enter")
        expect(page.get_by_role("checkbox", name=title)).to_be_visible()
        expect_focus(page, "input: title")
    page.wait_for_timeout(200)  # the fresh add box has settled (htmx gives it focus as it arrives)
    page.keyboard.press("Escape")
    order = titles(page)
    assert sorted(order) == ["Buy bread", "Call mum", "Pay rent"]

    # j and k walk the rows.
    page.keyboard.press("j")
    expect_focus(page, f"checkbox: {order[0]}")
    page.keyboard.press("j")
    expect_focus(page, f"checkbox: {order[1]}")
    page.keyboard.press("k")
    expect_focus(page, f"checkbox: {order[0]}")

    # x completes the task and focus stays on it; x again reopens it.
    page.keyboard.press("x")
    expect(page.get_by_role("checkbox", name=order[0])).to_have_attribute("aria-checked", "true")
    expect_focus(page, f"checkbox: {order[0]}")
    expect(page.locator("#announcer")).to_have_text(f"“{order[0]}” done")
    page.keyboard.press("x")
    expect(page.get_by_role("checkbox", name=order[0])).to_have_attribute("aria-checked", "false")
    expect_focus(page, f"checkbox: {order[0]}")

    # e opens the row's form with the cursor in the title; Escape cancels, back to the row's Edit.
    page.keyboard.press("e")
    expect_focus(page, "input: title")
    page.keyboard.type(" and more")
    page.keyboard.press("Escape")
    expect(page.locator("[data-editing]")).to_have_count(0)
    expect_focus(page, f"a: Edit {order[0]}")
    assert Task.objects.get(title=order[0])  # nothing was saved

    # e, a new title, Enter saves; focus is back on the same row.
    page.keyboard.press("e")
    expect_focus(page, "input: title")
    page.keyboard.press("End")
    page.keyboard.type(" today")
    page.keyboard.press("Enter")
    renamed = f"{order[0]} today"
    expect(page.get_by_role("checkbox", name=renamed)).to_be_visible()
    expect_focus(page, f"a: Edit {renamed}")

    # Delete deletes (with the Undo toast); focus moves to the row that took its place.
    page.keyboard.press("Delete")
    expect(page.get_by_role("status").filter(has_text=f"Deleted “{renamed}”.")).to_be_visible()
    expect(page.get_by_role("checkbox", name=renamed)).to_have_count(0)
    expect_focus(page, f"checkbox: {order[1]}")

    # u undoes it: the task is back, and focus with it.
    page.keyboard.press("u")
    expect(page.get_by_role("checkbox", name=renamed)).to_be_visible()
    expect_focus(page, f"checkbox: {renamed}")
    page.wait_for_timeout(900)  # the toast's Undo is gone with the answer: u now undoes the newest change left
    page.keyboard.press("u")
    expect(page.get_by_role("checkbox", name=order[0])).to_be_visible()  # the rename taken back

    # Shortcuts never fire while typing: "x" and "j" in the search box are text.
    page.keyboard.press("/")
    expect_focus(page, "input: q")
    page.keyboard.type("xj")
    expect(page.locator("#filter-q")).to_have_value("xj")
    assert not Task.objects.filter(completed=True).exists()
    page.keyboard.press("Escape")

    # ? lists them all; Escape closes the list.
    page.locator("#filter-q").fill("")
    expect(page.get_by_role("checkbox", name=order[0])).to_be_visible()  # the unfiltered list is back
    page.wait_for_load_state("networkidle")  # and no search is still on its way (its answer would take focus back)
    page.locator("#main").focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Undo your last change")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_moving_a_task_by_keyboard_in_ones_own_order_keeps_focus_on_it(page: Page, site: str, django_user_model):
    person = django_user_model.objects.create_user("kim", password=PASSWORD)
    errands = organize.create_list(person, actor=SETUP_ACTOR, name="Errands")
    for title in ("Post office", "Bank", "Pharmacy"):
        services.add_task(person, actor=SETUP_ACTOR, title=title, list_id=errands.pk)
    sign_in(page, site, "kim")
    page.goto(site + f"/tasks/?list={errands.pk}&order=manual")
    first = titles(page)
    page.get_by_role("button", name=f"Move “{first[0]}”").focus()
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function(
        "want => JSON.stringify([...document.querySelectorAll('#task-panel [data-task] .check:not(.check-small)')]"
        ".map(c => c.getAttribute('aria-label'))) === want",
        arg=f'["{first[1]}","{first[0]}","{first[2]}"]',
    )
    expect_focus(page, f"button: Move “{first[0]}”")
    # j from the handle goes on to the next row.
    page.keyboard.press("j")
    expect_focus(page, f"checkbox: {first[2]}")


def test_on_a_phone_a_double_tap_on_delete_deletes_one_task(browser: Browser, site: str, django_user_model):
    person = django_user_model.objects.create_user("pia", password=PASSWORD)
    for number in range(1, 9):
        services.add_task(person, actor=SETUP_ACTOR, title=f"Task {number}")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, site, "pia")
    top = titles(page)[0]
    button = page.get_by_role("button", name=f"Delete {top}")
    button.evaluate("button => button.scrollIntoView({block: 'center'})")
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    expect(page.get_by_role("checkbox", name=top)).to_have_count(0)
    # The second tap of a double tap lands a moment later on the row that slid up under the finger.
    page.wait_for_timeout(150)
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(1000)
    assert Task.objects.filter(user=person).count() == 7

    # The toast sits at the bottom: it covers neither the header nor the Tasks/Assistant switch.
    toast = page.get_by_role("status").filter(has_text=f"Deleted “{top}”.")
    expect(toast).to_be_visible()
    toast_box = toast.bounding_box()
    for part in (page.locator(".site-header"), page.locator(".view-switch")):
        other = part.bounding_box()
        assert toast_box["y"] >= other["y"] + other["height"], part
    page.screenshot(path=SCREENSHOTS / "phone-toast.png")
    context.close()


def test_on_a_phone_menus_close_on_an_outside_tap_and_every_control_is_finger_sized(
    browser: Browser, site: str, django_user_model
):
    person = django_user_model.objects.create_user("ola", password=PASSWORD)
    groceries = organize.create_list(person, actor=SETUP_ACTOR, name="Groceries")
    services.add_task(person, actor=SETUP_ACTOR, title="Plan the trip", steps=["Book", "Pack"], labels=["travel"])
    services.add_task(person, actor=SETUP_ACTOR, title="Milk", list_id=groceries.pk)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, site, "ola")

    menu = page.locator(".account-menu:not(.notifications-menu)")
    menu.locator("summary").tap()
    expect(menu.get_by_role("link", name="Settings")).to_be_visible()
    page.locator("h1, .task-panel").last.tap(position={"x": 10, "y": 10})
    expect(menu.get_by_role("link", name="Settings")).to_be_hidden()
    menu.locator("summary").tap()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Settings")).to_be_hidden()
    bell = page.locator(".notifications-menu")
    bell.locator("summary").tap()
    expect(bell.get_by_role("link", name="All notifications")).to_be_visible()
    panel = page.locator(".task-panel")
    panel.tap(position={"x": 4, "y": panel.bounding_box()["height"] - 4})  # a corner of the list, below the menu
    expect(bell.get_by_role("link", name="All notifications")).to_be_hidden()
    page.get_by_role("link", name="Assistant").tap()  # the switch the open menu covered is free again
    expect(page.get_by_label("Message the assistant")).to_be_visible()
    page.get_by_role("link", name="Tasks", exact=True).last.tap()

    # Every control a finger may aim at is at least 44 px tall (and icon buttons as wide).
    page.locator("[data-lists-nav] > summary").tap()
    page.locator("details.steps > summary").tap()
    assert small_targets(page) == []
    context.close()


def test_on_a_phone_the_mcp_address_wraps_after_a_slash_not_mid_word(browser: Browser, site: str, django_user_model):
    django_user_model.objects.create_user("uma", password=PASSWORD)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, site, "uma")
    page.goto(site + "/connect/")
    address = page.locator("#mcp-url")
    expect(address).to_have_text(site + "/mcp")
    assert "<wbr>" in address.inner_html()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_a_long_chat_keeps_the_page_its_height_and_shows_earlier_messages_on_request(
    page: Page, site: str, django_user_model
):
    person = django_user_model.objects.create_user("lee", password=PASSWORD)
    talk = Conversation.objects.create(user=person, title="A long talk")
    for number in range(1, 71):
        role = "user" if number % 2 else "assistant"
        Message.objects.create(conversation=talk, user=person, role=role, content=f"Message {number}")
    sign_in(page, site, "lee")

    # The page is as tall as the window (the chat scrolls inside its panel), not as tall as the chat.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= page.viewport_size["height"] + 40
    messages = page.locator("#chat-messages .bubble")
    expect(messages).to_have_count(30)
    expect(messages.first).to_contain_text("Message 41")

    page.get_by_role("link", name="Show earlier messages").click()
    expect(messages).to_have_count(60)
    expect(messages.first).to_contain_text("Message 11")
    expect_focus(page, "a: Show earlier messages")
    page.keyboard.press("Enter")
    expect(messages).to_have_count(70)
    expect(messages.first).to_contain_text("Message 1")
    expect(page.get_by_role("link", name="Show earlier messages")).to_have_count(0)
    assert re.match(r"li: You:\s+Message 1$", focused(page))
    # With one conversation there is nothing to go back to.
    expect(page.get_by_text("Past conversations")).to_have_count(0)
