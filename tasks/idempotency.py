"""Retry-safe adds: an agent that times out and retries with the same key does not add twice.

The key is stored in the transaction that adds the task, under a unique
(user, key) constraint: of two racing adds with one key, one inserts and the
other fails on the constraint, rolls back its task, and answers with the
winner's task instead.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from todo_project.errors import Conflict, refuse_null_characters

from .fields import EDITABLE
from .models import IdempotencyKey, Task


class IdempotencyKeyConflict(Conflict):
    code = "idempotency_key_conflict"


def _fingerprint(task: Task) -> str:
    """A digest of what is being added, so a key reused for another task is noticed."""
    fields = {name: getattr(task, name) for name in EDITABLE}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _validated_key(key: object) -> str:
    if not isinstance(key, str) or not key.strip():
        raise ValidationError({"idempotency_key": "Must be a non-empty string."})
    key = key.strip()
    refuse_null_characters({"idempotency_key": key})
    if len(key) > IdempotencyKey.KEY_MAX_LENGTH:
        raise ValidationError(
            {"idempotency_key": f"Ensure this value has at most {IdempotencyKey.KEY_MAX_LENGTH} characters."}
        )
    return key


def _replay(user, earlier: IdempotencyKey, fingerprint: str) -> Task:
    if earlier.fingerprint != fingerprint:
        raise IdempotencyKeyConflict(
            f"The idempotency key “{earlier.key}” was already used to add a different task "
            f"(task {earlier.task_id}); use a new key for a new task."
        )
    task = Task.objects.for_user(user).filter(pk=earlier.task_id).first()
    if task is None:
        raise IdempotencyKeyConflict(
            f"The task added with the idempotency key “{earlier.key}” (task {earlier.task_id}) has since been deleted."
        )
    return task


def add_once(user, key: object, task: Task, *, insert: Callable[[], Task]) -> Task:
    """Add the validated, unsaved ``task`` with ``insert`` (which returns it added) unless this key already added it.

    Returns the new task, or the one the key's first use added (same fields,
    within ``IdempotencyKey.LIFETIME``).
    """
    key = _validated_key(key)
    fingerprint = _fingerprint(task)
    try:
        with transaction.atomic():
            earlier = IdempotencyKey.objects.for_user(user).filter(key=key).first()
            if earlier is not None:
                if earlier.created_at >= IdempotencyKey.expiry_cutoff():
                    return _replay(user, earlier, fingerprint)
                earlier.delete()
            added = insert()
            IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint, task_id=added.pk)
            return added
    except IntegrityError:
        # A concurrent add with the same key committed first; its task is the answer.
        winner = IdempotencyKey.objects.for_user(user).filter(key=key).first()
        if winner is None:
            raise
        return _replay(user, winner, fingerprint)
