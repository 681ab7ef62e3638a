"""In a real Chromium: lists, quick add into a list, reorder by dragging and by keyboard, steps, labels, import
with progress, and export then import into a fresh account."""

import pytest
from playwright.sync_api import Page, expect

from tasks.models import Task, TaskList
from tasks.tests.test_imports import TODOIST

from .conftest import SCREENSHOTS
from .test_browser_journeys import row, sign_up

pytestmark = pytest.mark.browser


def titles(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".task-list .task-title").all_inner_texts()]


def manual_titles(page: Page) -> list[str]:
    return [title.split(" #")[0] for title in titles(page)]


def test_a_person_makes_a_list_adds_into_it_reorders_and_works_through_steps(page: Page, site: str):
    sign_up(page, site, "lena")
    page.get_by_role("link", name="Manage lists").click()
    page.get_by_label("Name").fill("Groceries")
    page.get_by_label("Colour").select_option("green")
    page.get_by_role("button", name="Make the list").click()
    expect(page.get_by_role("heading", name="Groceries")).to_be_visible()  # the new list, open

    box = page.get_by_placeholder("Add a task…", exact=False)
    chips = page.get_by_role("list", name="Understood from the title")
    box.fill("buy milk tomorrow in groceries #dairy")
    expect(chips).to_contain_text("In Groceries")
    expect(chips).to_contain_text("#dairy")
    box.press("Enter")
    expect(row(page, "Buy milk")).to_contain_text("#dairy")
    for title in ("Eggs", "Bread"):  # added while looking at the list: into it
        box.fill(title)
        box.press("Enter")
        expect(row(page, title)).to_be_visible()
    groceries = TaskList.objects.get(name="Groceries")
    assert set(Task.objects.values_list("list_id", flat=True)) == {groceries.pk}

    page.get_by_label("Order").select_option("manual")
    expect(page.locator(".drag-handle").first).to_be_visible()
    assert manual_titles(page) == ["Bread", "Eggs", "Buy milk"]
    handle = page.get_by_role("button", name="Move “Buy milk”")
    handle.focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".task-list .task-title").first).to_contain_text("Bread")
    expect(page.locator(".task-list .task-title").nth(1)).to_contain_text("Buy milk")
    expect(page.get_by_role("button", name="Move “Buy milk”")).to_be_focused()  # focus stays on what moved
    # Sortable reorders the rows at once; the server's answer to the move comes after: wait for it before the reload.
    with page.expect_response(lambda response: response.url.endswith("/move/") and response.ok):
        page.get_by_role("button", name="Move “Bread”").drag_to(page.get_by_role("button", name="Move “Eggs”"))
    expect(page.locator(".task-list .task-title").last).to_contain_text("Bread")
    assert manual_titles(page) == ["Buy milk", "Eggs", "Bread"]
    page.reload()
    assert manual_titles(page) == ["Buy milk", "Eggs", "Bread"]  # kept by the server

    row(page, "Bread").get_by_role("link", name="Edit Bread").click()
    expect(page.locator("[data-editing]").get_by_label("Title")).to_be_focused()  # the form opens in the title
    page.get_by_label("Steps").fill("Sourdough\n[x] Rye")
    page.get_by_role("button", name="Save").click()
    expect(row(page, "Bread")).to_contain_text("1/2")
    row(page, "Bread").locator("summary").click()
    page.get_by_role("checkbox", name="Sourdough").click()
    expect(row(page, "Bread")).to_contain_text("2/2")
    page.set_viewport_size({"width": 1280, "height": 860})
    page.screenshot(path=SCREENSHOTS / "lists.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_role("link", name="Manage lists")).to_be_hidden()  # folded on a phone: tasks first
    page.get_by_text("Lists: Groceries").click()
    expect(page.get_by_role("link", name="Manage lists")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "lists-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("link", name="#dairy").click()
    expect(page.get_by_role("heading", name="#dairy")).to_be_visible()
    assert manual_titles(page) == ["Buy milk"]


def test_completing_a_task_with_open_steps_asks_first(page: Page, site: str):
    sign_up(page, site, "omar")
    from django.contrib.auth import get_user_model

    from conftest import SETUP_ACTOR
    from tasks import services

    person = get_user_model().objects.get(username="omar")
    services.add_task(person, actor=SETUP_ACTOR, title="Trip", steps=["Book flights", "Pack"])
    page.reload()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("checkbox", name="Trip").click()
    expect(page.get_by_role("checkbox", name="Trip")).to_have_attribute("aria-checked", "false")  # not done
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("checkbox", name="Trip").click()
    expect(page.get_by_role("checkbox", name="Trip")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("status").or_(page.locator(".toast")).first).to_contain_text("2 steps")
    assert all(step["done"] for step in Task.objects.get(title="Trip").steps)


def test_import_a_todoist_csv_with_progress_then_export_and_import_into_a_fresh_account(
    page: Page,
    site: str,
    db_worker,
    tmp_path,
):
    sign_up(page, site, "ines")
    page.goto(site + "/accounts/import/")
    csv_file = tmp_path / "Trip.csv"
    csv_file.write_text(TODOIST)
    page.get_by_label("File").set_input_files(csv_file)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Done: 3 of 3 tasks")).to_be_visible(timeout=30_000)
    page.goto(site + "/tasks/")
    expect(row(page, "Book flights")).to_contain_text("Trip")
    expect(row(page, "Book flights")).to_contain_text("#travel")

    with page.expect_download() as download:
        page.goto(site + "/accounts/settings/")
        page.get_by_role("link", name="Download everything (JSON)").click()
    exported = tmp_path / "todo.json"
    download.value.save_as(exported)

    page.context.clear_cookies()
    sign_up(page, site, "ines2")
    page.goto(site + "/accounts/import/")
    page.get_by_label("File").set_input_files(exported)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Done: 3 of 3 tasks")).to_be_visible(timeout=30_000)
    fields = ("title", "priority", "due_date", "repeat", "labels", "steps", "description")
    first = {repr([getattr(task, name) for name in fields]) for task in Task.objects.filter(user__username="ines")}
    second = {repr([getattr(task, name) for name in fields]) for task in Task.objects.filter(user__username="ines2")}
    assert first == second

    bad = tmp_path / "bad.csv"
    bad.write_text(TODOIST.replace("every monday", "when pigs fly"))
    page.get_by_label("File").set_input_files(bad)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Line 7: DATE “when pigs fly”", exact=False)).to_be_visible()


def test_today_and_upcoming_show_what_is_due_with_their_counts(page: Page, site: str):
    from datetime import timedelta

    from django.contrib.auth import get_user_model

    from conftest import SETUP_ACTOR
    from tasks import services

    sign_up(page, site, "tara")
    person = get_user_model().objects.get(username="tara")
    today = services.local_today(person)
    for title, days in (("Late report", -2), ("Call the bank", 0), ("Dentist", 3), ("Far away", 12)):
        services.add_task(person, actor=SETUP_ACTOR, title=title, due_date=today + timedelta(days=days))
    services.add_task(person, actor=SETUP_ACTOR, title="Someday")
    page.reload()
    today_link = page.get_by_role("link", name="Today 2")
    upcoming_link = page.get_by_role("link", name="Upcoming 1")
    expect(today_link).to_be_visible()
    expect(upcoming_link).to_be_visible()
    today_link.click()
    expect(page.get_by_role("link", name="Today 2")).to_have_attribute("aria-current", "page")
    assert titles(page) and {title.split(" #")[0] for title in titles(page)} == {"Late report", "Call the bank"}
    page.get_by_role("link", name="Upcoming 1").click()
    expect(page.get_by_role("link", name="Upcoming 1")).to_have_attribute("aria-current", "page")
    assert [title.split(" #")[0] for title in titles(page)] == ["Dentist"]
    expect(page.locator(".day-heading h2")).to_have_count(1)  # grouped under its day
