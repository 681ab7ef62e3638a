"""Lists, labels, steps and order over REST: the endpoints, their errors, and isolation."""

import pytest

from tasks.models import Activity, Label, Task, TaskList

pytestmark = pytest.mark.django_db
LISTS, LABELS, TASKS = "/api/lists/", "/api/labels/", "/api/tasks/"


def test_lists_are_made_changed_and_deleted_with_their_tasks_moved_or_deleted(api, user):
    made = api.post(LISTS, {"name": "Groceries", "colour": "green"}, format="json")
    assert made.status_code == 201
    groceries = made.json()
    assert {key: groceries[key] for key in ("name", "colour", "archived", "pending")} == {
        "name": "Groceries",
        "colour": "green",
        "archived": False,
        "pending": 0,
    }
    milk = api.post(TASKS, {"title": "Milk", "list_id": groceries["id"], "labels": ["shop"]}, format="json").json()
    assert (milk["list_id"], milk["labels"]) == (groceries["id"], ["shop"])
    assert api.get(f"{LISTS}{groceries['id']}/").json()["pending"] == 1
    assert [task["title"] for task in api.get(TASKS, {"list": "groceries"}).json()["results"]] == ["Milk"]
    assert api.get(TASKS, {"list": "inbox"}).json()["count"] == 0
    assert api.get(TASKS, {"label": "shop"}).json()["count"] == 1

    renamed = api.patch(f"{LISTS}{groceries['id']}/", {"name": "Food", "archived": True}, format="json")
    assert renamed.status_code == 200 and (renamed.json()["name"], renamed.json()["archived"]) == ("Food", True)

    assert api.delete(f"{LISTS}{groceries['id']}/?tasks=delete").status_code == 204
    assert not Task.objects.filter(pk=milk["id"]).exists()
    record = Activity.objects.for_user(user).get(subject="list", action="deleted")
    undone = api.post(f"/api/activity/{record.pk}/undo/")
    assert undone.status_code == 200
    assert Task.objects.get(pk=milk["id"]).list_id == groceries["id"]


def test_bad_list_and_label_input_is_a_field_error_that_writes_nothing(api, user):
    api.post(LISTS, {"name": "Work"}, format="json")
    cases = [
        (LISTS, {"name": "work"}, "name"),
        (LISTS, {"name": "Inbox"}, "name"),
        (LISTS, {"name": "x", "colour": "mauve"}, "colour"),
        (LISTS, {"name": 7}, "name"),
        (TASKS, {"title": "T", "list_id": 999999}, "list_id"),
        (TASKS, {"title": "T", "labels": "errands"}, "labels"),
        (TASKS, {"title": "T", "labels": ["a#b"]}, "labels"),
        (TASKS, {"title": "T", "steps": [{"title": "  "}]}, "steps"),
        (TASKS, {"title": "T", "steps": [{"title": "x", "done": 1}]}, "steps"),
        (LABELS, {"name": ""}, "name"),
    ]
    for url, body, field in cases:
        response = api.post(url, body, format="json")
        assert response.status_code == 400, (body, response.json())
        assert field in response.json(), (body, response.json())
    assert Task.objects.count() == 0 and TaskList.objects.count() == 1 and Label.objects.count() == 0
    assert api.get(TASKS, {"list": "nowhere"}).status_code == 400
    assert api.delete(f"{LISTS}{TaskList.objects.get().pk}/?tasks=shred").status_code == 400


def test_moving_a_task_over_rest(api):
    ids = [api.post(TASKS, {"title": title}, format="json").json()["id"] for title in ("A", "B", "C")]
    assert [t["title"] for t in api.get(TASKS, {"order": "manual"}).json()["results"]] == ["C", "B", "A"]
    moved = api.post(f"{TASKS}{ids[2]}/move/", {"after": ids[0]}, format="json")
    assert moved.status_code == 200
    assert [t["title"] for t in api.get(TASKS, {"order": "manual"}).json()["results"]] == ["B", "A", "C"]
    assert api.post(f"{TASKS}{ids[0]}/move/", {"direction": "sideways"}, format="json").status_code == 400
    assert api.post(f"{TASKS}{ids[0]}/move/", {}, format="json").status_code == 400
    assert api.post(f"{TASKS}{ids[0]}/move/", {"after": 10**9}, format="json").status_code == 400


def test_labels_are_renamed_and_deleted_on_every_task(api, user):
    api.post(TASKS, {"title": "Stamps", "labels": ["shop"]}, format="json")
    label = api.get(LABELS).json()[0]
    assert (label["name"], label["pending"]) == ("shop", 1)
    assert api.patch(f"{LABELS}{label['id']}/", {"name": "errands"}, format="json").json()["name"] == "errands"
    assert Task.objects.get().labels == ["errands"]
    assert api.delete(f"{LABELS}{label['id']}/").status_code == 204
    assert Task.objects.get().labels == [] and api.get(LABELS).json() == []


def test_another_persons_lists_labels_and_steps_are_not_found(api, other_api, user):
    mine = api.post(LISTS, {"name": "Secret"}, format="json").json()
    task = api.post(
        TASKS, {"title": "Mine", "list_id": mine["id"], "labels": ["private"], "steps": ["s"]}, format="json"
    )
    task = task.json()
    label = api.get(LABELS).json()[0]
    assert other_api.get(f"{LISTS}{mine['id']}/").status_code == 404
    assert other_api.patch(f"{LISTS}{mine['id']}/", {"name": "Got it"}, format="json").status_code == 404
    assert other_api.delete(f"{LISTS}{mine['id']}/").status_code == 404
    assert other_api.patch(f"{LABELS}{label['id']}/", {"name": "x"}, format="json").status_code == 404
    assert other_api.delete(f"{LABELS}{label['id']}/").status_code == 404
    assert other_api.get(LISTS).json() == [] and other_api.get(LABELS).json() == []
    assert other_api.post(TASKS, {"title": "In theirs", "list_id": mine["id"]}, format="json").status_code == 400
    assert other_api.get(TASKS, {"list": mine["id"]}).status_code == 400
    assert other_api.get(TASKS, {"label": "private"}).json()["count"] == 0
    assert other_api.post(f"{TASKS}{task['id']}/move/", {"direction": "up"}, format="json").status_code == 404
    assert other_api.patch(f"{TASKS}{task['id']}/", {"steps": []}, format="json").status_code == 404
    assert TaskList.objects.get(pk=mine["id"]).name == "Secret"
    assert Task.objects.get(pk=task["id"]).steps == [{"title": "s", "done": False}]


def test_an_import_over_rest_is_checked_at_once_and_its_progress_is_the_persons_own(api, other_api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tasks.tests.test_imports import TODOIST

    started = api.post("/api/imports/", {"file": SimpleUploadedFile("Trip.csv", TODOIST.encode())}, format="multipart")
    assert started.status_code == 202
    job = started.json()
    assert (job["kind"], job["status"], job["total"], job["done"]) == ("todoist", "queued", 3, 0)
    assert api.get(f"/api/imports/{job['id']}/").json()["id"] == job["id"]
    assert other_api.get(f"/api/imports/{job['id']}/").status_code == 404
    assert other_api.get("/api/imports/").json() == []
    bad = SimpleUploadedFile("Trip.csv", TODOIST.replace(",3,1,", ",7,1,").encode())
    refused = api.post("/api/imports/", {"file": bad}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["file"][0].startswith("Line 8: PRIORITY")
    assert len(api.get("/api/imports/").json()) == 1
