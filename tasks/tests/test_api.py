from datetime import date

import pytest
from rest_framework.test import APIClient

from tasks.models import Profile, Task

TASKS = "/api/tasks/"


def task_url(task_id) -> str:
    return f"{TASKS}{task_id}/"


def test_create_returns_the_task(api, user):
    response = api.post(TASKS, {"title": "  Buy milk ", "priority": "high", "due_date": "2030-05-01"})
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Buy milk"
    assert (body["priority"], body["due_date"], body["completed"], body["description"]) == (
        "high",
        "2030-05-01",
        False,
        "",
    )
    assert Task.objects.get(pk=body["id"]).user == user


def test_list_is_paginated_newest_first(api, user, make_task):
    for number in range(3):
        make_task(user, f"Task {number}")
    response = api.get(TASKS, {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [task["title"] for task in body["results"]] == ["Task 2", "Task 1"]
    assert body["next"] is not None
    second_page = api.get(TASKS, {"limit": 2, "offset": 2}).json()
    assert [task["title"] for task in second_page["results"]] == ["Task 0"]


def test_list_filters_by_status_search_and_priority(api, user, make_task):
    milk = make_task(user, "Buy milk", priority="low")
    bills = make_task(user, "Pay bills", priority="high")
    api.post(f"{task_url(bills.pk)}complete/")

    def titles(**params):
        return [task["title"] for task in api.get(TASKS, params).json()["results"]]

    assert titles(status="pending") == ["Buy milk"]
    assert titles(status="completed") == ["Pay bills"]
    assert titles(status="all") == ["Pay bills", "Buy milk"]
    assert titles(search="MILK") == ["Buy milk"]
    assert titles(priority="high") == ["Pay bills"]
    assert milk.pk


@pytest.mark.parametrize(("params", "field"), [({"status": "done"}, "status"), ({"priority": "urgent"}, "priority")])
def test_list_rejects_unknown_filter_values(api, params, field):
    response = api.get(TASKS, params)
    assert response.status_code == 400
    assert field in response.json()


def test_retrieve_update_complete_and_delete(api, user, make_task):
    task = make_task(user, "Call mom")
    assert api.get(task_url(task.pk)).json()["title"] == "Call mom"

    response = api.patch(task_url(task.pk), {"title": "Call mom tonight", "due_date": None})
    assert response.status_code == 200 and response.json()["title"] == "Call mom tonight"

    response = api.put(task_url(task.pk), {"title": "Call dad", "priority": "low", "completed": False})
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["priority"]) == ("Call dad", "low")

    response = api.post(f"{task_url(task.pk)}complete/")
    assert response.status_code == 200 and response.json()["completed"] is True

    assert api.delete(task_url(task.pk)).status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()


def test_put_requires_the_title(api, user, make_task):
    task = make_task(user, "Call mom")
    response = api.put(task_url(task.pk), {"priority": "low"})
    assert response.status_code == 400
    assert "title" in response.json()


@pytest.mark.parametrize(
    ("verb", "suffix", "payload"),
    [
        ("get", "", None),
        ("patch", "", {"title": "Mine now"}),
        ("put", "", {"title": "Mine now"}),
        ("delete", "", None),
        ("post", "complete/", None),
        ("post", "skip/", None),
        ("patch", "", {"due_date": "2030-02-02T10:00", "repeat": "FREQ=WEEKLY"}),
    ],
)
def test_another_users_task_is_not_found_on_every_verb(api, other_user, make_task, verb, suffix, payload):
    theirs = make_task(other_user, "Their task", due_date=date(2030, 1, 1), repeat="FREQ=DAILY")
    response = getattr(api, verb)(f"{task_url(theirs.pk)}{suffix}", payload)
    assert response.status_code == 404
    missing = getattr(api, verb)(f"{task_url(theirs.pk + 1000)}{suffix}", payload)
    assert missing.status_code == 404
    assert response.json() == {"detail": f"Task {theirs.pk} not found", "code": "task_not_found"}
    assert missing.json()["code"] == "task_not_found"
    theirs.refresh_from_db()
    assert (theirs.title, theirs.completed, theirs.due_date, theirs.repeat) == (
        "Their task",
        False,
        date(2030, 1, 1),
        "FREQ=DAILY",
    )


def test_list_never_shows_another_users_tasks(api, other_user, make_task):
    make_task(other_user, "Their task")
    body = api.get(TASKS).json()
    assert body["count"] == 0 and body["results"] == []


def test_a_user_id_in_the_body_is_ignored(api, user, other_user):
    response = api.post(TASKS, {"title": "Mine", "user": other_user.pk})
    assert response.status_code == 201
    assert Task.objects.get().user == user


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "    "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 42}, "title"),
        ({"title": ["a"]}, "title"),
        ({"title": None}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
        ({"title": "ok", "description": 7}, "description"),
        ({"title": "ok", "priority": "urgent"}, "priority"),
        ({"title": "ok", "priority": 1}, "priority"),
        ({"title": "ok", "due_date": "tomorrow"}, "due_date"),
        ({"title": "ok", "due_date": "2030-02-30"}, "due_date"),
        ({"title": "ok", "due_date": 20300101}, "due_date"),
    ],
)
def test_create_with_bad_input_is_400_with_field_message_and_writes_nothing(api, payload, field):
    response = api.post(TASKS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"completed": "yes"}, "completed"),
        ({"completed": 1}, "completed"),
        ({"priority": "urgent"}, "priority"),
        ({"due_date": "soon"}, "due_date"),
    ],
)
def test_update_with_bad_input_is_400_and_writes_nothing(api, user, make_task, payload, field):
    task = make_task(user, "Keep me")
    response = api.patch(task_url(task.pk), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    task.refresh_from_db()
    assert (task.title, task.completed, task.priority, task.due_date) == ("Keep me", False, "medium", None)


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"just a string"', "null", ""])
def test_malformed_or_non_object_json_is_400(api, body):
    response = api.generic("POST", TASKS, body, content_type="application/json")
    assert response.status_code == 400
    assert not Task.objects.exists()


@pytest.mark.parametrize("task_id", ["abc", "99999999999999999999999", "-1", "1.5"])
def test_malformed_task_ids_are_404(api, task_id):
    assert api.get(task_url(task_id)).status_code == 404
    assert api.delete(task_url(task_id)).status_code == 404


def test_every_endpoint_needs_authentication(db):
    anonymous = APIClient()
    assert anonymous.get(TASKS).status_code == 401
    assert anonymous.post(TASKS, {"title": "x"}).status_code == 401
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    assert forged.get(TASKS).status_code == 401
    assert not Task.objects.exists()


def test_unsupported_method_is_405(api):
    assert api.delete(TASKS).status_code == 405


def test_page_size_is_capped_at_200(api, user):
    Task.objects.bulk_create([Task(user=user, number=number, title=f"Task {number}") for number in range(1, 206)])
    Profile.objects.recount()  # written around tasks.store, which keeps the counts
    body = api.get(TASKS, {"limit": 10_000}).json()
    assert body["count"] == 205
    assert len(body["results"]) == 200


def test_an_idempotency_key_makes_a_retried_create_return_the_first_task(api, user, other_api):
    headers = {"Idempotency-Key": "4f1d2c3b-retry"}
    first = api.post(TASKS, {"title": "Buy milk"}, headers=headers)
    again = api.post(TASKS, {"title": "Buy milk"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and Task.objects.count() == 1
    clash = api.post(TASKS, {"title": "Buy bread"}, headers=headers)
    assert clash.status_code == 409 and clash.json()["code"] == "idempotency_key_conflict"
    # Keys are per user: the same key from someone else adds their own task.
    theirs = other_api.post(TASKS, {"title": "Buy milk"}, headers=headers)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    assert Task.objects.count() == 2


def test_an_empty_idempotency_key_is_a_400(api):
    response = api.post(TASKS, {"title": "Buy milk"}, headers={"Idempotency-Key": " "})
    assert response.status_code == 400 and "idempotency_key" in response.json()
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "ten"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "1e3"}, "offset"),
        ({"offset": str(2**40)}, "offset"),
        ({"status": ""}, "status"),
        ({"priority": ""}, "priority"),
    ],
)
def test_a_paging_or_filter_value_it_cannot_use_is_a_400_naming_it(api, query, field):
    response = api.get(TASKS, query)
    assert response.status_code == 400
    assert list(response.json()) == [field]
