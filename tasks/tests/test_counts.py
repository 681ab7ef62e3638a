"""Each person's task counts (all, done) are kept on their profile by the one writer, tasks.store, with every
change from every path, so the list can show them without counting a long list."""

import pytest

from conftest import SETUP_ACTOR
from tasks import services, undo
from tasks.models import Activity, Profile, Task


def kept(user) -> tuple[int, int]:
    profile = Profile.objects.get(user=user)
    return profile.task_count, profile.completed_count


def counted(user) -> tuple[int, int]:
    tasks = Task.objects.for_user(user)
    return tasks.count(), tasks.filter(completed=True).count()


def undo_last(user) -> None:
    undo.undo_activity(user, Activity.objects.for_user(user).latest("pk").pk, actor=SETUP_ACTOR)


@pytest.mark.django_db
def test_every_kind_of_change_and_its_undo_keeps_the_counts_true(user, other_user):
    first = services.add_task(user, actor=SETUP_ACTOR, title="First")
    second = services.add_task(user, actor=SETUP_ACTOR, title="Second")
    services.add_task(other_user, actor=SETUP_ACTOR, title="Theirs")
    steps = [
        lambda: services.complete_task(user, first.pk, actor=SETUP_ACTOR),
        lambda: services.complete_task(user, first.pk, actor=SETUP_ACTOR),  # again: nothing changes
        lambda: undo_last(user),  # reopened
        lambda: services.update_task(user, second.pk, actor=SETUP_ACTOR, completed=True, title="Second, done"),
        lambda: services.update_task(user, second.pk, actor=SETUP_ACTOR, title="Renamed only"),
        lambda: services.delete_task(user, second.pk, actor=SETUP_ACTOR),  # a done task deleted
        lambda: undo_last(user),  # and restored, still done
        lambda: services.add_task(user, actor=SETUP_ACTOR, title="Once", idempotency_key="k1"),
        lambda: services.add_task(user, actor=SETUP_ACTOR, title="Once", idempotency_key="k1"),  # a replay
        lambda: undo_last(user),  # the add undone: the task removed
        lambda: services.update_task(user, second.pk, actor=SETUP_ACTOR, completed=False),
    ]
    for step in steps:
        step()
        assert kept(user) == counted(user)
    assert kept(other_user) == counted(other_user) == (1, 0)


@pytest.mark.django_db
def test_the_unfiltered_list_shows_the_kept_counts_and_a_filtered_one_counts(user, make_task):
    for number in range(3):
        make_task(user, f"Task {number}")
    Profile.objects.filter(user=user).update(task_count=40, completed_count=10)  # as if 40 tasks were kept

    assert services.task_page(user, fields=("id",)).counts == {"all": 40, "pending": 30, "completed": 10}
    assert services.task_page(user, fields=("id",), search="task").counts == {"all": 3, "pending": 3, "completed": 0}
    assert services.task_page(user, fields=("id",), due="none").counts["all"] == 3
    assert Profile.objects.recount() >= 1
    assert services.task_page(user, fields=("id",)).counts == {"all": 3, "pending": 3, "completed": 0}


@pytest.mark.django_db
def test_a_person_with_no_task_yet_has_no_profile_and_counts_nothing(user):
    page = services.task_page(user, fields=("id",))
    assert (page.rows, page.counts) == ([], {"all": 0, "pending": 0, "completed": 0})


@pytest.mark.django_db
def test_recount_sets_profiles_from_tasks_written_around_the_store(user, other_user, make_user):
    Task.objects.bulk_create([Task(user=user, number=number, title=f"Loaded {number}") for number in (1, 2, 7)])
    Task.objects.filter(user=user, number=2).update(completed=True)
    emptied = make_user("carol")
    services.add_task(emptied, actor=SETUP_ACTOR, title="Soon gone")
    Task.objects.filter(user=emptied).delete()  # around the store: the profile still says 1

    Profile.objects.recount()

    assert kept(user) == (3, 1) and Profile.objects.get(user=user).last_task_number == 7
    assert kept(emptied) == (0, 0)
    assert services.add_task(user, actor=SETUP_ACTOR, title="Next").number == 8


@pytest.mark.django_db
def test_setting_the_time_zone_keeps_the_counts_and_refuses_a_zone_that_does_not_exist(user, make_task):
    from django.core.exceptions import ValidationError

    make_task(user, "One")
    assert services.set_time_zone(user, " Europe/Paris ") == "Europe/Paris"
    assert services.time_zone_name(user) == "Europe/Paris"
    assert kept(user) == counted(user) == (1, 0)
    with pytest.raises(ValidationError) as refused:
        services.set_time_zone(user, "Mars/Olympus_Mons")
    assert "time_zone" in refused.value.message_dict
    assert services.time_zone_name(user) == "Europe/Paris"
