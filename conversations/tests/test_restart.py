"""A server restart in the middle of a conversation loses nothing: the history is the only memory."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from rest_framework_simplejwt.tokens import AccessToken

from mcp_bridge.tests.processes import MANAGE, PROJECT_DIR, database_url, free_port, wait_for_port
from tasks.models import Task

# A fresh runserver imports the project on its first request; on a loaded CI machine that takes longer
# than httpx's default 5 s.
TIMEOUT = 60


@contextmanager
def web_server(port: int) -> Iterator[str]:
    """``manage.py runserver`` on the test database, stopped (like a restart) when the block ends."""
    env = {"DATABASE_URL": database_url(), "TODO_AGENT": "rules", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [*MANAGE, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_question_asked_before_a_restart_is_answered_after_it(make_user, make_task):
    owner = make_user("restarter")
    make_task(owner, "Team meeting")
    newest = make_task(owner, "Meeting with Bob")
    headers = {"Authorization": f"Bearer {AccessToken.for_user(owner)}"}
    port = free_port()

    with web_server(port) as base_url:
        asked = httpx.post(
            f"{base_url}/api/chat/", json={"message": "Delete the meeting task"}, headers=headers, timeout=TIMEOUT
        )
    assert asked.status_code == 200
    assert "Which one did you mean?" in asked.json()["response"]

    with web_server(port) as base_url:
        answered = httpx.post(
            f"{base_url}/api/chat/",
            json={"message": "the first one", "conversation_id": asked.json()["conversation_id"]},
            headers=headers,
            timeout=TIMEOUT,
        )
        history = httpx.get(
            f"{base_url}/api/conversations/{asked.json()['conversation_id']}/", headers=headers, timeout=TIMEOUT
        )
    assert answered.json()["response"] == f"Done. I deleted “Meeting with Bob” (task {newest.number})."
    assert list(Task.objects.for_user(owner).values_list("title", flat=True)) == ["Team meeting"]
    assert [message["role"] for message in history.json()["messages"]] == ["user", "assistant"] * 2
