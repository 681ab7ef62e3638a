"""The web pages' latency: the tasks page and a chat turn through the page, under the production server.

One request at a time on a kept-alive loopback connection, so each sample is
the server's time for the page plus a loopback round trip (tens of
microseconds), not a queue. Each request is signed in with the session of one
of many seeded users (100 tasks each), in rotation: the first page of a
realistic list, with its tab counts and the chat panel's latest conversation.
"""

import secrets
import sys
from collections.abc import Sequence
from typing import Any

import httpx

from bench.databases import BenchDatabase
from bench.processes import LOOPBACK, free_port, serving
from bench.stats import summarize

CHAT_PHRASES = ("What's pending?", "Add a task to buy bread", "Show me all my tasks", "What have I completed?")


def _client(base_url: str, session: str) -> httpx.Client:
    # Production cookies are Secure (HTTPS only), so the client sends them by hand over loopback HTTP.
    # A 32-character CSRF secret is a valid token as cookie and header alike.
    csrf = secrets.token_hex(16)
    return httpx.Client(
        base_url=base_url,
        headers={"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf},
        timeout=10,
    )


def _timed(client: httpx.Client, method: str, path: str, **options: Any) -> float:
    response = client.request(method, path, **options)
    if response.status_code != 200:
        raise RuntimeError(f"{method} {path} answered {response.status_code}: {response.text[:200]}")
    return response.elapsed.total_seconds()


def measure(
    database: BenchDatabase,
    users: Sequence[dict[str, Any]],
    *,
    requests: int,
    chat_turns: int,
    warmup: int,
    server_args: Sequence[str],
) -> dict[str, Any]:
    port = free_port()
    base_url = f"http://{LOOPBACK}:{port}"
    command = [sys.executable, "-m", "gunicorn", *server_args, "--bind", f"{LOOPBACK}:{port}"]
    page_samples: list[float] = []
    chat_samples: list[float] = []
    with serving(command, port=port, env=database.env(), log_name=f"web-{database.label}"):
        clients = [_client(base_url, user["session"]) for user in users]
        try:
            for number in range(warmup + requests):
                elapsed = _timed(clients[number % len(clients)], "GET", "/tasks/")
                if number >= warmup:
                    page_samples.append(elapsed)
            for number in range(warmup + chat_turns):
                client = clients[number % len(clients)]
                form = {"message": CHAT_PHRASES[number % len(CHAT_PHRASES)]}
                elapsed = _timed(client, "POST", "/chat/", data=form, headers={"HX-Request": "true"})
                if number >= warmup:
                    chat_samples.append(elapsed)
        finally:
            for client in clients:
                client.close()
    server = "gunicorn " + " ".join([*server_args, "--bind", f"{LOOPBACK}:PORT"])
    print(
        f"  web: tasks page p95 {summarize(page_samples)['p95_ms']} ms, chat turn p95 "
        f"{summarize(chat_samples)['p95_ms']} ms",
        file=sys.stderr,
    )
    return {
        "server": server,
        "users": len(users),
        "tasks_page": summarize(page_samples),
        "chat_turn": summarize(chat_samples),
    }
