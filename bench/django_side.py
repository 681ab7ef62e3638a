"""The benchmark steps that run inside Django, in a child process bound to one bench database.

    python -m bench.django_side fixtures --count 40 --task-ids 20
    python -m bench.django_side explain
    python -m bench.django_side chat --turns 200 --history 100
    python -m bench.django_side activity --rounds 500
    python -m bench.django_side round_trips
    python -m bench.django_side list_size --rounds 300

Each prints one JSON document on stdout. The parent (bench/run.py) sets
DATABASE_URL and the other settings in the environment, so this module reads
none itself.
"""

import argparse
import json
import os
import secrets
import sys
import time
from datetime import timedelta
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from bench.stats import summarize  # noqa: E402
from tasks.models import Task  # noqa: E402

User = get_user_model()
SEED_PREFIX = "seed-user-"


def spread_users(count: int) -> list[Any]:
    """``count`` seeded users picked evenly from first to last, so no corner of the table is favoured."""
    user_ids = list(User.objects.filter(username__startswith=SEED_PREFIX).order_by("id").values_list("id", flat=True))
    if not user_ids:
        raise SystemExit("No seeded users: run python -m bench.seed first.")
    count = min(count, len(user_ids))
    picked = [user_ids[index * (len(user_ids) - 1) // max(1, count - 1)] for index in range(count)]
    users = User.objects.in_bulk(picked)
    return [users[user_id] for user_id in picked]


def _session_key(user) -> str:
    """A signed-in browser session for ``user``, as the sign-in page would create it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _oauth_token(user, application) -> str:
    """An OAuth access token for ``user`` from the bench's app, stored as the server stores them (a digest)."""
    from oauth2_provider.models import get_access_token_model, set_token_value

    raw = secrets.token_urlsafe(30)
    token = get_access_token_model()(
        user=user, application=application, scope="tasks:read tasks:write", expires=timezone.now() + timedelta(days=1)
    )
    set_token_value(token, raw)
    token.save()
    return raw


def fixtures(count: int, task_ids: int, credentials: int) -> dict[str, Any]:
    """Users across the table with a JWT, a browser session and some of their pending task ids each.

    The first ``credentials`` users also get a personal access token and an
    OAuth access token, to compare what verifying each kind costs.
    """
    from oauth2_provider.models import get_application_model

    from mcp_bridge.tokens import create_mcp_token

    application, _ = get_application_model().objects.get_or_create(
        name="bench",
        defaults={
            "client_type": "public",
            "authorization_grant_type": "authorization-code",
            "redirect_uris": "https://bench.example/callback",
        },
    )
    rows = []
    for number, user in enumerate(spread_users(count)):
        pending_ids = list(Task.objects.for_user(user).pending().order_by("id").values_list("id", flat=True)[:task_ids])
        row = {
            "user_id": user.pk,
            "username": user.get_username(),
            "token": str(AccessToken.for_user(user)),
            "session": _session_key(user),
            "pending_task_ids": pending_ids,
        }
        if number < credentials:
            row["pat"] = create_mcp_token(user, name="bench").secret
            row["oauth"] = _oauth_token(user, application)
        rows.append(row)
    return {"users": rows}


def explain() -> dict[str, Any]:
    """The plans of the queries a real GET /api/tasks/ runs, for a user in the middle of the table.

    The queries are captured from the request itself (through the whole REST
    stack), so the plans stay true whatever the view and paginator do.
    """
    user = spread_users(3)[1]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    plans = []
    for query_string in ("", "status=pending", "search=report"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/tasks/?{query_string}")
        if response.status_code != 200:
            raise SystemExit(f"GET /api/tasks/?{query_string} answered {response.status_code}")
        for query in captured.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
            plans.append({"request": f"GET /api/tasks/?{query_string}", "sql": query["sql"], "plan": plan})
    return {"user_id": user.pk, "plans": plans}


def chat(turns: int, history: int, warmup: int) -> dict[str, Any]:
    """Chat turns with the rules agent, each on a different conversation holding ``history`` messages."""
    from bench.chat_turns import run_chat_turns

    return run_chat_turns(turns=turns, history=history, warmup=warmup, summarize=summarize)


def activity(rounds: int) -> dict[str, Any]:
    """The activity log's cost: the record in a write, and reading a long history."""
    from bench.activity_cost import run

    return run(rounds=rounds, summarize=summarize)


def list_size(rounds: int) -> dict[str, Any]:
    """The list for a person with 10,000 tasks beside the list for a person with 100."""
    from bench.list_size import run

    return run(rounds=rounds, summarize=summarize)


def round_trips() -> dict[str, Any]:
    """What each MCP tool call asks of the database and of Redis, counted."""
    from bench.round_trips import run

    return run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    fixtures_parser = commands.add_parser("fixtures")
    fixtures_parser.add_argument("--count", type=int, default=40)
    fixtures_parser.add_argument("--task-ids", type=int, default=20)
    fixtures_parser.add_argument("--credentials", type=int, default=0)
    commands.add_parser("explain")
    chat_parser = commands.add_parser("chat")
    chat_parser.add_argument("--turns", type=int, default=200)
    chat_parser.add_argument("--history", type=int, default=100)
    chat_parser.add_argument("--warmup", type=int, default=20)
    activity_parser = commands.add_parser("activity")
    activity_parser.add_argument("--rounds", type=int, default=500)
    commands.add_parser("round_trips")
    size_parser = commands.add_parser("list_size")
    size_parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.command == "fixtures":
        result = fixtures(args.count, args.task_ids, args.credentials)
    elif args.command == "explain":
        result = explain()
    elif args.command == "activity":
        result = activity(args.rounds)
    elif args.command == "round_trips":
        result = round_trips()
    elif args.command == "list_size":
        result = list_size(args.rounds)
    else:
        result = chat(args.turns, args.history, args.warmup)
    result["seconds"] = round(time.perf_counter() - started, 2)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
