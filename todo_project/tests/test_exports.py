"""Taking your data out: everything as JSON, tasks as CSV, over REST and the web; only ever your own."""

import csv
import io
import json
from datetime import date, time

import pytest
from django.test import Client

from conftest import SETUP_ACTOR
from conversations import services as chat
from tasks import services


@pytest.fixture
def lived_in(user, other_user):
    services.set_time_zone(user, "Europe/Lisbon")
    services.add_task(
        user,
        actor=SETUP_ACTOR,
        title="Standup, daily",
        description='notes with "quotes"',
        due_date=date(2030, 1, 7),
        due_time=time(9, 30),
        repeat="FREQ=DAILY",
    )
    done = services.add_task(user, actor=SETUP_ACTOR, title="Pay rent", priority="high")
    services.complete_task(user, done.pk, actor=SETUP_ACTOR)
    chat.send_message(user, message="what's pending?")
    services.add_task(other_user, actor=SETUP_ACTOR, title="Bob's secret")
    chat.send_message(other_user, message="add bob's other secret")
    return user


@pytest.mark.django_db
def test_the_json_holds_everything_of_ones_own(api, lived_in):
    response = api.get("/api/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="todo-')
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("todo-export", 1)
    assert data["profile"]["time_zone"] == "Europe/Lisbon"
    assert [task["title"] for task in data["tasks"]] == ["Standup, daily", "Pay rent"]
    standup = data["tasks"][0]
    assert (standup["due_date"], standup["due_time"], standup["repeat"]) == ("2030-01-07", "09:30:00", "FREQ=DAILY")
    assert [change["action"] for change in data["activity"]] == ["created", "created", "completed"]
    (conversation,) = data["conversations"]
    assert [message["role"] for message in conversation["messages"]] == ["user", "assistant"]
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_the_csv_holds_ones_tasks(api, lived_in):
    response = api.get("/api/export/", {"as": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["number"], row["title"], row["completed"]) for row in rows] == [
        ("1", "Standup, daily", "False"),
        ("2", "Pay rent", "True"),
    ]
    assert rows[0]["description"] == 'notes with "quotes"' and rows[0]["due_time"] == "09:30:00"
    assert rows[0]["list"] == "Inbox" and "list_id" not in rows[0] and "position" not in rows[0]


@pytest.mark.django_db
def test_the_csv_names_lists_and_spells_labels_and_steps_for_a_spreadsheet(api, user):
    from tasks import organize

    work = organize.create_list(user, actor=SETUP_ACTOR, name="Work")
    services.add_task(
        user,
        actor=SETUP_ACTOR,
        title="Report",
        list_id=work.pk,
        labels=["focus", "q4"],
        steps=[{"title": "Outline", "done": True}, "Draft"],
    )
    response = api.get("/api/export/", {"as": "csv"})
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert (row["list"], row["labels"], row["steps"]) == ("Work", "focus, q4", "[x] Outline | Draft")


@pytest.mark.django_db
def test_the_web_download_and_its_refusals(lived_in, other_user, api):
    client = Client()
    client.force_login(lived_in)
    page = client.get("/accounts/settings/").content.decode()
    assert 'href="/accounts/export/"' in page and 'href="/accounts/export/?as=csv"' in page
    data = json.loads(client.get("/accounts/export/").content)
    assert [task["title"] for task in data["tasks"]] == ["Standup, daily", "Pay rent"]
    assert client.get("/accounts/export/", {"as": "xml"}).status_code == 400
    assert api.get("/api/export/", {"as": "xml"}).status_code == 400
    assert Client().get("/accounts/export/").status_code == 302  # to sign in
    assert Client().get("/api/export/").status_code == 401
