"""/healthz says the process answers; /readyz says the database and the cache do."""

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper


def test_healthz_answers_ok_without_the_database(client):
    """No django_db mark: any query here would fail the test."""
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_answers_while_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", _refuse)

    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", _refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"database": "failed", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_does_not_keep_a_value(client, monkeypatch):
    monkeypatch.setattr(type(caches["default"]), "get", lambda self, key, default=None, version=None: None)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failed"}


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_raises(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(type(caches["default"]), "set", refuse)

    assert client.get("/readyz").json() == {"database": "ok", "cache": "failed"}


def _refuse(self):
    raise OperationalError("Connection refused")
