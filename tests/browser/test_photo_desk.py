"""The batch upload page in a real browser: Debian's Chromium driven by Playwright."""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from django.urls import reverse
from django.views.static import serve
from playwright import sync_api

from articles.photos.models import Photo
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class StaticAndMediaHandler(StaticFilesHandler):
    """Static files as runserver serves them, plus uploaded media (tests run with DEBUG off)."""

    def _should_handle(self, path):
        return path.startswith(settings.MEDIA_URL) or super()._should_handle(path)

    def serve(self, request):
        if request.path.startswith(settings.MEDIA_URL):
            return serve(request, request.path[len(settings.MEDIA_URL) :], document_root=settings.MEDIA_ROOT)
        return super().serve(request)


class SerialLiveServerThread(LiveServerThread):
    """One request at a time: an in-memory SQLite test database is one shared connection."""

    def _create_server(self, connections_override=None):
        return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


@pytest.fixture
def live_url(settings):
    """A live server started after this test's settings (pytest-django's starts once per session,
    before the autouse settings fixture, so its middleware would still redirect to HTTPS)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    shared = {
        conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    server = SerialLiveServerThread("127.0.0.1", StaticAndMediaHandler, connections_override=shared, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture
def desk_page(live_url, monkeypatch):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the
    # test body are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = factories.make_user(username="desk", is_staff=True)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Photo desk"))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(live_url + reverse("admin:login"))
        page.fill("#id_username", "desk")
        page.fill("#id_password", factories.PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        yield page
        browser.close()


def test_batch_of_22_files_reports_each_file(desk_page, live_url, tmp_path):
    paths = []
    for number in range(20):
        data = jpeg_with_metadata(
            iim=iim_block({120: f"Street market {number} — café", 80: "Nasser Ishtayeh", 115: "Flash90"}),
            size=(300, 200),
            seed=1000 + number,
        )
        path = tmp_path / f"wire-{number:02}.jpg"
        path.write_bytes(data)
        paths.append(path)
    (tmp_path / "again.jpg").write_bytes(paths[0].read_bytes())
    (tmp_path / "page.jpg").write_text("<!doctype html><script>alert(1)</script>")
    paths += [tmp_path / "again.jpg", tmp_path / "page.jpg"]

    desk_page.goto(live_url + reverse("admin:photos_photo_batch_upload"))
    desk_page.set_input_files("#batch-files", [os.fspath(p) for p in paths])

    rows = desk_page.locator("#batch-results .batch-file")
    finished = desk_page.locator(
        "#batch-results .batch-file:not([data-status=waiting]):not([data-status=uploading])"
    )
    sync_api.expect(finished).to_have_count(22, timeout=60_000)
    assert rows.count() == 22
    statuses = {
        rows.nth(i).locator(".batch-file-name").inner_text(): rows.nth(i).get_attribute("data-status")
        for i in range(22)
    }
    assert statuses["page.jpg"] == "refused"
    assert list(statuses.values()).count("created") == 20
    # "again.jpg" and "wire-00.jpg" race; whichever came second is the duplicate.
    assert list(statuses.values()).count("duplicate") == 1
    refused = desk_page.locator('.batch-file[data-status="refused"] .batch-file-message').inner_text()
    assert "This file is not a JPEG, PNG or WebP image." in refused
    assert "20 created, 1 duplicate, 1 refused" in desk_page.locator("#batch-summary").inner_text()
    assert Photo.objects.count() == 20
    assert set(Photo.objects.values_list("credit", flat=True)) == {"Nasser Ishtayeh/Flash90"}


def test_clicking_the_preview_sets_the_focal_point(desk_page, live_url):
    photo = factories.make_photo(image=factories.image_upload(width=800, height=400))
    desk_page.goto(live_url + reverse("admin:photos_photo_change", args=[photo.pk]))
    picture = desk_page.locator(".focal-point-picker img")
    sync_api.expect(picture).to_have_js_property("complete", True)
    box = picture.bounding_box()
    assert box["width"] > 100

    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    assert abs(float(desk_page.input_value("#id_focal_x")) - 0.25) < 0.02
    assert abs(float(desk_page.input_value("#id_focal_y")) - 0.75) < 0.02
    assert desk_page.locator(".focal-point-marker").is_visible()
    desk_page.click("input[name=_save]")
    desk_page.wait_for_url("**/articles/photo/")
    photo.refresh_from_db()
    assert abs(photo.focal_x - 0.25) < 0.02 and abs(photo.focal_y - 0.75) < 0.02
