"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from the system (`apt-get install chromium`); no browser is ever downloaded.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
    # beside it. Set for these modules only (not at import), so later tests and the
    # subprocesses they start never see it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def migrated_rows(django_db_blocker):
    """The rows migrations made (content types, permissions, the newsroom roles), as Django
    serialized them for serialized rollback.

    The live server needs real commits, so each test here ends by emptying the
    database, and serialized rollback puts those rows back. But once Playwright's
    event loop runs in this thread, Django hands out a context-local connection that
    lacks the serialized copy: `demo` gives it the copy taken here, before Playwright
    starts, and the rows are put back once more after the last test, for the tests
    that follow.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        rows = (
            getattr(connection, "_test_serialized_contents", None)
            or connection.creation.serialize_db_to_string()
        )
    yield rows
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(rows)


@pytest.fixture(scope="module")
def chromium(_allow_orm_beside_playwright, migrated_rows):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def plain_http():
    """The live server speaks plain HTTP: no redirect to HTTPS.

    SecurityMiddleware reads this setting once, when the (session-wide) live server
    starts, so it is set for the whole session before the server is created.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture
def browser_settings(settings, tmp_path):
    # Over plain-HTTP localhost the browser must keep the CSRF and alerts cookies.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    # Real widths, so screenshots look like the demo.
    settings.PHOTO_RENDITION_WIDTHS = [480, 960, 1200]
    return settings


@pytest.fixture
def demo(chromium, migrated_rows, plain_http, browser_settings, live_server, django_db_serialized_rollback):
    """The demo newsroom, seeded into the live server's database (see `migrated_rows`)."""
    connections[DEFAULT_DB_ALIAS]._test_serialized_contents = migrated_rows
    call_command("seed_demo", "--no-progress", stdout=io.StringIO())
    return live_server


@pytest.fixture
def page_at(chromium):
    """Open a fresh page with the given viewport; closed after the test."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, device_scale_factor=1)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
