"""In a real browser: a person in Los Angeles gives a task a time, sees it as people say it, and its reminder
reaches the notifications menu without a reload, then takes them to the task."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tasks import reminders, services
from tasks.models import Reminder, Task

from .conftest import SCREENSHOTS
from .test_browser_journeys import row, sign_up


def test_a_timed_task_reminds_in_the_app(browser, site: str, django_user_model):
    context = browser.new_context(timezone_id="America/Los_Angeles", viewport={"width": 1280, "height": 800})
    page: Page = context.new_page()
    page.clock.install()
    sign_up(page, site, "rosa")
    person = django_user_model.objects.get(username="rosa")
    assert services.time_zone_name(person) == "America/Los_Angeles"
    tomorrow = services.local_today(person) + timedelta(days=1)

    page.get_by_placeholder("Add a task…").fill("Call mom")
    page.get_by_label("Due date").fill(tomorrow.isoformat())
    page.get_by_label("Due time (optional)").fill("17:00")
    page.get_by_role("button", name="Add task").click()
    expect(row(page, "Call mom")).to_contain_text("Tomorrow 17:00")
    expect(row(page, "Call mom")).to_contain_text("Has a reminder")

    task = Task.objects.get(user=person)
    assert (task.due_date, task.due_time.hour, task.reminders) == (tomorrow, 17, [{"minutes_before": 0}])
    Reminder.objects.filter(task_id=task.pk).update(fire_at=timezone.now() - timedelta(seconds=1))
    assert reminders.deliver_now() == 1

    page.clock.fast_forward("00:31")  # the header asks for the count every 30 seconds
    expect(page.locator("#notification-count")).to_contain_text("1")
    page.locator(".notifications-menu summary").click()
    item = page.locator(".notification-list").get_by_role("link", name=re.compile("^Call mom"))
    expect(item).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "readme-notifications.png")
    item.click()
    expect(page.get_by_label("Title")).to_have_value("Call mom")
    expect(page.locator("#notification-count")).to_have_text("")
    context.close()
