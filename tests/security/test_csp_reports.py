"""The CSP report endpoint: logs what browsers report, refuses junk with a 4xx, limits each client."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

ENDPOINT = "/csp-reports/"
LOGGER = "articles.security.views"

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://news.example.org/stories/budget/",
        "referrer": "",
        "violated-directive": "style-src-attr",
        "effective-directive": "style-src-attr",
        "original-policy": "default-src 'self'; style-src 'self'; report-uri /csp-reports/",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "https://news.example.org/stories/budget/",
        "status-code": 200,
        "script-sample": "color: red",
    }
}
REPORTING_API_BODY = [
    {
        "age": 10,
        "type": "csp-violation",
        "url": "https://news.example.org/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://news.example.org/",
            "effectiveDirective": "script-src-elem",
            "blockedURL": "https://evil.example/x.js",
            "disposition": "enforce",
            "originalPolicy": "script-src 'self'",
            "statusCode": 200,
            "sample": "",
            "sourceFile": "https://news.example.org/",
            "lineNumber": 3,
        },
    }
]


def send(client, body, *, content_type="application/csp-report", address="81.2.69.160", **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": address}
    return client.post(ENDPOINT, data, content_type=content_type, **forwarded, **extra)


def test_the_endpoint_is_where_the_policy_points():
    assert reverse("security:csp-reports") == ENDPOINT


def test_a_report_uri_report_is_logged(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = send(client, REPORT_URI_BODY)

    assert response.status_code == 204
    assert response.content == b""
    (record,) = [record for record in caplog.records if record.name == LOGGER]
    message = record.getMessage()
    assert "style-src-attr" in message
    assert '"inline"' in message
    assert "https://news.example.org/stories/budget/" in message
    assert "color: red" in message


def test_a_reporting_api_batch_is_logged(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = send(client, REPORTING_API_BODY, content_type="application/reports+json")

    assert response.status_code == 204
    (record,) = [record for record in caplog.records if record.name == LOGGER]
    assert "script-src-elem" in record.getMessage()
    assert "https://evil.example/x.js" in record.getMessage()


def test_only_csp_reports_of_a_batch_are_logged(client, db, caplog):
    batch = [*REPORTING_API_BODY, {"type": "deprecation", "body": {"id": "x"}}]
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert send(client, batch, content_type="application/reports+json").status_code == 204

    assert len([record for record in caplog.records if record.name == LOGGER]) == 1


def test_reported_text_cannot_forge_log_lines(client, db, caplog):
    body = {"csp-report": {**REPORT_URI_BODY["csp-report"], "blocked-uri": "x\nERROR forged line\r\u2028"}}
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert send(client, body).status_code == 204

    message = next(record for record in caplog.records if record.name == LOGGER).getMessage()
    assert "\n" not in message and "\r" not in message and "\u2028" not in message
    assert "ERROR forged line" in message


def test_long_values_are_cut(client, db, caplog):
    body = {"csp-report": {**REPORT_URI_BODY["csp-report"], "script-sample": "a" * 5000}}
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert send(client, body).status_code == 204

    assert len(next(record for record in caplog.records if record.name == LOGGER).getMessage()) < 2000


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"{",
        b"\xff\xfe\xfa",
        b"null",
        b"42",
        b'"a string"',
        b"[]",
        b"[1, 2]",
        b'{"csp-report": "not an object"}',
        b'{"something": "else"}',
        b'[{"type": "deprecation", "body": {}}]',
        b'[{"type": "csp-violation", "body": "not an object"}]',
        b"[" * 50_000,
        b'{"csp-report": {"document-uri": NaN}}',
    ],
    ids=lambda body: repr(body[:30]),
)
def test_junk_is_refused_with_400(client, db, body, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = send(client, body)

    assert response.status_code == 400
    assert not [record for record in caplog.records if record.name == LOGGER]


def test_a_huge_body_is_refused_unread(client, db):
    response = send(client, b'{"csp-report": {"blocked-uri": "' + b"a" * 200_000 + b'"}}')

    assert response.status_code == 413


def test_a_body_longer_than_it_says_is_refused(client, db):
    """A client that understates Content-Length is still cut off at the limit."""
    body = b'{"csp-report": {"blocked-uri": "' + b"a" * 200_000 + b'"}}'

    response = send(client, body, CONTENT_LENGTH="10")

    assert response.status_code in (400, 413)


def test_only_post_is_accepted(client, db):
    assert client.get(ENDPOINT).status_code == 405
    assert client.put(ENDPOINT, "{}").status_code == 405


def test_browsers_need_no_csrf_token_nor_get_a_cookie(db):
    client = Client(enforce_csrf_checks=True)

    response = send(client, REPORT_URI_BODY)

    assert response.status_code == 204
    assert not response.cookies


def test_a_flood_from_one_client_is_cut_off_with_429(client, db, settings, caplog):
    limit = settings.CSP_REPORTS_PER_CLIENT_PER_MINUTE
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        answers = [send(client, REPORT_URI_BODY).status_code for _ in range(limit + 5)]

    assert answers == [204] * limit + [429] * 5
    assert len([record for record in caplog.records if record.name == LOGGER]) == limit
    assert send(client, REPORT_URI_BODY, address="81.2.69.192").status_code == 204


def test_junk_counts_against_the_limit_too(client, db, settings):
    for _ in range(settings.CSP_REPORTS_PER_CLIENT_PER_MINUTE):
        send(client, b"junk")

    assert send(client, REPORT_URI_BODY).status_code == 429


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, db, settings):
    limit = settings.CSP_REPORTS_PER_CLIENT_PER_MINUTE
    answers = [
        send(client, REPORT_URI_BODY, address=f"203.0.{number}.1, 81.2.69.160").status_code
        for number in range(limit + 1)
    ]

    assert answers[-1] == 429
