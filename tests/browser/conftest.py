"""The one browser harness: Debian's Chromium driven by Playwright against one live server.

Chromium comes from the system (`apt-get install chromium`); no browser is ever
downloaded. The live server serves the site, its static files and uploaded media,
as nginx will in production. Every browser test runs in a real transaction (the
server thread commits), and the database is emptied after each one; the newsroom
roles come back on their own (they are synced after every flush).

Screenshots are written only when NEWSROOM_SCREENSHOTS names a folder (`make screenshots`).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from django.views.static import serve
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


class SiteAndMediaHandler(StaticFilesHandler):
    """Static files as runserver serves them, plus uploaded media (tests run with DEBUG off)."""

    def _should_handle(self, path):
        return path.startswith(django_settings.MEDIA_URL) or super()._should_handle(path)

    def serve(self, request):
        if request.path.startswith(django_settings.MEDIA_URL):
            name = request.path.removeprefix(django_settings.MEDIA_URL)
            return serve(request, name, document_root=django_settings.MEDIA_ROOT)
        return super().serve(request)


class NewsroomLiveServerThread(LiveServerThread):
    """Threaded, except over an in-memory SQLite database, which is one connection shared with the test."""

    def _create_server(self, connections_override=None):
        if self.connections_override:
            return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)
        return super()._create_server(connections_override)


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """The address of the session's one live server."""
    shared = {
        alias: connection
        for alias, connection in ((conn.alias, conn) for conn in connections.all())
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    for connection in shared.values():
        connection.inc_thread_sharing()
    with django_db_blocker.unblock():
        server = NewsroomLiveServerThread(
            "127.0.0.1", SiteAndMediaHandler, connections_override=shared, port=0
        )
        server.daemon = True
        server.start()
        server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


@pytest.fixture(scope="module")
def chromium(live_url):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium`.")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # still plain synchronous code, which Django would otherwise refuse beside it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def site(live_url, chromium, settings, tmp_path):
    """The live server's address, with what a browser on plain-HTTP localhost needs."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail")},
        }
    }
    return live_url


@pytest.fixture
def page_at(chromium, site):
    """Open a fresh page (its own cookies) with the given viewport; closed after the test, before the
    test's settings are put back, so no request of its reaches the server afterwards."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, device_scale_factor=1)
        # Generous: over in-memory SQLite the live server answers one request at a time, and a busy
        # 2-core machine (CI) can take a while to send a page and all its pictures.
        context.set_default_timeout(60_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def log_in(site, page_at):
    """A page logged in to the admin as `user` (made with factories.make_user)."""

    def logged_in(user, viewport=DESKTOP):
        page = page_at(viewport)
        page.goto(f"{site}/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", factories.PASSWORD)
        page.click("input[type=submit]")
        # Signed in: the login page has the site's name too, but never the user tools.
        expect(page.locator("#user-tools")).to_be_visible()
        return page

    return logged_in


@pytest.fixture
def screenshot():
    """Save a screenshot under $NEWSROOM_SCREENSHOTS when it is set; otherwise take none."""
    folder = os.environ.get("NEWSROOM_SCREENSHOTS")

    def save(page, name, *, full_page=True):
        if not folder:
            return None
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=full_page)
        with Image.open(path) as image:  # palette-compressed, so it stays small in git
            image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
                path, optimize=True
            )
        return path

    return save
