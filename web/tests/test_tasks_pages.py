"""The tasks page and its actions, with and without htmx, for the owner and for another user."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from conftest import SETUP_ACTOR
from conversations import services as chat
from tasks import services
from tasks.activity import Actor
from tasks.models import Activity, Channel, Profile, Task

from .conftest import htmx

TASKS = "/tasks/"


def titles_on(response) -> list[str]:
    return [task["title"] for task in response.context["tasks"]]


def test_the_tasks_page_needs_a_sign_in(client, db):
    response = client.get(TASKS)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/tasks/"


def test_signed_in_people_land_on_their_tasks(signed_in):
    assert signed_in.get("/")["Location"] == TASKS


def test_the_page_shows_only_the_users_tasks_with_tab_counts(signed_in, user, other_user, make_task):
    make_task(user, "Buy milk")
    done = make_task(user, "Pay bills")
    services.complete_task(user, done.pk, actor=Actor(Channel.WEB))
    make_task(other_user, "Bob's secret")

    response = signed_in.get(TASKS)

    assert response.status_code == 200
    assert titles_on(response) == ["Pay bills", "Buy milk"]
    assert [(tab["label"], tab["count"]) for tab in response.context["tabs"]] == [
        ("All", 2),
        ("Pending", 1),
        ("Completed", 1),
    ]
    assert b"Bob&#x27;s secret" not in response.content and b"Bob's secret" not in response.content


def test_tabs_filters_search_and_order(signed_in, user, make_task):
    make_task(user, "Water plants", priority="low", due_date=date(2030, 1, 3))
    make_task(user, "File taxes", priority="high", due_date=date(2030, 1, 1))
    make_task(user, "Buy milk", description="and plant food")

    assert titles_on(signed_in.get(TASKS, {"order": "due"})) == ["File taxes", "Water plants", "Buy milk"]
    assert titles_on(signed_in.get(TASKS, {"order": "priority"})) == ["File taxes", "Buy milk", "Water plants"]
    assert titles_on(signed_in.get(TASKS, {"q": "plant"})) == ["Buy milk", "Water plants"]
    assert titles_on(signed_in.get(TASKS, {"priority": "high"})) == ["File taxes"]
    assert titles_on(signed_in.get(TASKS, {"status": "completed"})) == []


def test_nonsense_in_the_url_falls_back_to_the_defaults(signed_in, user, make_task):
    make_task(user, "Buy milk")
    response = signed_in.get(TASKS, {"status": "nope", "order": "random", "priority": "urgent", "page": "-4"})
    assert response.status_code == 200 and titles_on(response) == ["Buy milk"]


def test_ten_thousand_tasks_are_paged(signed_in, user):
    Task.objects.bulk_create(Task(user=user, number=number, title=f"Task {number}") for number in range(1, 10_001))
    Profile.objects.recount()  # written around tasks.store, which keeps the counts
    first = signed_in.get(TASKS)
    assert len(first.context["tasks"]) == 50 and first.context["page_count"] == 200
    assert [tab["count"] for tab in first.context["tabs"]] == [10_000, 10_000, 0]
    last = signed_in.get(TASKS, {"page": 200})
    assert len(last.context["tasks"]) == 50 and last.context["next_url"] is None
    past_the_end = signed_in.get(TASKS, {"page": 999})
    assert past_the_end.context["page"] == 200 and past_the_end.context["state_query"] == "page=200"
    empty_tab = signed_in.get(TASKS, {"status": "completed"})
    assert empty_tab.context["tasks"] == [] and empty_tab.context["tabs"][0]["count"] == 10_000


@pytest.mark.parametrize("task_count", [1, 50])
def test_the_page_costs_the_same_queries_whatever_the_list(
    signed_in, user, make_task, django_assert_num_queries, task_count
):
    for number in range(task_count):
        make_task(user, f"Task {number}", due_date=date(2030, 1, 1))
    chat.send_message(user, message="what's pending?")  # so the chat panel has a conversation to show
    # Session, user, what each list has still to do, the lists, the labels (none: so no label counts), one page
    # of tasks with the tab counts, the conversations, the open one's messages.
    with django_assert_num_queries(8):
        response = signed_in.get(TASKS)
    assert response.status_code == 200 and len(response.context["tasks"]) == task_count


def test_titles_are_shown_as_text_never_as_markup(signed_in, user, make_task):
    make_task(user, "<script>alert(1)</script>")
    response = signed_in.get(TASKS)
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_overdue_and_due_today_are_marked(signed_in, user, make_task):
    today = timezone.localdate()
    make_task(user, "Late", due_date=today - timedelta(days=3))
    make_task(user, "Now", due_date=today)
    content = signed_in.get(TASKS).content.decode()
    assert 'class="due due-overdue"' in content and "3 days overdue" in content
    assert 'class="due due-today"' in content and ">Today<" in content


def test_adding_without_javascript_redirects_back_to_the_same_view(signed_in, user):
    response = signed_in.post(
        "/tasks/add/", {"title": "  Buy milk ", "priority": "high", "due_date": "2030-01-02", "state": "status=pending"}
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/?status=pending"
    task = Task.objects.for_user(user).get()
    assert (task.title, task.priority, task.due_date) == ("Buy milk", "high", date(2030, 1, 2))
    activity = Activity.objects.get()
    assert (activity.channel, activity.action) == ("web", "created")


def test_adding_with_htmx_answers_the_panel_and_a_fresh_add_row(signed_in, user):
    response = signed_in.post("/tasks/add/", {"title": "Buy milk"}, headers=htmx("task-panel"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="task-panel"' in content and "Buy milk" in content
    assert 'id="add-form"' in content and 'hx-swap-oob="true"' in content


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "   "}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "Ensure this value has at most 200 characters"),
        ({"title": "Ok", "priority": "urgent"}, "priority", "Select a valid choice"),
        ({"title": "Ok", "due_date": "next tuesday"}, "due_date", "Enter a valid date."),
    ],
)
def test_a_bad_add_shows_the_error_beside_the_field_and_writes_nothing(signed_in, user, fields, field, message):
    page = signed_in.post("/tasks/add/", fields)
    assert page.status_code == 400
    assert message in " ".join(page.context["add_form"].errors[field])
    fragment = signed_in.post("/tasks/add/", fields, headers=htmx("task-panel"))
    assert fragment["HX-Retarget"] == "#add-form" and message in fragment.content.decode()
    assert not Task.objects.exists() and not Activity.objects.exists()


def test_the_checkbox_completes_and_reopens(signed_in, user, make_task):
    task = make_task(user, "Buy milk")
    signed_in.post(f"/tasks/{task.pk}/toggle/", headers=htmx("task-panel"))
    task.refresh_from_db()
    assert task.completed
    signed_in.post(f"/tasks/{task.pk}/toggle/")
    task.refresh_from_db()
    assert not task.completed
    assert list(Activity.objects.filter(channel="web").values_list("action", flat=True)) == [
        "uncompleted",
        "completed",
    ]


def test_editing_in_place(signed_in, user, make_task):
    task = make_task(user, "Call mom")
    form = signed_in.get(f"/tasks/{task.pk}/edit/", headers=htmx(f"task-{task.pk}"))
    assert f'id="task-{task.pk}_title"' in form.content.decode() and 'value="Call mom"' in form.content.decode()

    saved = signed_in.post(
        f"/tasks/{task.pk}/edit/",
        {"title": "Call mom tonight", "description": "about Sunday", "priority": "high", "due_date": ""},
        headers=htmx("task-panel"),
    )

    assert 'id="task-panel"' in saved.content.decode()
    task.refresh_from_db()
    assert (task.title, task.description, task.priority) == ("Call mom tonight", "about Sunday", "high")


def test_a_bad_edit_keeps_the_form_with_its_errors_and_changes_nothing(signed_in, user, make_task):
    task = make_task(user, "Call mom")
    bad = {"title": "", "description": "", "priority": "medium", "due_date": ""}
    page = signed_in.post(f"/tasks/{task.pk}/edit/", bad)
    assert page.status_code == 400 and "title" in page.context["form"].errors
    fragment = signed_in.post(f"/tasks/{task.pk}/edit/", bad, headers=htmx("task-panel"))
    assert fragment["HX-Retarget"] == f"#task-{task.pk}"
    task.refresh_from_db()
    assert task.title == "Call mom"


def test_deleting_offers_an_undo_that_brings_the_task_back(signed_in, user, make_task):
    task = make_task(user, "Old task", due_date=date(2030, 5, 6))
    response = signed_in.post(f"/tasks/{task.pk}/delete/", headers=htmx("task-panel"))
    content = response.content.decode()
    assert "Deleted “Old task”." in content and 'hx-swap-oob="innerHTML"' in content
    group = Activity.objects.get(action="deleted").group_id
    assert f"/activity/groups/{group}/undo/" in content
    assert not Task.objects.filter(pk=task.pk).exists()

    signed_in.post(f"/activity/groups/{group}/undo/")

    restored = Task.objects.get(pk=task.pk)
    assert (restored.title, restored.due_date) == ("Old task", date(2030, 5, 6))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/tasks/{id}/toggle/"),
        ("get", "/tasks/{id}/edit/"),
        ("post", "/tasks/{id}/edit/"),
        ("post", "/tasks/{id}/delete/"),
    ],
)
def test_another_users_task_is_not_found_and_untouched(signed_in, other_user, make_task, method, path):
    theirs = make_task(other_user, "Bob's secret")
    missing = getattr(signed_in, method)(path.format(id=theirs.pk + 1000), {"title": "mine", "priority": "low"})
    foreign = getattr(signed_in, method)(path.format(id=theirs.pk), {"title": "mine", "priority": "low"})
    assert foreign.status_code == missing.status_code == 404
    assert b"Bob" not in foreign.content
    theirs.refresh_from_db()
    assert (theirs.title, theirs.completed) == ("Bob's secret", False)


def test_actions_refuse_get_and_need_csrf(user, make_task):
    from django.test import Client

    task = make_task(user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.get(f"/tasks/{task.pk}/delete/").status_code == 405
    assert strict.post(f"/tasks/{task.pk}/delete/").status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_the_edit_form_sets_a_time_a_repeat_and_a_reminder_and_keeps_others_it_cannot_show(signed_in, user, make_task):
    task = make_task(user, "Swim")
    edit = {"title": "Swim", "description": "", "priority": "medium", "due_date": "2030-05-06"}
    signed_in.post(f"/tasks/{task.pk}/edit/", {**edit, "due_time": "07:15", "repeat": "FREQ=WEEKLY", "reminders": "30"})
    task.refresh_from_db()
    assert (task.due_time, task.repeat, task.reminders) == (time(7, 15), "FREQ=WEEKLY", [{"minutes_before": 30}])
    page = signed_in.get("/tasks/").content.decode()
    assert "every week" in page and "Has a reminder" in page

    Task.objects.filter(pk=task.pk).update(reminders=[{"minutes_before": 5}, {"minutes_before": 60}])
    form = signed_in.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert "As set (2 reminders)" in form
    signed_in.post(
        f"/tasks/{task.pk}/edit/", {**edit, "due_time": "07:15", "repeat": "FREQ=WEEKLY", "reminders": "keep"}
    )
    task.refresh_from_db()
    assert task.reminders == [{"minutes_before": 5}, {"minutes_before": 60}]

    refused = signed_in.post(f"/tasks/{task.pk}/edit/", {**edit, "due_date": "", "due_time": "08:00", "reminders": ""})
    assert refused.status_code == 400 and "due_time" in refused.context["form"].errors


def test_the_add_box_reads_the_title_as_the_assistant_does(signed_in, user):
    chips = signed_in.get("/tasks/understand/", {"title": "pay rent fri 9am every month !high"}).content.decode()
    assert "Fri 9:00" in chips or "Tomorrow 9:00" in chips or "Today 9:00" in chips
    assert "Every month" in chips and "High priority" in chips

    signed_in.post("/tasks/add/", {"title": "pay rent fri 9am every month !high"})
    rent = Task.objects.for_user(user).get()
    assert (rent.title, rent.priority, rent.due_time, rent.repeat) == ("Pay rent", "high", time(9), "FREQ=MONTHLY")
    assert rent.due_date.weekday() == 4  # a Friday


def test_a_chip_taken_off_leaves_its_words_in_the_title_and_a_field_set_wins(signed_in, user):
    taken_off = signed_in.get("/tasks/understand/", {"title": "read 1984 tomorrow", "ignore": "when"}).content.decode()
    assert 'name="ignore" value="when"' in taken_off and "Tomorrow" not in taken_off

    signed_in.post("/tasks/add/", {"title": "read 1984 tomorrow", "ignore": "when"})
    signed_in.post(
        "/tasks/add/", {"title": "call the bank tomorrow !high", "priority": "low", "due_date": "2030-02-03"}
    )
    book, bank = Task.objects.for_user(user).order_by("number")
    assert (book.title, book.due_date) == ("Read 1984 tomorrow", None)
    assert (bank.title, bank.priority, bank.due_date) == ("Call the bank tomorrow !high", "low", date(2030, 2, 3))


def test_a_title_naming_an_impossible_day_is_an_error_beside_it(signed_in, user):
    page = signed_in.post("/tasks/add/", {"title": "pay rent feb 30"})
    assert page.status_code == 400 and "February has no day 30" in page.context["add_form"].errors["title"][0]
    assert not Task.objects.exists()


def test_today_and_upcoming_views_with_their_counts(signed_in, user, other_user, make_task):
    today = timezone.localdate()
    day = lambda offset: today + timedelta(days=offset)  # noqa: E731
    make_task(user, "Overdue", due_date=day(-2))
    make_task(user, "Today", due_date=today)
    make_task(user, "Tomorrow", due_date=day(1))
    make_task(user, "Later this week", due_date=day(5))
    make_task(user, "Next month", due_date=day(30))
    make_task(user, "Someday")
    done = make_task(user, "Done today", due_date=today)
    services.complete_task(user, done.pk, actor=SETUP_ACTOR)
    make_task(other_user, "Not mine", due_date=today)

    page = signed_in.get(TASKS, {"view": "today"})
    assert [task["title"] for task in page.context["tasks"]] == ["Overdue", "Today"]
    assert [(view["view"], view["count"]) for view in page.context["views"]] == [("today", 2), ("upcoming", 2)]

    upcoming = signed_in.get(TASKS, {"view": "upcoming"})
    assert [task["title"] for task in upcoming.context["tasks"]] == ["Tomorrow", "Later this week"]
    assert [task.get("day_heading") for task in upcoming.context["tasks"]] == [
        "Tomorrow",
        day(5).strftime("%a %-d %b") + ("" if day(5).year == today.year else day(5).strftime(" %Y")),
    ]
    assert "<h2>Tomorrow</h2>" in upcoming.content.decode()
