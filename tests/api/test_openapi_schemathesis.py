"""schemathesis against the generated OpenAPI schema: no generated request gets a 5xx; answers match it."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from articles.api.models import Scope
from tests import factories


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/ninjs/stories", "/api/ingest/items"} <= set(schema["paths"])


@pytest.fixture
def connection_kept():
    """As Django's test client does: a request's end must not close the test's own connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(db, settings, editor, issue_token, connection_kept):
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_INGEST_REQUESTS_PER_MINUTE = 10_000
    factories.make_full_story(1, slug="ferry-strike")
    token = issue_token(editor, Scope.INGEST_DRAFT, Scope.INGEST_PHOTOS, Scope.PUBLISH)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]

    @given(case=schema.as_strategy())
    @hypothesis_settings(
        max_examples=12,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # The WSGI transport does not unzip; the API gzips anonymous answers as the site does.
        case.call_and_validate(headers={"Authorization": token, "Accept-Encoding": "identity"}, checks=checks)

    check()
