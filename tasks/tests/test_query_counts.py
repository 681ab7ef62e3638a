"""Queries per request are counted, not guessed: a page of 50 costs what a page of 1 does.

The numbers are the floor for each request (authenticate, then the work), so
an added query shows up here before it shows up in the benchmarks.
"""

import pytest

TASKS = "/api/tasks/"

# The JWT's user, COUNT(*) for the page's total, the page's rows.
LIST_QUERIES = 3


@pytest.mark.parametrize("task_count", [1, 50])
@pytest.mark.parametrize("params", [{}, {"status": "pending"}, {"status": "completed", "priority": "high"},
                                    {"search": "milk", "limit": 200}])
def test_list_costs_the_same_queries_whatever_its_size(
    api, user, make_task, django_assert_num_queries, task_count, params
):
    for number in range(task_count):
        task = make_task(user, f"Buy milk {number}", priority="high")
        if "completed" in params.values():
            api.post(f"{TASKS}{task.pk}/complete/")
    with django_assert_num_queries(LIST_QUERIES):
        response = api.get(TASKS, params)
    assert response.status_code == 200
    assert len(response.json()["results"]) == task_count


def test_an_empty_list_skips_the_rows_query(api, django_assert_num_queries):
    # Django's paginator sees a total of 0 and fetches no rows.
    with django_assert_num_queries(LIST_QUERIES - 1):
        response = api.get(TASKS)
    assert response.json()["results"] == []


def test_create_costs_the_user_and_one_insert(api, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api.post(TASKS, {"title": "Buy milk"})
    assert response.status_code == 201


def test_complete_locks_reads_and_writes_once(api, user, make_task, django_assert_num_queries):
    task = make_task(user)
    # The user, then SELECT ... FOR UPDATE and one UPDATE in a transaction, which
    # inside the test's own transaction is a SAVEPOINT and its RELEASE.
    with django_assert_num_queries(5):
        response = api.post(f"{TASKS}{task.pk}/complete/")
    assert response.status_code == 200
    assert response.json()["completed"] is True
