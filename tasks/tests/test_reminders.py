"""Reminders: their moments follow the task, and each reaches the person once (in the app, by email), with
real workers (``manage.py db_worker``) and a real SMTP server (aiosmtpd)."""

import os
import signal
import subprocess
import sys
import threading
import time as clock
from datetime import date, datetime, time, timedelta
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from conftest import SETUP_ACTOR
from mcp_bridge.tests.processes import database_url, free_port
from tasks import reminders, services, undo
from tasks.models import Activity, Notification, Outbox, Reminder

UTC = ZoneInfo("UTC")


def _moments(task) -> list[datetime]:
    return sorted(Reminder.objects.filter(task_id=task.pk, delivered_at=None).values_list("fire_at", flat=True))


def _tomorrow_at(hour: int) -> tuple[date, time]:
    return timezone.localdate(timezone=UTC) + timedelta(days=1), time(hour)


@pytest.mark.django_db
class TestMoments:
    def test_they_follow_the_due_time_the_rule_and_the_time_zone(self, user):
        day, at = _tomorrow_at(17)
        task = services.add_task(
            user, actor=SETUP_ACTOR, title="Call", due_date=day, due_time=at, reminders=[{"minutes_before": 30}]
        )
        assert _moments(task) == [datetime.combine(day, time(16, 30), tzinfo=UTC)]

        services.update_task(user, task.pk, actor=SETUP_ACTOR, due_time=time(18))
        assert _moments(task) == [datetime.combine(day, time(17, 30), tzinfo=UTC)]

        services.set_time_zone(user, "Europe/Paris")  # 17:30 in Paris is an hour earlier in UTC
        paris = ZoneInfo("Europe/Paris")
        assert _moments(task) == [datetime.combine(day, time(17, 30), tzinfo=paris)]

    def test_a_deleted_task_is_not_reminded_and_undo_brings_its_reminder_back(self, user):
        day, at = _tomorrow_at(9)
        task = services.add_task(user, actor=SETUP_ACTOR, title="Call", due_date=day, due_time=at)
        assert len(_moments(task)) == 1  # the default: at its time
        services.delete_task(user, task.pk, actor=SETUP_ACTOR)
        undo.undo_activity(user, Activity.objects.for_user(user).get(action="deleted").pk, actor=SETUP_ACTOR)
        assert _moments(task) == [datetime.combine(day, at, tzinfo=UTC)]
        services.delete_task(user, task.pk, actor=SETUP_ACTOR)
        _due_now(task)
        assert reminders.deliver_now() == 0
        assert not Notification.objects.exists()

    def test_past_moments_are_not_scheduled(self, user):
        task = services.add_task(
            user, actor=SETUP_ACTOR, title="Old", due_date=date(2020, 1, 1), reminders=[{"minutes_before": 0}]
        )
        assert _moments(task) == []


def _due_now(task, *, ago: timedelta = timedelta(seconds=1)) -> None:
    """Make the task's reminder fall due (its moment, as if the clock had moved on)."""
    Reminder.objects.filter(task_id=task.pk).update(fire_at=timezone.now() - ago)


@pytest.mark.django_db
class TestDelivery:
    def _reminded(self, user, title="Call mom"):
        day, at = _tomorrow_at(17)
        return services.add_task(user, actor=SETUP_ACTOR, title=title, due_date=day, due_time=at)

    def test_a_due_reminder_reaches_the_app_once(self, user, other_user):
        task = self._reminded(user)
        self._reminded(other_user, "Not yours")
        _due_now(task)
        assert reminders.deliver_now() == 1
        assert reminders.deliver_now() == 0
        notification = Notification.objects.get()
        assert (notification.user, notification.task_id, notification.title, notification.late) == (
            user,
            task.pk,
            "Call mom",
            False,
        )

    def test_one_that_fell_due_with_no_worker_is_delivered_late(self, user):
        task = self._reminded(user)
        _due_now(task, ago=timedelta(hours=3))
        reminders.deliver_now()
        assert Notification.objects.get().late

    def test_a_done_task_is_not_reminded(self, user):
        task = self._reminded(user)
        services.complete_task(user, task.pk, actor=SETUP_ACTOR)
        _due_now(task)
        assert reminders.deliver_now() == 0
        assert not Notification.objects.exists()
        assert not Reminder.objects.filter(delivered_at=None).exists()  # passed over, not left to pile up


class Inbox:
    """A real SMTP server on loopback, keeping what it is sent."""

    def __init__(self):
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def inbox():
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _smtp(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False},
        }
    }


@pytest.mark.django_db
def test_reminders_are_emailed_to_those_who_gave_an_address(inbox, settings, make_user):
    handler, port = inbox
    _smtp(settings, port)
    with_address, without = make_user("ada"), make_user("bob")
    with_address.email = "ada@example.com"
    with_address.save()
    for person in (with_address, without):
        day, at = _tomorrow_at(17)
        _due_now(services.add_task(person, actor=SETUP_ACTOR, title=f"Call {person}", due_date=day, due_time=at))

    assert reminders.deliver_now() == 2

    assert len(handler.messages) == 1
    recipients, message = handler.messages[0]
    assert recipients == ["ada@example.com"]
    assert message["Subject"] == "Reminder: Call ada"
    assert message["Message-ID"].startswith("<reminder-")
    assert "/notifications/" in message.get_payload(decode=True).decode()
    assert not Outbox.objects.exists()


@pytest.mark.django_db
def test_an_unreachable_mail_server_keeps_the_email_for_later(settings, user):
    _smtp(settings, 9)  # nothing listens on the discard port
    user.email = "me@example.com"
    user.save()
    day, at = _tomorrow_at(17)
    _due_now(services.add_task(user, actor=SETUP_ACTOR, title="Call", due_date=day, due_time=at))
    reminders.deliver_now()
    assert Notification.objects.count() == 1  # in the app at once
    assert Outbox.objects.filter(channel="email").count() == 1  # and the email waits for the next run


def _worker(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(inbox, make_user):
    """Two real workers share a batch of due reminders; one is killed while they deliver. The other (and a
    job it leaves for later) delivers the rest: every reminder reaches the app exactly once and every email
    arrives; only the one email in flight at the kill may arrive twice, under the same Message-ID."""
    handler, port = inbox
    count = reminders.BATCH + 100
    person = make_user("busy")
    person.email = "busy@example.com"
    person.save()
    day, at = _tomorrow_at(17)
    for number in range(count):
        services.add_task(person, actor=SETUP_ACTOR, title=f"Task {number}", due_date=day, due_time=at)
    Reminder.objects.update(fire_at=timezone.now() - timedelta(seconds=1))
    for _ in range(2):
        reminders.deliver_due.enqueue()

    workers = [_worker(port), _worker(port)]
    try:
        deadline = clock.monotonic() + 90
        while len(handler.messages) < 20 and clock.monotonic() < deadline:
            clock.sleep(0.02)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        while clock.monotonic() < deadline and (
            Reminder.objects.filter(delivered_at=None).exists() or Outbox.objects.exists()
        ):
            clock.sleep(0.2)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    assert not Reminder.objects.filter(delivered_at=None).exists()
    assert not Outbox.objects.exists()
    delivered = list(Notification.objects.values_list("reminder_id", flat=True))
    assert len(delivered) == len(set(delivered)) == count
    ids = [message["Message-ID"] for _, message in handler.messages]
    assert len(set(ids)) == count
    assert len(ids) - len(set(ids)) <= 1


@pytest.mark.django_db
def test_undoing_a_new_time_moves_the_reminder_back(user):
    day, at = _tomorrow_at(9)
    task = services.add_task(user, actor=SETUP_ACTOR, title="Call", due_date=day, due_time=at)
    services.update_task(user, task.pk, actor=SETUP_ACTOR, due_time=time(11))
    assert _moments(task) == [datetime.combine(day, time(11), tzinfo=UTC)]
    undo.undo_activity(user, Activity.objects.for_user(user).get(action="updated").pk, actor=SETUP_ACTOR)
    assert _moments(task) == [datetime.combine(day, at, tzinfo=UTC)]


@pytest.mark.django_db
def test_a_repeating_task_done_reminds_at_its_next_day_and_undo_brings_the_first_back(user):
    day, at = _tomorrow_at(7)
    task = services.add_task(user, actor=SETUP_ACTOR, title="Swim", due_date=day, due_time=at, repeat="FREQ=DAILY")
    services.complete_task(user, task.pk, actor=SETUP_ACTOR)
    assert _moments(task) == [datetime.combine(day, at, tzinfo=UTC) + timedelta(days=1)]
    undo.undo_activity(user, Activity.objects.for_user(user).get(action="completed").pk, actor=SETUP_ACTOR)
    assert _moments(task) == [datetime.combine(day, at, tzinfo=UTC)]
