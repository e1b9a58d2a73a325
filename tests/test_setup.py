"""The app's set-up promises: deploy checks pass in production configuration,
and a bare machine (no DATABASE_URL, no broker) runs on SQLite with in-process
tasks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_manage(
    *args: str, env: dict[str, str], **kwargs: object
) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def test_it_passes_the_deploy_checks_in_production_configuration() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "mentoring.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key() -> None:
    result = run_manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("debug", ["1", "0"])
def test_it_prints_each_log_line_once(debug: str) -> None:
    result = run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('django.request').warning('probe-line')",
        env={"DJANGO_DEBUG": debug, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)},
    )
    assert result.stderr.count("probe-line") == 1, result.stderr


@pytest.mark.slow
def test_it_runs_on_sqlite_with_in_process_tasks_when_nothing_is_configured(
    tmp_path: Path,
) -> None:
    env = {"DJANGO_DEBUG": "1"}
    probe = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        env=env,
    )
    assert probe.stdout.split()[-2:] == ["django.db.backends.sqlite3", "True"], (
        probe.stdout + probe.stderr
    )

    # A throw-away SQLite file: migrate, load a little demo data, serve pages.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'smoke.sqlite3'}"
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"  # the host Django's test client uses
    migrate = run_manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr
    demo = run_manage("demo_data", "--mentees", "60", env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    pages = run_manage(
        "shell",
        "-c",
        "from django.test import Client;"
        "from django.contrib.auth.models import User;"
        "c = Client();"
        "c.force_login(User.objects.filter(groups__name='mentor').first());"
        "print(*(c.get(u).status_code for u in ('/', '/mentees/', '/employers/')))",
        env=env,
    )
    assert pages.stdout.split()[-3:] == ["200", "200", "200"], (
        pages.stdout + pages.stderr
    )


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_admin_changelists_of_growing_tables_do_not_count_them_whole() -> None:
    from django.contrib import admin

    from mentoring.admin import ReadOnlyAdmin
    from privacy.admin import HistoryAdmin

    growing = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, HistoryAdmin | ReadOnlyAdmin)
    ]
    assert growing
    for model_admin in growing:
        assert model_admin.show_full_result_count is False, model_admin
