"""The resources and prompts a client can attach as context: the person's own tasks, read fresh."""

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from mcp.shared.exceptions import MCPError

from mcp_bridge.server import build_server
from mcp_bridge.tests.clients import connected
from tasks import services
from tasks.activity import Actor
from tasks.models import Channel


def test_the_server_lists_four_resources_and_two_prompts(mcp):
    resources, prompts = mcp.listing()
    assert sorted(resources) == ["todo://agenda/today", "todo://lists", "todo://profile", "todo://tasks/pending"]
    assert sorted(prompts) == ["plan_my_day", "weekly_review"]


def test_pending_tasks_are_the_persons_own_most_urgent_first(mcp, user, other_user, make_task):
    today = timezone.localdate()
    make_task(user, "Someday")
    make_task(user, "Due Friday", due_date=today + timedelta(days=3))
    make_task(user, "Due tomorrow", due_date=today + timedelta(days=1), priority="high")
    done = make_task(user, "Already done")
    services.complete_task(user, done.pk, actor=Actor(Channel.WEB))
    make_task(other_user, "Not yours")
    text = mcp.resource("todo://tasks/pending")
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert [line.split(" ", 2)[2].split(" (")[0].split(" [")[0] for line in lines] == [
        "Due tomorrow",
        "Due Friday",
        "Someday",
    ]
    assert "Not yours" not in text and "Already done" not in text
    assert "(due tomorrow, high priority)" in text


def test_todays_agenda_has_what_is_overdue_and_due_today(mcp, user, make_task):
    today = timezone.localdate()
    make_task(user, "Late", due_date=today - timedelta(days=2))
    make_task(user, "Now", due_date=today)
    make_task(user, "Later", due_date=today + timedelta(days=5))
    text = mcp.resource("todo://agenda/today")
    overdue, due_today = text.split("## Due today")
    assert "Late" in overdue and "Now" in due_today and "Later" not in text


def test_plan_my_day_orders_what_matters_today(mcp, user, make_task):
    today = timezone.localdate()
    make_task(user, "Important, undated", priority="high")
    make_task(user, "Due today", due_date=today)
    make_task(user, "Overdue", due_date=today - timedelta(days=1))
    make_task(user, "Unimportant, undated")
    text = mcp.prompt("plan_my_day", {"hours": "3"})
    assert "about 3 hours" in text
    assert text.index("Overdue") < text.index("Due today") < text.index("Important, undated")
    assert "Unimportant" not in text


def test_weekly_review_has_what_got_done_what_is_late_and_what_is_undated(mcp, user, make_task):
    today = timezone.localdate()
    finished = make_task(user, "Finished this week")
    services.complete_task(user, finished.pk, actor=Actor(Channel.WEB))
    make_task(user, "Late", due_date=today - timedelta(days=3))
    make_task(user, "No date")
    text = mcp.prompt("weekly_review")
    done, rest = text.split("## Overdue")
    late, undated = rest.split("## No due date")
    assert "Finished this week" in done and "Late" in late and "No date" in undated


def test_a_connection_without_the_read_scope_cannot_read_them(transactional_db, user, serve_as):
    serve_as(user, scopes=frozenset({"tasks:write"}))
    with connected(build_server()) as writer, pytest.raises(MCPError, match="Insufficient scope"):
        writer.resource("todo://tasks/pending")


def test_the_profile_resource_gives_the_time_zone_and_today_there(mcp, user):
    assert json.loads(mcp.resource("todo://profile")) == {
        "time_zone": "",
        "effective_time_zone": "UTC",
        "today": timezone.now().date().isoformat(),
    }
    services.set_time_zone(user, "Pacific/Kiritimati")  # UTC+14: "today" there is often tomorrow in UTC
    assert json.loads(mcp.resource("todo://profile")) == {
        "time_zone": "Pacific/Kiritimati",
        "effective_time_zone": "Pacific/Kiritimati",
        "today": services.local_today(user).isoformat(),
    }
    assert services.local_today(user) == timezone.now().astimezone(ZoneInfo("Pacific/Kiritimati")).date()


def test_the_lists_resource_and_the_plan_know_the_persons_lists(mcp, user, other_user, make_task):
    from conftest import SETUP_ACTOR
    from tasks import organize

    work = organize.create_list(user, actor=SETUP_ACTOR, name="Work")
    organize.create_list(other_user, actor=SETUP_ACTOR, name="Not yours")
    today = timezone.localdate()
    make_task(user, "Ship it", list_id=work.pk, labels=["launch"], steps=["Test"], due_date=today)
    make_task(user, "Call mom", due_date=today)
    listed = mcp.resource("todo://lists")
    assert "- Inbox: 1 to do" in listed and f"- Work: 1 to do [list {work.pk}]" in listed
    assert "#launch: 1 to do" in listed and "Not yours" not in listed
    assert "in Work, #launch, 0/1 steps done" in mcp.resource("todo://tasks/pending")
    plan = mcp.prompt("plan_my_day", {"list": "Work"})
    assert "Ship it" in plan and "Call mom" not in plan and "in my Work list" in plan
