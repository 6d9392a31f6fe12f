"""The settings module: production refuses to start without a secret, and deploy checks are clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def manage(*arguments, **environment):
    """Run manage.py in a fresh process with only the given deploy variables set."""
    # Only what a deployment would set: no test secrets, and not the browser tests' async switch.
    left_out = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "refuses to start with DEBUG off" in result.stderr


def test_an_empty_secret_key_is_refused_too():
    result = manage("check", DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_starts_without_a_secret_key():
    result = manage("check", DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        EMAIL_URL="smtp+tls://alerts:secret@smtp.example.org:587",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_postgresql_connections_run_page_queries_without_parallel_workers_or_jit():
    # Each shows in the session the settings open; read back from a live PostgreSQL connection.
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    for name in ('max_parallel_workers_per_gather', 'jit'):\n"
        "        cursor.execute(f'SHOW {name}')\n"
        "        print(name, cursor.fetchone()[0])\n"
    )
    result = manage(
        "shell",
        "-c",
        script,
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",  # the shared server; only read
    )

    assert result.returncode == 0, result.stderr
    assert "max_parallel_workers_per_gather 0" in result.stdout
    assert "jit off" in result.stdout


def test_connections_outlive_a_request_on_sqlite_too(tmp_path):
    # Opening an SQLite connection (and registering Django's SQL functions on it) cost 1.2 ms a request.
    script = (
        "from django.core.signals import request_finished, request_started\n"
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "first = connection.connection\n"
        "request_started.send(sender=None)\n"
        "request_finished.send(sender=None)\n"
        "connection.ensure_connection()\n"
        "print('kept' if connection.connection is first else 'reopened')\n"
    )
    result = manage("shell", "-c", script, DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "kept"
