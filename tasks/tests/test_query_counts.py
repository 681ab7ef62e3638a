"""Queries per request are counted, not guessed: a page of 50 costs what a page of 1 does.

The numbers are the floor for each request (authenticate, then the work), so
an added query shows up here before it shows up in the benchmarks.
"""

import pytest
from django.db import connection

TASKS = "/api/tasks/"

# The JWT's user, then the page's rows with the counts beside them (tasks/queries.py).
LIST_QUERIES = 2


@pytest.mark.parametrize("task_count", [1, 50])
@pytest.mark.parametrize(
    "params", [{}, {"status": "pending"}, {"status": "completed", "priority": "high"}, {"search": "milk", "limit": 200}]
)
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


def test_an_empty_list_costs_the_same(api, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES):
        response = api.get(TASKS)
    assert response.json()["results"] == []


def test_a_page_past_the_end_costs_the_same(api, user, make_task, django_assert_num_queries):
    make_task(user)
    # No task comes back, but the counts' row does: still one statement.
    with django_assert_num_queries(LIST_QUERIES):
        response = api.get(TASKS, {"offset": 5})
    assert response.json()["count"] == 1
    assert response.json()["results"] == []


# Inside a test's transaction, atomic() shows up as a SAVEPOINT and its RELEASE; in production it is
# BEGIN/COMMIT, which the driver sends without a cursor and so are not counted here.
TRANSACTION = 2
# A write first counts against the user's write limit in the shared cache. The default cache is a
# database table: Django's DatabaseCache reads the history, counts its rows (to decide on culling),
# then writes the history back in its own transaction. With REDIS_URL these are two Redis commands.
WRITE_LIMIT = 4 + TRANSACTION


def test_create_costs_the_user_the_insert_and_its_record(api, django_assert_num_queries):
    # The user, the top of its list (where it goes, tasks/order.py), then the user's next task number, the
    # insert and its record: one statement (tasks/store.py).
    with django_assert_num_queries(1 + WRITE_LIMIT + TRANSACTION + 1 + 1):
        response = api.post(TASKS, {"title": "Buy milk"})
    assert response.status_code == 201


def test_complete_reads_and_writes_once(api, user, make_task, django_assert_num_queries):
    task = make_task(user)
    # The user, then the conditional UPDATE and its record: one statement (the task read with it).
    with django_assert_num_queries(1 + WRITE_LIMIT + TRANSACTION + 1):
        response = api.post(f"{TASKS}{task.pk}/complete/")
    assert response.status_code == 200
    assert response.json()["completed"] is True
    # Completing it again writes nothing (the limit still counts the request).
    with django_assert_num_queries(1 + WRITE_LIMIT + TRANSACTION + 1):
        assert api.post(f"{TASKS}{task.pk}/complete/").json()["completed"] is True


@pytest.mark.skipif(
    not connection.settings_dict["OPTIONS"].get("server_side_binding"),
    reason="statements are prepared on pooled PostgreSQL connections only (settings.py; not with DJANGO_DB_POOL=false)",
)
def test_a_pooled_connection_plans_the_list_once_and_reuses_it(api):
    """Server-side binding and a prepare threshold (settings.py): from its fifth run the page is prepared."""

    def prepared_lists() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%tasks_task%"])
            return [row[0] for row in cursor.fetchall()]

    api.get(TASKS)
    assert prepared_lists() == []
    for _ in range(5):
        assert api.get(TASKS).status_code == 200
    (statement,) = prepared_lists()
    assert "LEFT JOIN LATERAL" in statement
