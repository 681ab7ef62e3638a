"""``python -m bench.seed``: the reference load (10k users x 100 tasks, 1M messages) for benchmarks.

It lives beside the benchmarks it serves, not in the project: the settings
come from the environment (``DATABASE_URL``), as for ``manage.py``.

Refuses a database that already holds users unless ``--allow-existing`` is
given: seeding is for a fresh benchmark database, never for one with people in
it. Seeded users share one password hash (unusable unless ``--password`` is
given), computed once, because hashing 10k passwords at full strength would
take an hour. Benchmarks mint tokens for them directly.
"""

import os
import random
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
django.setup()


from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management.base import BaseCommand, CommandError, CommandParser  # noqa: E402
from django.db import transaction  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench import seeding  # noqa: E402
from conversations.models import Conversation, Message  # noqa: E402
from tasks.models import Profile, Task  # noqa: E402


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Fill a fresh database with N users, M tasks each and K chat messages, for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=_positive, default=10_000, help="How many users (default 10000).")
        parser.add_argument("--tasks-per-user", type=_positive, default=100, help="Tasks per user (default 100).")
        parser.add_argument(
            "--messages",
            type=_positive,
            default=1_000_000,
            help="Chat messages in all, spread over the users' conversations (default 1000000).",
        )
        parser.add_argument(
            "--messages-per-conversation",
            type=_positive,
            default=100,
            help="Messages in each conversation (default 100; the last may be shorter).",
        )
        parser.add_argument("--username-prefix", default="seed-user-", help="Usernames are PREFIX00001, ...")
        parser.add_argument(
            "--password",
            default=None,
            help="One password for every seeded user (default: unusable, so nobody can log in).",
        )
        parser.add_argument("--random-seed", type=int, default=1, help="The same seed gives the same data.")
        parser.add_argument(
            "--allow-existing", action="store_true", help="Seed even though the database already holds users."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        users, tasks_per_user = options["users"], options["tasks_per_user"]
        messages, per_conversation = options["messages"], options["messages_per_conversation"]
        if users == 0 and (tasks_per_user or messages):
            raise CommandError("Tasks and messages need users: pass --users 1 or more.")
        if messages and not per_conversation:
            raise CommandError("--messages-per-conversation must be at least 1.")
        user_model = get_user_model()
        existing = user_model.objects.count()
        if existing and not options["allow_existing"]:
            raise CommandError(
                f"The database already holds {existing} user(s). Seed a fresh database, "
                "or pass --allow-existing to add seed users beside them."
            )
        prefix = options["username_prefix"]
        if user_model.objects.filter(username__startswith=prefix).exists():
            raise CommandError(
                f"Users named {prefix}... already exist: seed a fresh database or pick another --username-prefix."
            )

        # Reproducible data, not secrets: a seeded PRNG is the point.
        rng = random.Random(options["random_seed"])
        plans_rng = random.Random(options["random_seed"] + 1)
        conversation_count = -(-messages // per_conversation) if messages else 0
        total_rows = users + users * tasks_per_user + conversation_count + messages
        started = time.perf_counter()
        with (
            tqdm(
                total=total_rows,
                unit="rows",
                unit_scale=True,
                file=self.stderr._out,
                disable=options["no_progress"],
                mininterval=0.5,
            ) as progress,
            transaction.atomic(),
        ):
            progress.set_description("users")
            user_ids = self._create_users(users, prefix, options["password"])
            progress.update(users)
            progress.set_description("tasks")
            seeding.bulk_insert(
                Task, seeding.TASK_FIELDS, seeding.task_rows(user_ids, tasks_per_user, rng), on_batch=progress.update
            )
            seeding.bulk_insert(Profile, seeding.PROFILE_FIELDS, seeding.profile_rows(user_ids, tasks_per_user))
            Profile.objects.recount()  # the counts tasks.store keeps, for tasks written around it
            plans = seeding.plan_conversations(user_ids, messages, per_conversation, plans_rng) if messages else []
            progress.set_description("conversations")
            seeding.bulk_insert(
                Conversation, seeding.CONVERSATION_FIELDS, seeding.conversation_rows(plans), on_batch=progress.update
            )
            conversation_ids = list(
                Conversation.objects.filter(user__username__startswith=prefix)
                .order_by("id")
                .values_list("id", flat=True)
            )
            progress.set_description("messages")
            seeding.bulk_insert(
                Message,
                seeding.MESSAGE_FIELDS,
                seeding.message_rows(plans, conversation_ids, plans_rng),
                on_batch=progress.update,
            )
        seeding.analyze(user_model, Task, Profile, Conversation, Message)
        self.stdout.write(
            f"Seeded {users} users, {users * tasks_per_user} tasks, {len(plans)} conversations "
            f"and {messages} messages in {time.perf_counter() - started:.1f} s."
        )

    def _create_users(self, count: int, prefix: str, password: str | None) -> list[int]:
        """Users ``prefix00001``... with one shared hash, in creation order."""
        user_model = get_user_model()
        password_hash = make_password(password)
        width = max(5, len(str(count)))
        joined = seeding.REFERENCE_TIME.replace(year=seeding.REFERENCE_TIME.year - 2)
        user_model.objects.bulk_create(
            (
                user_model(
                    username=seeding.username_for(prefix, position, width),
                    password=password_hash,
                    email=f"{seeding.username_for(prefix, position, width)}@example.com",
                    date_joined=joined,
                )
                for position in range(count)
            ),
            batch_size=2_000,
        )
        return list(
            user_model.objects.filter(username__startswith=prefix).order_by("username").values_list("id", flat=True)
        )


if __name__ == "__main__":
    Command().run_from_argv(["python -m", "bench.seed", *sys.argv[1:]])
