"""``manage.py prune_activity``: delete activity older than the retention period, in batches."""

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Subquery
from django.utils import timezone

from tasks.models import Activity, IdempotencyKey

AGE = re.compile(r"^(?P<amount>\d{1,6})(?P<unit>[dhw]?)$")
UNITS = {"": "days", "d": "days", "h": "hours", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """'90d', '12h', '4w' or a bare number of days."""
    match = AGE.match(text.strip().lower())
    if match is None:
        raise CommandError(f"--older-than must look like 90d, 12h or 4w, not {text!r}.")
    return timedelta(**{UNITS[match["unit"]]: int(match["amount"])})


class Command(BaseCommand):
    help = (
        "Delete activity records older than the retention period (default TODO_ACTIVITY_RETENTION_DAYS), "
        "in batches so a table of millions is never locked at once; also drops expired idempotency keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            default=f"{settings.TODO_ACTIVITY_RETENTION_DAYS}d",
            help="Age of the records to delete: 90d, 12h, 4w (default: %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")
        parser.add_argument("--batch-size", type=int, default=10_000, help="Rows per DELETE (default 10000).")

    def handle(self, *args: Any, older_than: str, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        cutoff = timezone.now() - parse_age(older_than)
        old = Activity.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} activity records older than {cutoff:%Y-%m-%d %H:%M} would be deleted.")
            return
        deleted = 0
        while True:
            # One indexed batch at a time (created_at, then the primary key), each its own short statement.
            batch = old.order_by("pk").values("pk")[:batch_size]
            count, _ = Activity.objects.filter(pk__in=Subquery(batch)).delete()
            deleted += count
            if count < batch_size:
                break
        keys, _ = IdempotencyKey.objects.expired().delete()
        self.stdout.write(
            f"Deleted {deleted} activity records older than {cutoff:%Y-%m-%d %H:%M} "
            f"and {keys} expired idempotency keys."
        )
