"""The admin changes tasks through the services (recorded as the admin's), and shows the activity read-only."""

import pytest
from django.test import Client

from tasks.models import Activity, Task


@pytest.fixture
def staff_client(make_user):
    staff = make_user("root")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


def test_adding_changing_and_deleting_in_the_admin_is_recorded_as_the_admins(staff_client, user):
    added = staff_client.post(
        "/admin/tasks/task/add/",
        {"user": user.pk, "title": " Buy milk ", "description": "", "priority": "high", "due_date": ""},
    )
    assert added.status_code == 302, added.content
    task = Task.objects.get()
    assert (task.user, task.title, task.priority) == (user, "Buy milk", "high")

    staff_client.post(
        f"/admin/tasks/task/{task.pk}/change/",
        {"title": "Buy oat milk", "description": "", "priority": "high", "due_date": "", "completed": "on"},
    )
    task.refresh_from_db()
    assert (task.title, task.completed) == ("Buy oat milk", True)

    staff_client.post(f"/admin/tasks/task/{task.pk}/delete/", {"post": "yes"})
    assert not Task.objects.exists()

    recorded = list(Activity.objects.order_by("id").values_list("action", "channel", "actor", "user_id"))
    assert recorded == [
        ("created", "admin", "root", user.pk),
        ("updated", "admin", "root", user.pk),
        ("deleted", "admin", "root", user.pk),
    ]
    assert Activity.objects.get(action="updated").after == {"title": "Buy oat milk", "completed": True}


def test_a_bulk_delete_in_the_admin_is_one_group(staff_client, user, make_task):
    tasks = [make_task(user, f"Task {number}") for number in range(3)]
    staff_client.post(
        "/admin/tasks/task/",
        {"action": "delete_selected", "_selected_action": [task.pk for task in tasks], "post": "yes"},
    )
    assert not Task.objects.exists()
    deletions = Activity.objects.filter(action="deleted")
    assert deletions.count() == 3 and len(set(deletions.values_list("group_id", flat=True))) == 1


def test_the_admin_cannot_give_a_task_to_someone_else(staff_client, user, other_user, make_task):
    task = make_task(user, "Mine")
    staff_client.post(
        f"/admin/tasks/task/{task.pk}/change/",
        {"user": other_user.pk, "title": "Mine", "description": "", "priority": "medium", "due_date": ""},
    )
    task.refresh_from_db()
    assert task.user == user


def test_the_activity_admin_filters_and_is_read_only(staff_client, user, other_user, make_task):
    make_task(user, "Alice's")
    make_task(other_user, "Bob's")
    listing = staff_client.get("/admin/tasks/activity/", {"username": "bob", "channel__exact": "admin"})
    assert listing.status_code == 200
    assert b"Bob&#x27;s" in listing.content and b"Alice&#x27;s" not in listing.content
    change = Activity.objects.first()
    assert staff_client.get("/admin/tasks/activity/add/").status_code == 403
    assert staff_client.post(f"/admin/tasks/activity/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Activity.objects.filter(pk=change.pk).exists()
