"""`python -m bench.seed` at tiny sizes: refusal, counts, ownership, repeatability."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from bench.seed import Command
from conversations.models import Conversation, Message
from tasks.models import Profile, Task

User = get_user_model()

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command(Command(), stdout=out, stderr=StringIO(), no_progress=True, **options)
    return out.getvalue()


SMALL = {"users": 4, "tasks_per_user": 5, "messages": 22, "messages_per_conversation": 6}


def test_seed_refuses_a_database_that_holds_users(make_user):
    make_user("alice")
    with pytest.raises(CommandError, match="already holds 1 user"):
        seed(**SMALL)
    assert not Task.objects.exists()
    assert User.objects.count() == 1


def test_seed_beside_existing_users_when_told(make_user):
    make_user("alice")
    seed(**SMALL, allow_existing=True)
    assert User.objects.count() == 5
    assert not Task.objects.filter(user__username="alice").exists()


def test_seed_creates_the_counts_asked_for():
    output = seed(**SMALL)
    assert User.objects.count() == 4
    assert Task.objects.count() == 20
    assert Message.objects.count() == 22
    # 22 messages, 6 a conversation: 3 full ones and one of 4.
    assert sorted(Conversation.objects.annotate(n=Count("messages")).values_list("n", flat=True)) == [4, 6, 6, 6]
    assert "Seeded 4 users, 20 tasks, 4 conversations and 22 messages" in output
    # Each person's counts, as tasks.store would have kept them had the tasks been added one by one.
    for profile in Profile.objects.all():
        tasks = Task.objects.for_user(profile.user)
        assert (profile.task_count, profile.completed_count) == (tasks.count(), tasks.filter(completed=True).count())


def test_every_seeded_row_belongs_to_a_seeded_user():
    seed(**SMALL)
    seeded = set(User.objects.filter(username__startswith="seed-user-").values_list("id", flat=True))
    assert len(seeded) == 4
    per_user = dict(Task.objects.values_list("user").annotate(n=Count("id")))
    assert per_user == dict.fromkeys(seeded, 5)
    assert set(Conversation.objects.values_list("user", flat=True)) <= seeded
    assert not Message.objects.exclude(user=F("conversation__user")).exists()


def test_seeded_users_cannot_log_in_unless_given_a_password():
    seed(users=2, tasks_per_user=0, messages=0)
    assert not any(user.has_usable_password() for user in User.objects.all())
    User.objects.all().delete()
    seed(users=2, tasks_per_user=0, messages=0, password="bench-pass-123")
    assert all(user.check_password("bench-pass-123") for user in User.objects.all())


def test_seeded_conversations_alternate_roles_and_move_with_their_last_message():
    seed(users=1, tasks_per_user=0, messages=6, messages_per_conversation=6)
    conversation = Conversation.objects.get()
    messages = list(conversation.messages.in_order())
    assert [message.role for message in messages] == ["user", "assistant"] * 3
    assert conversation.title == messages[0].content
    assert conversation.updated_at == messages[-1].created_at
    assert all(isinstance(message.tool_calls, list) for message in messages)


def snapshot() -> list[tuple]:
    tasks = Task.objects.order_by("id").values_list(
        "user__username", "title", "description", "completed", "priority", "due_date", "created_at"
    )
    messages = Message.objects.order_by("id").values_list(
        "user__username", "role", "content", "tool_calls", "created_at"
    )
    return [*tasks, *messages]


def test_the_same_seed_gives_the_same_data():
    seed(**SMALL)
    first = snapshot()
    User.objects.all().delete()
    seed(**SMALL)
    assert snapshot() == first
    User.objects.all().delete()
    seed(**SMALL, random_seed=2)
    assert snapshot() != first
