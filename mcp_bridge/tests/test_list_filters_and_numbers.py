"""Due-date filters, order and per-person task numbers, at every edge: services, REST, MCP (the agent's
are in the phrasing corpus). Another person's tasks never appear, whatever the filter."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tasks import services
from tasks.activity import Actor
from tasks.models import Activity, Channel, Profile, Task
from tasks.undo import undo_activity

ACTOR = Actor(Channel.REST)
TASKS = "/api/tasks/"


@pytest.fixture
def dated(user, other_user, make_task):
    """Tasks due on either side of today, and the same for someone else."""
    today = timezone.localdate()
    made = {
        "overdue": make_task(user, "Overdue", due_date=today - timedelta(days=2)),
        "done late": make_task(user, "Done late", due_date=today - timedelta(days=1)),
        "today": make_task(user, "Today", due_date=today, priority="high"),
        "tomorrow": make_task(user, "Tomorrow", due_date=today + timedelta(days=1), priority="low"),
        "in a week": make_task(user, "In six days", due_date=today + timedelta(days=6)),
        "later": make_task(user, "Later", due_date=today + timedelta(days=7)),
        "undated": make_task(user, "Undated"),
    }
    services.complete_task(user, made["done late"].pk, actor=ACTOR)
    for title in ("Bob overdue", "Bob today"):
        make_task(other_user, title, due_date=today - timedelta(days=2) if "overdue" in title else today)
    return today


EXPECTED = {
    "today": ["Today"],
    "tomorrow": ["Tomorrow"],
    "week": ["Today", "Tomorrow", "In six days"],
    "overdue": ["Overdue"],
    "none": ["Undated"],
}


@pytest.mark.parametrize("due", EXPECTED)
def test_due_filters_through_rest_and_mcp(api, mcp, dated, due):
    over_rest = [task["title"] for task in api.get(TASKS, {"due": due, "order": "due"}).json()["results"]]
    over_mcp = [task["title"] for task in mcp.ok("list_tasks", {"due": due, "order": "due"})["tasks"]]
    assert over_rest == over_mcp == EXPECTED[due]


def test_a_date_window_includes_its_ends_and_orders_by_due_date(api, mcp, dated):
    window = {"due_after": dated.isoformat(), "due_before": (dated + timedelta(days=6)).isoformat(), "order": "due"}
    assert [t["title"] for t in api.get(TASKS, window).json()["results"]] == ["Today", "Tomorrow", "In six days"]
    assert [t["title"] for t in mcp.ok("list_tasks", window)["tasks"]] == ["Today", "Tomorrow", "In six days"]
    reversed_window = {"due_after": window["due_before"], "due_before": window["due_after"]}
    assert api.get(TASKS, reversed_window).json()["results"] == []  # an empty window matches nothing


def test_priority_order_puts_high_first_and_low_last(api, dated):
    titles = [t["title"] for t in api.get(TASKS, {"order": "priority", "status": "pending"}).json()["results"]]
    assert titles[0] == "Today" and titles[-1] == "Tomorrow"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"due": "yesterday"}, "due"),
        ({"due_before": "2026-02-30"}, "due_before"),
        ({"due_after": "soon"}, "due_after"),
        ({"order": "random"}, "order"),
        ({"due": ""}, "due"),
    ],
)
def test_a_filter_value_it_cannot_use_is_a_400_or_a_tool_error_naming_it(api, mcp, query, field):
    response = api.get(TASKS, query)
    assert response.status_code == 400 and list(response.json()) == [field]
    if query.get(field):
        assert mcp.error("list_tasks", query).startswith(f"{field}:")


def test_today_is_the_persons_today_in_their_time_zone(api, user, make_task):
    """UTC+14 and UTC-11: at any moment one of them is on another date than the server (UTC)."""
    now = timezone.now()
    zone = next(
        name
        for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
        if now.astimezone(ZoneInfo(name)).date() != now.date()
    )
    their_today = now.astimezone(ZoneInfo(zone)).date()
    make_task(user, "Due on their today", due_date=their_today)
    make_task(user, "Due on the server's today", due_date=now.date())
    Profile.objects.filter(user=user).update(time_zone=zone)
    assert services.local_today(user) == their_today
    assert [t["title"] for t in api.get(TASKS, {"due": "today"}).json()["results"]] == ["Due on their today"]


def test_each_persons_tasks_are_numbered_from_one_and_numbers_are_never_reused(user, other_user, make_task):
    first, second = make_task(user, "First"), make_task(user, "Second")
    theirs = make_task(other_user, "Theirs")
    assert (first.number, second.number, theirs.number) == (1, 2, 1)
    services.delete_task(user, second.pk, actor=ACTOR)
    assert make_task(user, "Third").number == 3  # not 2 again


def test_undoing_a_delete_brings_the_task_back_under_its_number(user, make_task):
    task = make_task(user, "Keep my number")
    make_task(user, "Another")
    services.delete_task(user, task.pk, actor=ACTOR)
    deletion = Activity.objects.for_user(user).filter(action="deleted").get()
    undo_activity(user, deletion.pk, actor=ACTOR)
    assert Task.objects.for_user(user).get(title="Keep my number").number == 1


def test_numbers_are_returned_and_found_over_rest_and_mcp(api, mcp, user, make_task):
    make_task(user, "One")
    two = make_task(user, "Two")
    assert api.get(f"{TASKS}{two.pk}/").json()["number"] == 2
    found = mcp.ok("list_tasks", {"number": 2})["tasks"]
    assert [(task["id"], task["number"]) for task in found] == [(two.pk, 2)]
    assert mcp.ok("add_task", {"title": "Three"})["number"] == 3


def test_another_persons_number_finds_nothing(mcp, other_user, make_task):
    make_task(other_user, "Theirs")
    assert mcp.ok("list_tasks", {"number": 1}) == {"tasks": [], "total": 0}
