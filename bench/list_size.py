"""Does a list cost more for a person with many tasks? The same requests for 100 tasks and for 10,000.

Runs inside Django (see bench/django_side.py), on the seeded database. One
person is given 10,000 tasks in 50 lists with 200 labels (once per database,
written as the seed writes, then vacuumed as autovacuum would), and the first
page of ``GET /api/tasks/`` (all, and pending), of the tasks page (all, and
the Inbox in manual order) and of the ``list_tasks`` tool (called in process,
as the chat agent calls it) are timed through the whole stack for them and for
a seeded person with 100, request by request in turn, so both see the same
machine.
"""

import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from bench import seeding
from mcp_bridge.toolbox import call_tool
from tasks import organize
from tasks.activity import Actor
from tasks.models import Channel, Label, Profile, Task, TaskList

BIG_USER = "bench-big-list"
BIG_TASKS = 10_000
BIG_LISTS = 50
BIG_LABELS = 200
REQUESTS = {
    "GET /api/tasks/": ("api", "/api/tasks/"),
    "GET /api/tasks/?status=pending": ("api", "/api/tasks/?status=pending"),
    "GET /tasks/ (the page)": ("web", "/tasks/"),
    "GET /tasks/?list=inbox&order=manual": ("web", "/tasks/?list=inbox&order=manual"),
    "list_tasks (MCP tool, in process)": ("tool", {"status": "pending"}),
}


def _big_user():
    """The person with BIG_TASKS tasks, made the first time."""
    users = get_user_model().objects
    existing = users.filter(username=BIG_USER).first()
    if existing is not None:
        if not TaskList.objects.for_user(existing).exists():  # made before lists existed
            _organize(existing)
            seeding.analyze(Task)
        return existing
    user = users.create_user(username=BIG_USER, password=None)
    rows = seeding.task_rows([user.pk], BIG_TASKS, random.Random(7))
    seeding.bulk_insert(Task, seeding.TASK_FIELDS, rows)
    seeding.bulk_insert(Profile, seeding.PROFILE_FIELDS, seeding.profile_rows([user.pk], BIG_TASKS))
    Profile.objects.recount()
    _organize(user)
    seeding.analyze(Task)
    return user


def _organize(user) -> None:
    """Spread the person's tasks over 50 lists (a fifth stay in the Inbox), give them up to three of 200 labels,
    and a place in their list: as a person who uses lists and labels has them."""
    lists = TaskList.objects.bulk_create(TaskList(user=user, name=f"List {n}") for n in range(BIG_LISTS))
    Label.objects.bulk_create(Label(user=user, name=f"label{n}") for n in range(BIG_LABELS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Task._meta.db_table} SET
                list_id = CASE WHEN number %% 5 = 0 THEN NULL ELSE %(first)s + number %% %(lists)s END,
                labels = (SELECT COALESCE(array_agg('label' || ((number * 7 + k * 13) %% %(labels)s)), '{{}}')
                          FROM generate_series(1, number %% 4) AS k),
                position = lpad(to_hex(%(count)s - number), 8, '0')
            WHERE user_id = %(user)s
            """,  # noqa: S608  (the model's own table; every value is a parameter)
            {"first": lists[0].pk, "lists": BIG_LISTS, "labels": BIG_LABELS, "count": BIG_TASKS, "user": user.pk},
        )
    organize.recount()  # written around tasks.store, which keeps the lists' and labels' counts


def _clients(user) -> dict[str, Client]:
    web = Client(HTTP_HOST="127.0.0.1")
    web.force_login(user)
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return {"api": api, "web": web, "tool": ToolCaller(user)}


class ToolCaller:
    """The ``list_tasks`` tool as the chat agent calls it (in process), with the answer of a client's GET."""

    status_code = 200

    def __init__(self, user):
        self.user = user

    def get(self, arguments: dict[str, Any]) -> "ToolCaller":
        call_tool(self.user, "list_tasks", arguments, actor=Actor(Channel.MCP))
        return self


def run(*, rounds: int, summarize: Callable[[Sequence[float]], Any]) -> dict[str, Any]:
    small = get_user_model().objects.filter(username__startswith="seed-user-").order_by("id")[2]
    big = _big_user()
    people = {"small": (small, _clients(small)), "big": (big, _clients(big))}
    sizes = {name: Task.objects.for_user(user).count() for name, (user, _) in people.items()}
    organized = {
        name: {"lists": TaskList.objects.for_user(user).count(), "labels": Label.objects.for_user(user).count()}
        for name, (user, _) in people.items()
    }
    samples: dict[str, dict[str, list[float]]] = {request: {"small": [], "big": []} for request in REQUESTS}
    for round_number in range(rounds + 20):  # the first 20 warm imports, connections and plans
        for request, (kind, path) in REQUESTS.items():
            for name, (_, clients) in people.items():
                started = time.perf_counter()
                response = clients[kind].get(path)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code} for {name}")
                if round_number >= 20:
                    samples[request][name].append(elapsed)
    results = {}
    for request, measured in samples.items():
        small_summary, big_summary = summarize(measured["small"]), summarize(measured["big"])
        results[request] = {
            "small": small_summary,
            "big": big_summary,
            "p95_ratio": round(big_summary["p95_ms"] / small_summary["p95_ms"], 3),
        }
    return {"tasks": sizes, "organized": organized, "requests": results, "server_version": connection.pg_version}
