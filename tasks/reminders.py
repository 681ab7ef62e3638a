"""Reminders: when each goes off, and how it reaches the person once (in the app, by email, by Web Push).

A task says what reminders it wants (``Task.reminders``, ``tasks.schedule``);
``schedule_task`` turns that, with its due day and time and the owner's time
zone, into ``Reminder`` rows (one per moment, future ones only) whenever one of
those changes, and enqueues ``deliver_due`` for each new moment on Django's
tasks framework (``django.tasks``; the ``django-tasks-db`` backend by default,
run by ``manage.py db_worker``).

Delivery, with any number of workers:

- In the app, exactly once: one statement takes a batch of due reminders
  (``FOR UPDATE SKIP LOCKED``, so workers share the work without waiting),
  marks them delivered and writes their ``Notification`` rows and the
  ``Outbox`` rows for the other channels. It commits whole or not at all: a
  worker killed mid-batch leaves the batch to the next, and the notification's
  unique ``reminder`` makes a second copy impossible whatever happens.
- By email and push, each ``Outbox`` row is locked, sent and deleted in one
  transaction, so a worker killed mid-send leaves it for the next worker. The
  one window left (the mail server accepted the message, the worker died before
  its COMMIT) repeats that one message with the same ``Message-ID``, which mail
  clients fold into one; a push carries the same ``tag`` (the browser replaces
  the notification). Nothing is dropped.

A reminder of a task that is done by its moment is passed over (marked
delivered, nothing sent); one that fell due while no worker ran is delivered
when one starts, marked late.
"""

import logging
from datetime import datetime, timedelta, tzinfo
from typing import Final

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from . import push, schedule
from .models import Notification, Outbox, Profile, PushSubscription, Reminder, Task

log = logging.getLogger(__name__)

BATCH: Final = 500
"""Reminders one statement delivers in the app: large enough that 100,000 due at once take a few hundred."""
LATE_AFTER: Final = timedelta(minutes=5)
"""A reminder delivered this long after its moment is marked late."""
RETRY_AFTER: Final = timedelta(seconds=30)
"""When a worker looks again at reminders another worker holds (it may have died holding them)."""

_REMINDERS = Reminder._meta.db_table
_NOTIFICATIONS = Notification._meta.db_table
_OUTBOX = Outbox._meta.db_table
_TASKS = Task._meta.db_table
_PROFILES = Profile._meta.db_table
_SUBSCRIPTIONS = PushSubscription._meta.db_table
_USERS = get_user_model()._meta.db_table


def _enqueue(moments: list[datetime]) -> None:
    for moment in sorted(set(moments)):
        deliver_due.using(run_after=moment).enqueue()


_SCHEDULE: Final = f"""
    WITH wanted AS (SELECT DISTINCT unnest(%(moments)s::timestamptz[]) AS fire_at),
    dropped AS (
        DELETE FROM {_REMINDERS} WHERE task_id = %(task_id)s AND delivered_at IS NULL
        AND fire_at NOT IN (SELECT fire_at FROM wanted)
    )
    INSERT INTO {_REMINDERS} (user_id, task_id, fire_at) SELECT %(user_id)s, %(task_id)s, fire_at FROM wanted
    ON CONFLICT (task_id, fire_at) DO NOTHING
    RETURNING fire_at
"""  # noqa: S608  (the models' own tables; every value is a parameter)


def schedule_task(task: Task, zone: tzinfo | None = None) -> None:
    """Make the task's pending reminder rows the future moments it asks for now (``zone``: its owner's, looked
    up when not given), and have a worker wake at each new one. Moments already delivered stay delivered."""
    if zone is None:
        zone = schedule.zone_named(Profile.objects.time_zone_of(task.user_id))
    now = timezone.now()
    moments = [
        moment for moment in schedule.reminder_times(task.reminders, task.due_date, task.due_time, zone) if moment > now
    ]
    with connection.cursor() as cursor:
        cursor.execute(_SCHEDULE, {"moments": moments, "task_id": task.pk, "user_id": task.user_id})
        added = [row[0] for row in cursor.fetchall()]
    _enqueue(added)


def reschedule_user(user, zone: tzinfo) -> None:
    """Move the reminders of every task of the user's that has some: their clock changed (a new time zone)."""
    for reminded in Task.objects.for_user(user).pending().exclude(reminders=[]):
        schedule_task(reminded, zone)


_DELIVER: Final = f"""
    WITH due AS (
        SELECT id, user_id, task_id, fire_at FROM {_REMINDERS}
        WHERE delivered_at IS NULL AND fire_at <= %(now)s
        ORDER BY fire_at LIMIT %(batch)s FOR UPDATE SKIP LOCKED
    ), marked AS (
        UPDATE {_REMINDERS} AS reminder SET delivered_at = %(now)s FROM due WHERE reminder.id = due.id
    ), notified AS (
        INSERT INTO {_NOTIFICATIONS} (user_id, reminder_id, task_id, title, fire_at, late, created_at)
        SELECT due.user_id, due.id, task.id, task.title, due.fire_at, due.fire_at < %(late_before)s, %(now)s
        FROM due JOIN {_TASKS} AS task ON task.id = due.task_id AND task.user_id = due.user_id AND NOT task.completed
        ON CONFLICT (reminder_id) DO NOTHING
        RETURNING id, user_id
    ), emailed AS (
        INSERT INTO {_OUTBOX} (notification_id, channel, created_at)
        SELECT notified.id, 'email', %(now)s FROM notified
        JOIN {_PROFILES} AS profile ON profile.user_id = notified.user_id AND profile.email_reminders
        JOIN {_USERS} AS person ON person.id = notified.user_id AND person.email <> ''
    ), pushed AS (
        INSERT INTO {_OUTBOX} (notification_id, channel, subscription_id, created_at)
        SELECT notified.id, 'push', subscription.id, %(now)s FROM notified
        JOIN {_SUBSCRIPTIONS} AS subscription ON subscription.user_id = notified.user_id
    )
    SELECT (SELECT COUNT(*) FROM due), (SELECT COUNT(*) FROM notified)
"""  # noqa: S608


def _deliver_in_app() -> tuple[int, int]:
    """Deliver one batch of due reminders in the app (and queue their emails and pushes): how many were due,
    and how many reached the person (the rest were of tasks already done)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_DELIVER, {"now": now, "late_before": now - LATE_AFTER, "batch": BATCH})
        due, notified = cursor.fetchone()
    return due, notified


def _send(item: Outbox) -> None:
    notification = item.notification
    if item.channel == Outbox.Channel.EMAIL:
        _email(notification)
    elif item.subscription is not None:
        push.send(item.subscription, push.payload(notification, _task_path(notification)))


def _task_path(notification: Notification) -> str:
    """Where a click on the reminder goes: the notification, which marks it read and opens its task."""
    return reverse("web:open_notification", args=[notification.pk])


def _email(notification: Notification) -> None:
    person = notification.user
    zone = schedule.zone_named(Profile.objects.time_zone_of(person.pk))
    moment = notification.fire_at.astimezone(zone).strftime("%a %-d %b %H:%M")
    late = " (sent late: no reminder worker was running then)" if notification.late else ""
    link = f"{settings.TODO_PUBLIC_URL or 'http://127.0.0.1:8000'}{_task_path(notification)}"
    EmailMessage(
        subject=f"Reminder: {notification.title}",
        body=f"{notification.title}\n\nReminder for {moment}{late}.\n\nOpen it: {link}\n",
        to=[person.email],
        headers={"Message-ID": f"<reminder-{notification.reminder_id or notification.pk}@{_mail_domain()}>"},
    ).send()


def _mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"


def _send_one() -> bool:
    """Send the oldest unsent email or push nobody else is sending; False when there is none."""
    with transaction.atomic():
        item = (
            Outbox.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__user", "subscription")
            .order_by("pk")
            .first()
        )
        if item is None:
            return False
        try:
            _send(item)
        except push.Gone:
            log.info("push subscription %s expired; dropped", item.subscription_id)
            if item.subscription is not None:
                item.subscription.delete()  # and its outbox rows with it
            return True
        item.delete()
    return True


def _still_held() -> bool:
    """Whether reminders are due and undelivered now: held by another worker, which may have died holding them."""
    return Reminder.objects.filter(delivered_at__isnull=True, fire_at__lte=timezone.now()).exists()


def deliver_now() -> int:
    """Deliver every reminder due now, in the app and then by email and push; how many reached the app."""
    delivered = 0
    while True:
        due, notified = _deliver_in_app()
        delivered += notified
        if due < BATCH:
            break
    failed = 0
    while True:
        try:
            if not _send_one():
                break
        except Exception:  # a mail server or push service down: left in the outbox for the next run
            log.exception("sending a reminder failed; it stays queued")
            failed += 1
            break
    if failed or _still_held() or Outbox.objects.exists():
        deliver_due.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
    return delivered


@task()
def deliver_due() -> int:
    """The worker's job: deliver what is due (``deliver_now``). Enqueued for each reminder's moment."""
    return deliver_now()
