"""While the database is away readers and editors get a plain 503 with Retry-After, nothing is
half-saved, and the next request after it comes back is served normally, without a restart."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.stories.models import Section
from tests import factories

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}
ADMIN_MESSAGE = "The newsroom's database is not answering; nothing was saved. Try again in a minute."


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as if the server had gone; `.undo()` brings it back."""

    def refuse(self):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    return monkeypatch


def test_a_reader_page_answers_503_with_retry_after_then_recovers(client, database_down, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("articles:home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "try again in a minute" in response.content.decode()
    outage_logs = [record for record in caplog.records if "Database outage" in record.getMessage()]
    assert len(outage_logs) == 1
    assert outage_logs[0].levelno == logging.WARNING
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]

    database_down.undo()
    assert client.get(reverse("articles:home")).status_code == 200


def test_an_admin_page_answers_503_with_a_clear_message_then_recovers(editor_client, database_down):
    response = editor_client.get(reverse("admin:index"), **HTML)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assertContains(response, f"<p>{ADMIN_MESSAGE}</p>", status_code=503, html=True)

    database_down.undo()
    assert editor_client.get(reverse("admin:index"), **HTML).status_code == 200


def test_an_admin_script_gets_the_refusal_as_json(editor_client, database_down):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 503
    assert response.json() == {"status": "refused", "code": "database_unavailable", "message": ADMIN_MESSAGE}


def test_an_admin_save_that_loses_the_database_half_way_saves_nothing(client, monkeypatch):
    """The section row is written, then the change-log insert fails: the whole save is rolled back."""
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    execute = CursorWrapper.execute

    def lose_the_database_at_the_log(self, sql, params=None):
        if "django_admin_log" in sql and sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", lose_the_database_at_the_log)
    response = client.post(
        reverse("admin:stories_section_add"), {"name": "Weather", "slug": "weather", "position": 1}, **HTML
    )

    assertContains(response, f"<p>{ADMIN_MESSAGE}</p>", status_code=503, html=True)
    monkeypatch.undo()
    assert not Section.objects.filter(slug="weather").exists()
    assert not LogEntry.objects.exists()


def test_an_outage_outside_the_view_is_answered_too(client, monkeypatch):
    """A middleware below this one fails: Django makes that a 500 before we see it; we answer 503.

    (The test client re-raises such errors unless told not to; a server does not.)
    """

    def refuse(self, request):
        raise OperationalError("connection to server lost")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    quiet = Client(raise_request_exception=False)
    response = quiet.get(reverse("articles:home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
