"""Destructive calls ask the person first when the client can ask (elicitation), over a real runmcp process.

Both ways a protocol asks: mid-call (2025-11-25, the initialize handshake desktop clients speak) and
as an input-required round the client answers (2026-07-28, which a stateless server can ask through).
A client without the capability is not asked: the call proceeds as documented.
"""

import pytest
from mcp import StdioServerParameters
from mcp_types import ElicitResult

from mcp_bridge.server import request_state_security
from mcp_bridge.tools.confirm import NOT_CONFIRMED
from tasks.models import Task

from .clients import connected
from .processes import MANAGE, PROJECT_DIR, committed_users, runmcp_env

# Committed data, not a test transaction: the server process must see it, and a test transaction's
# clearing of the limits' cache table would hold locks the server waits on.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(transactional_db, django_db_blocker):
    with committed_users(django_db_blocker, "asked_ada") as (ada,):
        yield ada


def server() -> StdioServerParameters:
    return StdioServerParameters(
        command=MANAGE[0], args=[*MANAGE[1:], "runmcp"], cwd=str(PROJECT_DIR), env=runmcp_env(TODO_MCP_USER="asked_ada")
    )


class Person:
    """The client's elicitation callback: records each question and answers as told."""

    def __init__(self, answer: str, confirm: bool = True):
        self.answer, self.confirm, self.asked = answer, confirm, []

    async def __call__(self, context, params) -> ElicitResult:
        self.asked.append(params.message)
        content = {"confirm": self.confirm} if self.answer == "accept" else None
        return ElicitResult(action=self.answer, content=content)


def _exists(task_id: int, django_db_blocker) -> bool:
    with django_db_blocker.unblock():
        return Task.objects.filter(pk=task_id).exists()


@pytest.mark.parametrize("mode", ["legacy", "2026-07-28"])
def test_a_delete_is_asked_first_and_a_refusal_changes_nothing(person, django_db_blocker, mode):
    declining, accepting = Person("decline"), Person("accept")

    with connected(server(), mode=mode, elicitation_callback=declining) as client:
        kept = client.ok("add_task", {"title": "Keep me"})["task_id"]
        gone = client.ok("add_task", {"title": "Bin me"})["task_id"]
        refused = client.error("delete_task", {"task_id": kept})
    with connected(server(), mode=mode, elicitation_callback=accepting) as client:
        deleted = client.ok("delete_task", {"task_id": gone})

    assert declining.asked == [f"Delete task {kept}, “Keep me”? It can be undone from the activity log."]
    assert "Nothing changed" in refused or "declin" in refused.lower(), refused
    assert _exists(kept, django_db_blocker)
    assert accepting.asked and deleted["status"] == "deleted" and not _exists(gone, django_db_blocker)


def test_an_answer_of_no_in_the_form_is_a_refusal_too(person, django_db_blocker):
    with connected(server(), mode="legacy", elicitation_callback=Person("accept", confirm=False)) as client:
        task = client.ok("add_task", {"title": "Still here"})["task_id"]
        assert client.error("delete_task", {"task_id": task}) == NOT_CONFIRMED
    assert _exists(task, django_db_blocker)


def test_a_client_that_cannot_ask_deletes_as_before_and_only_a_forced_undo_asks(person, django_db_blocker):
    with connected(server(), mode="legacy") as client:
        task = client.ok("add_task", {"title": "No questions"})["task_id"]
        assert client.ok("delete_task", {"task_id": task})["status"] == "deleted"
    assert not _exists(task, django_db_blocker)

    asking = Person("decline")
    with connected(server(), mode="legacy", elicitation_callback=asking) as client:
        task = client.ok("add_task", {"title": "Draft"})["task_id"]
        client.ok("update_task", {"task_id": task, "title": "Final"})
        client.ok("update_task", {"task_id": task, "priority": "high"})
        changes = client.ok("list_activity", {"task_id": task})["activities"]
        rename = next(change["id"] for change in changes if change["after"].get("title") == "Final")
        client.ok("update_task", {"task_id": task, "title": "Final, really"})
        refused = client.error("undo_activity", {"activity_id": rename})  # not forced: refused, nobody asked
        assert asking.asked == [] and "changed since" in refused
        client.error("undo_activity", {"activity_id": rename, "force": True})  # forced: asked, declined
    assert len(asking.asked) == 1 and asking.asked[0].startswith(f"Undo change {rename} ")
    with django_db_blocker.unblock():
        assert Task.objects.get(pk=task).title == "Final, really"


def test_the_state_of_a_question_opens_in_any_process_of_the_deployment(settings):
    """A 2026-07-28 answer may reach another worker than its question: the sealing key comes from SECRET_KEY
    (the SDK's default is a key of one process), and the fallbacks still open what the old key sealed."""
    sealed = request_state_security().codec.seal(b"question 1")
    assert request_state_security().codec.unseal(sealed) == b"question 1"  # what a second process builds

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-rotated-secret-key-" + "x" * 40
    assert request_state_security().codec.unseal(sealed) == b"question 1"


def test_the_question_never_shows_another_persons_task(person, django_db_blocker, django_user_model):
    with django_db_blocker.unblock():
        other = django_user_model.objects.create_user("asked_bob")
        theirs = Task.objects.create(user=other, title="Bob's secret plan", number=1)
    asking = Person("accept")
    with connected(server(), mode="legacy", elicitation_callback=asking) as client:
        refused = client.error("delete_task", {"task_id": theirs.pk})
    assert refused == f"Task {theirs.pk} not found"
    assert asking.asked == [f"Delete task {theirs.pk}? It can be undone from the activity log."]
    assert _exists(theirs.pk, django_db_blocker)
