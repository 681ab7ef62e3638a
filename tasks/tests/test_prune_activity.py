"""manage.py prune_activity: retention in batches, a dry run, and clear errors."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tasks import services, undo
from tasks.activity import Actor
from tasks.models import Activity, Channel, IdempotencyKey, Task

WEB = Actor(Channel.WEB)


def age(activity_ids, days: int) -> None:
    Activity.objects.filter(pk__in=activity_ids).update(created_at=timezone.now() - timedelta(days=days))


def test_old_records_go_in_batches_recent_ones_stay(user, make_task):
    old = [make_task(user, f"Old {number}") for number in range(5)]
    age(Activity.objects.filter(task_id__in=[task.pk for task in old]).values_list("pk", flat=True), 100)
    recent = make_task(user, "Recent")
    output = StringIO()

    call_command("prune_activity", "--older-than", "90d", "--batch-size", "2", stdout=output)

    assert list(Activity.objects.values_list("task_id", flat=True)) == [recent.pk]
    assert "Deleted 5 activity records" in output.getvalue()
    assert Task.objects.count() == 6  # the tasks themselves are never touched


def test_a_dry_run_counts_and_deletes_nothing(user, make_task):
    task = make_task(user, "Old")
    age([Activity.objects.get(task_id=task.pk).pk], 10)
    output = StringIO()
    call_command("prune_activity", "--older-than", "1w", "--dry-run", stdout=output)
    assert output.getvalue().startswith("1 activity records older than")
    assert Activity.objects.count() == 1


def test_pruning_an_undone_record_keeps_the_undo(user, make_task):
    task = make_task(user, "Gym")
    services.delete_task(user, task.pk, actor=WEB)
    deletion = Activity.objects.get(action="deleted")
    restore = undo.undo_activity(user, deletion.pk, actor=WEB).records[0]
    age([deletion.pk], 200)
    call_command("prune_activity", stdout=StringIO())
    restore.refresh_from_db()
    assert not Activity.objects.filter(pk=deletion.pk).exists() and restore.undoes_id is None


def test_expired_idempotency_keys_go_too(user):
    services.add_task(user, actor=WEB, title="Milk", idempotency_key="k1")
    services.add_task(user, actor=WEB, title="Bread", idempotency_key="k2")
    IdempotencyKey.objects.filter(key="k1").update(created_at=timezone.now() - timedelta(hours=25))
    call_command("prune_activity", stdout=StringIO())
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k2"]


@pytest.mark.parametrize("value", ["ninety", "90m", "--older-than=-1d", ""])
def test_a_bad_age_is_a_clear_error(db, value):
    arguments = [value] if value.startswith("--") else ["--older-than", value]
    with pytest.raises(CommandError, match="--older-than must look like"):
        call_command("prune_activity", *arguments, stdout=StringIO())
