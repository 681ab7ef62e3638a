"""The activity feed: every channel's changes, newest first, with Undo, and nobody else's."""

from datetime import date, time

from tasks import services
from tasks.activity import Actor
from tasks.models import Activity, Channel, Task

from .conftest import htmx

AGENT = Actor(Channel.MCP, "Claude Desktop")


def test_the_feed_lists_the_users_changes_from_every_channel(signed_in, user, other_user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=AGENT, title="Final report", priority="high")
    make_task(other_user, "Bob's secret")
    page = signed_in.get("/activity/")
    content = page.content.decode()
    assert [activity.title for activity in page.context["activities"]] == ["Final report", "Report"]
    assert "MCP · Claude Desktop" in content
    assert "renamed from “Report”; priority medium → high" in content
    assert "Bob" not in content
    assert [a.channel for a in signed_in.get("/activity/", {"channel": "mcp"}).context["activities"]] == ["mcp"]


def test_the_feed_pages_backwards(signed_in, user, make_task):
    for number in range(55):
        make_task(user, f"Task {number}")
    first = signed_in.get("/activity/")
    assert len(first.context["activities"]) == 50
    older = signed_in.get(first.context["older_url"])
    assert [a.title for a in older.context["activities"]] == [f"Task {number}" for number in range(4, -1, -1)]
    assert older.context["older_url"] is None


def test_undo_from_the_feed(signed_in, user, make_task):
    task = make_task(user, "Gym")
    services.delete_task(user, task.pk, actor=AGENT)
    deletion = Activity.objects.get(action="deleted")
    response = signed_in.post(f"/activity/{deletion.pk}/undo/", {"next": "/activity/"}, follow=True)
    assert Task.objects.filter(pk=task.pk).exists()
    assert "Brought back “Gym”." in response.content.decode()
    assert "Undone" in response.content.decode()


def test_a_refused_undo_says_why_and_offers_to_force(signed_in, user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=AGENT, title="Draft")
    rename = Activity.objects.get(action="updated")
    services.complete_task(user, task.pk, actor=AGENT)
    response = signed_in.post(f"/activity/{rename.pk}/undo/", headers=htmx("toasts"))
    content = response.content.decode()
    assert "has changed since" in content and "Undo anyway" in content
    assert "HX-Trigger" not in response
    forced = signed_in.post(f"/activity/{rename.pk}/undo/", {"force": "1"}, headers=htmx("toasts"))
    assert forced["HX-Trigger"] == '{"tasksChanged": {}}'
    assert Task.objects.get(pk=task.pk).title == "Report"


def test_another_users_activity_cannot_be_undone(signed_in, other_user, make_task):
    theirs = make_task(other_user, "Bob's task")
    change = Activity.objects.get(task_id=theirs.pk)
    assert signed_in.post(f"/activity/{change.pk}/undo/").status_code == 404
    assert signed_in.post(f"/activity/groups/{change.group_id}/undo/").status_code == 404
    assert Task.objects.filter(pk=theirs.pk).exists()


def test_undo_never_redirects_off_site(signed_in, user, make_task):
    task = make_task(user, "Gym")
    change = Activity.objects.get(task_id=task.pk)
    response = signed_in.post(f"/activity/{change.pk}/undo/", {"next": "https://evil.example/"})
    assert response["Location"] == "/activity/"


def test_the_feed_says_what_changed_in_time_repeat_and_reminders(signed_in, user, make_task):
    rent = services.add_task(
        user, actor=Actor(Channel.WEB), title="Rent", due_date=date(2030, 1, 1), repeat="FREQ=MONTHLY;BYMONTHDAY=1"
    )
    services.complete_task(user, rent.pk, actor=Actor(Channel.WEB))
    services.update_task(user, rent.pk, actor=Actor(Channel.WEB), due_time=time(9), reminders=[{"minutes_before": 5}])
    services.update_task(user, rent.pk, actor=Actor(Channel.WEB), repeat="")

    page = signed_in.get("/activity/").content.decode()

    assert "repeats, next due Fri 1 Feb 2030" in page
    assert "— at 9:00; reminders changed" in page
    assert "no longer repeats" in page


def test_the_feed_names_the_assistant_not_a_conversation_number(signed_in, user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=Actor.for_conversation(7), title="Final report")
    content = signed_in.get("/activity/").content.decode()
    assert '<span class="source">Assistant</span>' in content
    assert "conversation 7" not in content


def test_undo_latest_takes_back_the_newest_web_change_that_stands_and_only_ones_own(
    signed_in, user, other_user, make_task
):
    web = Actor(Channel.WEB, "")
    assert "Nothing to undo." in signed_in.post("/activity/undo-latest/", follow=True).content.decode()
    milk = services.add_task(user, actor=web, title="Milk")
    services.update_task(user, milk.pk, actor=web, title="Oat milk")
    agents = make_task(user, "Agent's task")  # not a change made on the web: `u` leaves it
    services.update_task(user, agents.pk, actor=AGENT, title="Agent's renamed task")
    theirs = services.add_task(other_user, actor=web, title="Bob's newest")

    first = signed_in.post("/activity/undo-latest/", headers=htmx("toasts"))
    assert first["HX-Trigger"] == '{"tasksChanged": {}}' and "Changed back “Milk”." in first.content.decode()
    second = signed_in.post("/activity/undo-latest/", headers=htmx("toasts"))
    assert "Removed “Milk”." in second.content.decode()
    assert not Task.objects.filter(pk=milk.pk).exists()
    third = signed_in.post("/activity/undo-latest/", headers=htmx("toasts"))
    assert "Nothing to undo." in third.content.decode() and "HX-Trigger" not in third
    assert Task.objects.get(pk=agents.pk).title == "Agent's renamed task"
    assert Task.objects.filter(pk=theirs.pk).exists()
