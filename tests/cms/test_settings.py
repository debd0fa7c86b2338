"""Production settings refuse to start without a secret or a database, and pass the
deploy checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check", DJANGO_SETTINGS_MODULE="cms.settings.production", DJANGO_SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    """No silent fall-back to the SQLite file beside the code."""
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Q!" * 12,
        DATABASE_URL="",
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_production_passes_the_deploy_checklist_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Q!" * 12,
        DJANGO_ALLOWED_HOSTS="cms.clinic.example",
        DATABASE_URL=os.environ.get("DATABASE_URL")
        or f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    output = result.stderr + result.stdout
    assert result.returncode == 0, output
    assert "WARNINGS:" not in output and "ERRORS:" not in output


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path, django_db_blocker):
    """A file database opened with the project's options: WAL, 20 s busy timeout."""
    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on PostgreSQL here")
    wrapper = DatabaseWrapper(
        {**settings.DATABASES["default"], "NAME": str(tmp_path / "db.sqlite3")}
    )
    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000
    wrapper.close()
    assert options["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_health_probe_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response
