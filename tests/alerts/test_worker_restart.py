"""Exactly once across a crash: the real worker (`manage.py db_worker`) is killed halfway through
an alert to 1,000 readers, and a second worker finishes it. Every reader has exactly one message.

The SMTP server on loopback kills the first worker (SIGKILL, no clean-up) while it holds the
500th message, after taking it and before answering: the worst moment, the one the stale-claim
rule exists for (articles/alerts/delivery.py). The database is shared with the workers: the test
database itself on PostgreSQL; on SQLite (in memory for the tests) a file copy of it.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from articles.alerts.delivery import INTERRUPTED
from articles.alerts.models import Alert, Delivery
from articles.workflow.services import story_publish
from tests import factories
from tests.alerts.conftest import make_followers

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STALE_SECONDS = 2


def database_for_workers(tmp_path) -> tuple[str, object]:
    """(DATABASE_URL for the workers, a function returning [(state, error, email)] of the deliveries)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

        def rows():
            return list(Delivery.objects.values_list("state", "error", "subscriber__email"))

        return url, rows
    path = tmp_path / "workers.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)

    def rows():
        with sqlite3.connect(path) as database:
            return database.execute(
                "SELECT d.state, d.error, s.email FROM alerts_delivery d "
                "JOIN alerts_subscriber s ON s.id = d.subscriber_id"
            ).fetchall()

    return f"sqlite:///{path}", rows


def start_worker(database_url, smtp_port, log):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        # No autoreloader (db_worker starts one under DEBUG): the PID killed must be the worker itself.
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "SECRET_KEY": django_settings.SECRET_KEY,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "ALERTS_STALE_CLAIM_SECONDS": str(STALE_SECONDS),
        "ALERTS_EMAILS_PER_SECOND": "0",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_killing_the_worker_mid_send_and_restarting_it_sends_each_reader_one_message(
    smtp_sink, settings, editor, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = WORKER
    section = factories.make_section(name="Politics")
    intended = [
        *make_followers(600, prefix="breaking"),
        *make_followers(400, prefix="politics", section=section),
    ]
    others = make_followers(100, prefix="sport", section=factories.make_section(name="Sport"))
    story = factories.make_story(section=section, desk_byline="Staff", headline="Polls closed")
    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=story, user=editor, alert_text="")  # enqueues start_alert for the worker
    database_url, delivery_rows = database_for_workers(tmp_path)
    log = (tmp_path / "workers.log").open("w")

    first = start_worker(database_url, smtp_sink.port, log)
    in_flight = []

    def kill_at_500(count):
        if count == 500:
            in_flight.append(smtp_sink.messages[-1][0])
            os.kill(first.pid, signal.SIGKILL)

    smtp_sink.on_message = kill_at_500
    try:
        first.wait(timeout=120)
        smtp_sink.on_message = None
        assert first.returncode == -signal.SIGKILL
        states = [state for state, _error, _email in delivery_rows()]
        assert states.count("sent") == 499 and states.count("sending") >= 1, "killed halfway"

        second = start_worker(database_url, smtp_sink.port, log)
        try:
            wait_for(
                lambda: all(state in ("sent", "failed") for state, _e, _m in delivery_rows()),
                120,
                "the second worker to finish",
            )
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        log.close()

    assert smtp_sink.recipients() == {subscriber.email: 1 for subscriber in intended}
    assert not set(smtp_sink.recipients()) & {subscriber.email for subscriber in others}
    rows = delivery_rows()
    failed = [(error, address) for state, error, address in rows if state == "failed"]
    # The one message the server took while the worker died is not sent again: it had arrived.
    assert failed == [(INTERRUPTED, in_flight[0][0].lower())]
    assert sum(state == "sent" for state, _e, _m in rows) == 999
    if connection.vendor == "postgresql":
        assert Alert.objects.get().status == Alert.Status.SENT
