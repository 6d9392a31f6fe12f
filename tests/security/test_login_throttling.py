"""Login throttling (django-axes): wrong passwords lock one username at one address for a while."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests import factories

LOGIN = "/admin/login/?next=/admin/"
# Our nginx appends the address it was reached from to X-Forwarded-For and talks to the app from loopback.
ATTACKER = "81.2.69.160"
EDITOR_AT_HOME = "81.2.69.192"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def editor(db):
    return factories.make_user(username="editor", is_staff=True)


def log_in(client, password, *, username="editor", address=ATTACKER, forwarded_for=None):
    """POST the admin login form as it reaches the app through nginx."""
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for or address,
    )


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, editor, settings):
    """The issue's reproduction: after the limit every try answers 429, the right password too."""
    answers = [log_in(client, f"wrong-{number}").status_code for number in range(30)]

    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with "wrong password"
    assert set(answers[limit - 1 :]) == {429}
    response = log_in(client, factories.PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lockout_page_says_when_to_try_again(client, editor, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, f"wrong-{number}")

    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert response["Retry-After"] == str(minutes * 60)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    content = response.content.decode()
    assert "Too many wrong passwords" in content
    assert f"Try again in {minutes} minutes" in content
    assert "editor" not in content  # the page does not echo what was typed


def test_only_that_username_at_that_address_is_locked(client, editor, settings):
    """An attacker cannot lock an editor out from everywhere, nor lock others out of one office."""
    colleague = factories.make_user(username="colleague", is_staff=True)
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"wrong-{number}")

    assert log_in(client, factories.PASSWORD, address=EDITOR_AT_HOME).status_code == 302
    client.logout()
    assert log_in(client, factories.PASSWORD, username=colleague.username).status_code == 302


def test_the_address_is_the_one_our_nginx_appended(client, editor, settings):
    """Made-up X-Forwarded-For entries before nginx's own one neither dodge nor cause a lockout."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, "wrong", forwarded_for=f"10.9.8.{number}, 203.0.{number}.1, {ATTACKER}")
    assert response.status_code == 429

    spoofing_the_editor = f"{ATTACKER}, {EDITOR_AT_HOME}"
    assert log_in(client, factories.PASSWORD, forwarded_for=spoofing_the_editor).status_code == 302


def test_attempts_are_kept_in_the_database(client, editor):
    """Every app server behind nginx reads the same counts."""
    from axes.models import AccessAttempt

    log_in(client, "wrong")
    log_in(client, "wrong again")

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("editor", ATTACKER, 2)


def test_the_lockout_ends_after_the_cool_off(client, editor, settings):
    from axes.models import AccessAttempt

    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"wrong-{number}")
    assert log_in(client, factories.PASSWORD).status_code == 429

    last_try = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=last_try - settings.AXES_COOLOFF_TIME)
    assert log_in(client, factories.PASSWORD).status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, editor, settings):
    from axes.models import AccessAttempt

    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, f"wrong-{number}")
    assert log_in(client, factories.PASSWORD).status_code == 302

    assert not AccessAttempt.objects.exists()


def test_an_admin_sees_and_resets_a_lockout(client, editor, settings):
    from axes.models import AccessAttempt

    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"wrong-{number}")
    attempt = AccessAttempt.objects.get()
    admin_client = type(client)()
    admin_client.force_login(factories.make_user(username="admin", is_staff=True, is_superuser=True))

    changelist = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert ATTACKER in changelist.content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302

    assert log_in(client, factories.PASSWORD).status_code == 302


def test_without_the_throttle_tests_still_log_in_with_client_login(client, editor, settings):
    """tests/conftest.py turns axes off, so client.login (which passes no request) keeps working."""
    settings.AXES_ENABLED = False

    assert client.login(username="editor", password=factories.PASSWORD) is True


def test_the_lockout_window_is_shorter_than_a_day(settings):
    """A cool-off, not a permanent lock that only an admin can lift."""
    assert timedelta(minutes=1) <= settings.AXES_COOLOFF_TIME <= timedelta(days=1)
