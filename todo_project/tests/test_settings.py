"""Settings come from the environment: safe for development with none, strict in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "todo.example.com",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py`` with no DJANGO_ settings but ``env``, on the test run's database unless ``env`` names one."""
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_values_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_would_not_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


def test_production_without_a_secret_key_refuses_to_start():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("TODO_TRUSTED_PROXIES", "10.0.0.1, proxy.internal", '"proxy.internal" is not an IP address or network'),
        ("TODO_MCP_ALLOWED_ORIGINS", "https://claude.ai/app", '"https://claude.ai/app" is not an origin'),
        ("TODO_MCP_ALLOWED_ORIGINS", "*", '"*" is not an origin'),
    ],
)
def test_a_value_that_cannot_be_used_stops_start_up_with_the_reason(variable, value, reason):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    assert f"{variable}: {reason}" in result.stderr


def test_database_url_selects_the_database():
    probe = "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])"
    result = manage("shell", "-v", "0", "-c", probe, DATABASE_URL="postgres://postgres@127.0.0.1:5432/somedb")
    assert result.stdout.split() == ["postgresql", "somedb"], result.stderr


def test_without_database_url_a_command_runs_on_the_bundled_postgresql(tmp_path):
    """A command run on its own (no DATABASE_URL, no `make run` going) starts the bundled server on its data
    folder (TODO_PGDATA; .pgdata in the checkout by default), and stops it when it is done."""
    data = tmp_path / "pgdata"
    probe = (
        "from django.db import connection; connection.ensure_connection(); "
        "print(connection.vendor, connection.pg_version // 10000, connection.settings_dict['OPTIONS']['host'])"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", probe],
        cwd=PROJECT_DIR,
        env={**env, "TODO_PGDATA": str(data)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["postgresql", "18", str(data)]
    assert (data / "PG_VERSION").exists()
    assert not (data / "postmaster.pid").exists(), "the server outlived the only command that used it"
