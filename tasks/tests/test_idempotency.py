"""Retry-safe adds: one key, one task, per user, for a day."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tasks import services
from tasks.activity import Actor
from tasks.idempotency import IdempotencyKeyConflict
from tasks.models import Activity, Channel, IdempotencyKey, Task
from todo_project.errors import Conflict

AGENT = Actor(Channel.MCP, "Claude Desktop")


def add(user, key, title="Buy milk", **fields):
    return services.add_task(user, actor=AGENT, title=title, idempotency_key=key, **fields)


def test_the_same_key_twice_adds_once_and_returns_the_first_task(user):
    first = add(user, "retry-1")
    again = add(user, "retry-1")
    assert again.pk == first.pk
    assert Task.objects.count() == 1 and Activity.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_writes_nothing(user):
    first = add(user, "retry-1", "Buy milk")
    with pytest.raises(IdempotencyKeyConflict) as conflict:
        add(user, "retry-1", "Buy bread")
    assert isinstance(conflict.value, Conflict)
    assert f"(task {first.pk})" in conflict.value.message and "different task" in conflict.value.message
    assert list(Task.objects.values_list("title", flat=True)) == ["Buy milk"]


def test_keys_are_per_user(user, other_user):
    mine = add(user, "shared-key")
    theirs = add(other_user, "shared-key")
    assert mine.pk != theirs.pk and theirs.user == other_user


def test_a_key_older_than_a_day_no_longer_counts(user):
    first = add(user, "old-key")
    IdempotencyKey.objects.update(created_at=IdempotencyKey.objects.get().created_at - timedelta(hours=25))
    second = add(user, "old-key")
    assert second.pk != first.pk
    assert IdempotencyKey.objects.get().task_id == second.pk


def test_a_replay_after_the_task_was_deleted_says_so(user):
    first = add(user, "gone")
    services.delete_task(user, first.pk, actor=AGENT)
    with pytest.raises(IdempotencyKeyConflict, match="has since been deleted"):
        add(user, "gone")
    assert not Task.objects.exists()


@pytest.mark.parametrize("key", ["", "   ", "k" * 256, 42])
def test_a_bad_key_is_a_field_error(user, key):
    with pytest.raises(ValidationError) as error:
        add(user, key)
    assert "idempotency_key" in error.value.message_dict
    assert not Task.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_racing_adds_with_one_key_add_once(make_user):
    owner = make_user("racer")
    barrier = threading.Barrier(2, timeout=20)
    task_ids, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            task_ids.append(add(owner, "race-key").pk)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(set(task_ids)) == 1
    assert Task.objects.for_user(owner).count() == 1
