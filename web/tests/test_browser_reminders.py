"""In a real browser: a person in Los Angeles tells the assistant "remind me to call mom at 5pm", sees the task
as people say it, and its reminder reaches the notifications menu without a reload and as a Web Push shown by
the service worker, then takes them to the task."""

import json
import re
import time
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import SETUP_ACTOR
from tasks import reminders, services
from tasks.models import Notification, Reminder, Task
from tasks.tests import push_service

from .conftest import SCREENSHOTS
from .test_browser_journeys import row, sign_up


def test_a_timed_task_reminds_in_the_app(browser, site: str, django_user_model):
    context = browser.new_context(timezone_id="America/Los_Angeles", viewport={"width": 1280, "height": 800})
    page: Page = context.new_page()
    page.clock.install()
    sign_up(page, site, "rosa")
    person = django_user_model.objects.get(username="rosa")
    assert services.time_zone_name(person) == "America/Los_Angeles"
    now = services.local_now(person)  # in Los Angeles
    day = now.date() if now.hour < 17 else now.date() + timedelta(days=1)

    page.get_by_label("Message the assistant").fill("remind me to call mom at 5pm")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Call mom")
    expect(row(page, "Call mom")).to_contain_text(("Today" if day == now.date() else "Tomorrow") + " 17:00")
    expect(row(page, "Call mom")).to_contain_text("Has a reminder")

    task = Task.objects.get(user=person)
    assert (task.title, task.due_date, task.due_time.hour, task.reminders) == (
        "Call mom",
        day,
        17,
        [{"minutes_before": 0}],
    )
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


def test_a_pushed_reminder_is_shown_by_the_service_worker(browser, site: str, django_user_model, settings):
    """The server pushes through a push service (VAPID checked, payload decrypted); the decrypted message is
    handed to this browser's service worker as a push service would, and it shows the notification."""
    settings.TODO_PUSH_SERVICES = ["*"]
    service, server = push_service.start()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["notifications"], origin=site)
    page = context.new_page()
    try:
        sign_up(page, site, "pia")
        person = django_user_model.objects.get(username="pia")
        page.goto(f"{site}/accounts/settings/")
        expect(page.locator("[data-push-status]")).to_have_text("Off on this device.")
        expect(page.get_by_role("button", name="Turn on")).to_be_visible()

        # What the Turn on button sends once the browser's push service has subscribed it (Chromium's own
        # push service is not reachable here, so the local one hands out the subscription).
        subscription = service.subscribe().as_browser_gives_it()
        status = page.evaluate(
            """async ([url, body]) => (await fetch(url, {method: "POST", body: JSON.stringify(body),
                headers: {"Content-Type": "application/json",
                          "X-CSRFToken": document.querySelector("[name=csrfmiddlewaretoken]").value}})).status""",
            ["/notifications/push/subscribe/", subscription],
        )
        assert status == 201

        task = services.add_task(
            person,
            actor=SETUP_ACTOR,
            title="Call mom",
            due_date=services.local_today(person) + timedelta(days=1),
            due_time=timezone.localtime().time(),
        )
        Reminder.objects.filter(task_id=task.pk).update(fire_at=timezone.now() - timedelta(seconds=1))
        reminders.deliver_now()
        assert service.refused == []
        (received,) = service.received

        cdp = context.new_cdp_session(page)
        registrations: list[dict] = []
        cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
        cdp.send("ServiceWorker.enable")
        assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")  # installed and activated
        deadline = time.monotonic() + 20
        while not any(r["scopeURL"] == f"{site}/" for r in registrations) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        registration = next(r for r in registrations if r["scopeURL"] == f"{site}/" and not r["isDeleted"])
        shown: list = []
        while not shown and time.monotonic() < deadline:
            # As a push service would: delivered again until it lands (the tag folds a second copy into one).
            cdp.send(
                "ServiceWorker.deliverPushMessage",
                {
                    "origin": site,
                    "registrationId": registration["registrationId"],
                    "data": json.dumps(received.payload),
                },
            )
            page.wait_for_timeout(300)
            shown = page.evaluate(
                "navigator.serviceWorker.ready.then(r => r.getNotifications())"
                ".then(shown => shown.map(n => [n.title, n.tag, n.data.url]))"
            )
        notification = Notification.objects.get(user=person)
        assert shown == [["Call mom", f"reminder-{notification.reminder_id}", f"/notifications/{notification.pk}/"]]

        page.goto(site + shown[0][2])  # where a click on it goes
        expect(page.get_by_label("Title")).to_have_value("Call mom")
    finally:
        context.close()
        server.shutdown()
