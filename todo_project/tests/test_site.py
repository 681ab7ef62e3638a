"""Health check, OpenAPI, admin, and error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_healthz_is_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_the_database_does_not_answer():
    probe = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/healthz', HTTP_HOST='localhost'); "
        "print(response.status_code, response.json()['database'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "todo_project.settings",
             "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"},
    )
    assert result.stdout.split() == ["503", "down"], result.stderr


def test_openapi_schema_lists_the_task_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/tasks/", "/api/tasks/{id}/", "/api/tasks/{id}/complete/", "/api/auth/register/"} <= set(paths)


def test_docs_page_renders(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_unknown_api_path_is_json_404(api):
    response = api.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_schema_generation_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_migrations_are_committed():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def staff_client(make_user):
    staff = make_user("admin")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


def test_admin_task_list_searches_and_filters(staff_client, user, other_user, make_task):
    make_task(user, "Buy milk", priority="high")
    make_task(other_user, "Walk the dog")
    response = staff_client.get("/admin/tasks/task/", {"q": "milk"})
    assert response.status_code == 200
    assert b'type="search" name="username"' in response.content
    assert b"Buy milk" in response.content and b"Walk the dog" not in response.content
    response = staff_client.get("/admin/tasks/task/", {"priority__exact": "high", "completed__exact": "0"})
    assert b"Buy milk" in response.content and b"Walk the dog" not in response.content
    response = staff_client.get("/admin/tasks/task/", {"username": other_user.username})
    assert b"Walk the dog" in response.content and b"Buy milk" not in response.content


def test_admin_refuses_non_staff(user, make_task):
    make_task(user, "Private")
    client = Client()
    client.force_login(user)
    response = client.get("/admin/tasks/task/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
