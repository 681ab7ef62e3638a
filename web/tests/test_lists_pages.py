"""The Lists page, the list and label views and the edit form's list, labels and steps: forms that work without
JavaScript, errors beside the field, undo in the toast, and nobody else's lists by any path."""

import pytest

from conftest import SETUP_ACTOR
from tasks import organize
from tasks.models import Activity, Label, Task, TaskList

pytestmark = pytest.mark.django_db


def test_making_renaming_archiving_and_deleting_a_list_on_the_lists_page(signed_in, user, make_task):
    made = signed_in.post("/lists/", {"name": "Work", "colour": "blue"})
    work = TaskList.objects.get(name="Work")
    assert made.status_code == 302 and made["Location"] == f"/tasks/?list={work.pk}"
    taken = signed_in.post("/lists/", {"name": "work", "colour": "grey"})
    assert taken.status_code == 400 and "You already have a list called" in taken.content.decode()
    make_task(user, "Report", list_id=work.pk)
    assert signed_in.post(f"/lists/{work.pk}/", {"name": "Job", "colour": "red"}).status_code == 302
    assert TaskList.objects.get(pk=work.pk).name == "Job"
    signed_in.post("/lists/", {"name": "Home", "colour": "grey"})
    clash = signed_in.post(f"/lists/{work.pk}/", {"name": "home", "colour": "red"}, follow=True)
    assert "You already have a list called “home”." in clash.content.decode()
    assert TaskList.objects.get(pk=work.pk).name == "Job"
    signed_in.post(f"/lists/{work.pk}/", {"archived": "1"})
    assert TaskList.objects.get(pk=work.pk).archived
    assert "Job" not in signed_in.get("/tasks/").content.decode().split('class="lists-nav"')[1].split("</nav>")[0]
    page = signed_in.get("/lists/").content.decode()
    assert "Archived" in page and "Bring back" in page
    response = signed_in.post(f"/lists/{work.pk}/delete/", {"tasks": "move"}, follow=True)
    assert "its 1 task moved to the Inbox" in response.content.decode()
    assert Task.objects.get().list_id is None and list(TaskList.objects.values_list("name", flat=True)) == ["Home"]


def test_the_list_view_adds_into_its_list_and_the_label_view_filters(signed_in, user, make_task):
    home = organize.create_list(user, actor=SETUP_ACTOR, name="Home")
    make_task(user, "Stamps", labels=["errands"])
    make_task(user, "Nothing")
    signed_in.post("/tasks/add/", {"title": "Fix the tap", "state": f"list={home.pk}"})
    assert Task.objects.get(title="Fix the tap").list_id == home.pk
    listed = signed_in.get(f"/tasks/?list={home.pk}")
    assert [task["title"] for task in listed.context["tasks"]] == ["Fix the tap"]
    assert [task["title"] for task in signed_in.get("/tasks/?label=ERRANDS").context["tasks"]] == ["Stamps"]
    assert len(signed_in.get("/tasks/?list=inbox").context["tasks"]) == 2
    assert len(signed_in.get("/tasks/?list=999999").context["tasks"]) == 3  # no such list: every task
    assert len(signed_in.get("/tasks/?list=bogus").context["tasks"]) == 3


def test_the_edit_form_moves_tags_and_gives_steps(signed_in, user, make_task):
    home = organize.create_list(user, actor=SETUP_ACTOR, name="Home")
    task = make_task(user, "Paint the fence")
    form = signed_in.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert 'name="list_id"' in form and 'name="labels"' in form and 'name="steps"' in form
    fields = {
        "title": "Paint the fence",
        "priority": "medium",
        "list_id": home.pk,
        "labels": "diy, weekend",
        "steps": "Buy paint\n[x] Sand it\n\n",
        "reminders": "",
        "repeat": "",
    }
    assert signed_in.post(f"/tasks/{task.pk}/edit/", fields).status_code == 302
    task.refresh_from_db()
    assert (task.list_id, task.labels) == (home.pk, ["diy", "weekend"])
    assert task.steps == [{"title": "Buy paint", "done": False}, {"title": "Sand it", "done": True}]
    bad = signed_in.post(f"/tasks/{task.pk}/edit/", {**fields, "labels": "a#b"})
    assert bad.status_code == 400 and "A label name cannot hold" in bad.content.decode()
    signed_in.post(f"/tasks/{task.pk}/steps/1/toggle/", {"state": ""})
    assert Task.objects.get().steps[0]["done"] is True
    organize.update_list(user, home.pk, actor=SETUP_ACTOR, archived=True)  # a task in an archived list edits too
    assert signed_in.post(f"/tasks/{task.pk}/edit/", {**fields, "title": "Paint it"}).status_code == 302
    assert Task.objects.get().title == "Paint it"
    gone = signed_in.post(f"/tasks/{task.pk}/steps/9/toggle/", {"state": ""}, follow=True)
    assert f"Task {task.pk} has no step 9." in gone.content.decode()


def test_nobody_reaches_another_persons_lists_labels_or_steps_on_the_web(signed_in, other_signed_in, user, make_task):
    secret = organize.create_list(user, actor=SETUP_ACTOR, name="Secret")
    task = make_task(user, "Mine", list_id=secret.pk, labels=["private"], steps=["one"])
    label = Label.objects.get(name="private")
    for path, data in [
        (f"/lists/{secret.pk}/", {"name": "Stolen", "colour": "red"}),
        (f"/lists/{secret.pk}/", {"archived": "1"}),
        (f"/lists/{secret.pk}/delete/", {"tasks": "delete"}),
        (f"/labels/{label.pk}/", {"name": "stolen"}),
        (f"/labels/{label.pk}/delete/", {}),
        (f"/tasks/{task.pk}/steps/1/toggle/", {"state": ""}),
        (f"/tasks/{task.pk}/move/", {"direction": "up", "state": ""}),
    ]:
        assert other_signed_in.post(path, data).status_code == 404, path
    page = other_signed_in.get(f"/tasks/?list={secret.pk}&label=private")
    assert page.context["tasks"] == [] and "Secret" not in page.content.decode()
    assert "Secret" not in other_signed_in.get("/lists/").content.decode()
    other_task = make_task(page.context["user"], "Theirs")
    assert other_signed_in.post("/tasks/add/", {"title": "In yours in secret", "state": ""}).status_code == 302
    assert Task.objects.get(title="In yours in secret").list_id is None  # "in secret": not their list
    moved = other_signed_in.post(f"/tasks/{other_task.pk}/move/", {"after": task.pk, "state": ""}, follow=True)
    assert "not found" in moved.content.decode()
    secret.refresh_from_db()
    assert (secret.name, secret.archived) == ("Secret", False)
    assert Task.objects.get(pk=task.pk).steps == [{"title": "one", "done": False}]
    assert not Activity.objects.filter(user=page.context["user"], subject__in=["list", "label"]).exists()


def test_the_activity_feed_says_what_happened_to_lists_labels_and_steps(signed_in, user, make_task):
    work = organize.create_list(user, actor=SETUP_ACTOR, name="Work")
    task = make_task(user, "Report", steps=["Outline"])
    from tasks import services

    services.update_task(user, task.pk, actor=SETUP_ACTOR, list_id=work.pk, labels=["focus"])
    services.toggle_step(user, task.pk, 1, actor=SETUP_ACTOR)
    organize.update_list(user, work.pk, actor=SETUP_ACTOR, name="Job", colour="red")
    feed = signed_in.get("/activity/").content.decode()
    assert "Created</strong> the list “Work”" in feed and "Updated</strong> the list “Job”" in feed
    assert "renamed from “Work”" in feed and "colour grey → red" in feed
    assert "moved to another list" in feed and "#focus" in feed and "steps: 1 of 1 done" in feed
