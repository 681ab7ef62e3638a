"""Health check, OpenAPI, admin, and error pages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tasks.models import Task

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
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "todo_project.settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        },
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
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_the_schema_shows_in_a_browser_as_json_and_downloads_as_yaml(client, db):
    shown = client.get("/api/schema/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "application/json"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown.json()["info"]["title"] == "Todo API"
    downloaded = client.get("/api/schema/?format=yaml")
    assert downloaded["Content-Type"].startswith("application/vnd.oai.openapi")
    assert downloaded["Content-Disposition"] == 'attachment; filename="Todo API.yaml"'
    assert downloaded.content.startswith(b"openapi: ")


def test_swagger_offers_the_bearer_token_only(client, db):
    schemes = client.get("/api/schema/").json()["components"]["securitySchemes"]
    assert list(schemes) == ["jwtAuth"]
    assert schemes["jwtAuth"]["scheme"] == "bearer"


FIVE_MEGABYTES = "x" * (5 * 1024 * 1024)


@pytest.mark.parametrize("path", ["/api/tasks/", "/api/chat/", "/api/auth/mcp-tokens/"])
def test_an_oversized_body_is_a_json_413_and_writes_nothing(api, path):
    response = api.post(path, {"title": FIVE_MEGABYTES, "message": FIVE_MEGABYTES, "name": "x"}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert "too large" in response.json()["detail"]
    assert not Task.objects.exists()


def test_an_oversized_sign_in_is_a_json_413(client, db):
    response = client.post(
        "/api/auth/token/", {"username": FIVE_MEGABYTES, "password": "x"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (413, "request_too_large")


def test_an_oversized_form_is_a_413_page(client, user):
    client.force_login(user)
    response = client.post("/tasks/add/", {"title": FIVE_MEGABYTES})
    assert response.status_code == 413
    assert b"too much at once" in response.content
    assert not Task.objects.exists()


def test_every_error_that_is_not_per_field_reads_detail_and_code(api, client, db):
    unauthenticated = client.get("/api/tasks/")
    assert unauthenticated.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    not_allowed = api.put("/api/tasks/", {}, format="json")
    assert (not_allowed.status_code, not_allowed.json()["code"]) == (405, "method_not_allowed")


def test_schema_generation_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_migrations_are_committed():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
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


@pytest.mark.parametrize(
    "add_page",
    [
        "/admin/mcp_bridge/mcptoken/add/",
        "/admin/oauth2_provider/application/add/",  # (OAuth tokens are issued by the flows, not added here)
    ],
)
def test_the_admin_picks_a_tokens_user_by_name_not_by_number(staff_client, add_page):
    form = staff_client.get(add_page).content.decode()
    user_field = re.search(r'<select name="user"[^>]*>', form)  # a searchable select of usernames, not an id box
    assert user_field is not None and "admin-autocomplete" in user_field.group()
