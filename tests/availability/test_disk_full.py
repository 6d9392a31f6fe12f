"""A full disk (or temp folder) while a photo is uploaded: a 507 with a sentence the desk can act on,
no "created", no Photo row and no partial file left behind."""

import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains

from articles.photos.models import Photo
from tests import factories

pytestmark = pytest.mark.django_db

FILE_URL = "admin:photos_photo_batch_upload_file"
BATCH_URL = "admin:photos_photo_batch_upload"
SENTENCE = "The server's disk is full; the photo was not saved. Tell the newsroom's administrator."
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


@pytest.fixture
def desk_client(client, photo_desk):
    client.force_login(photo_desk)
    return client


@pytest.fixture
def full_disk(monkeypatch):
    """Storing a file starts it on disk, then fails as a full disk does, leaving the empty file."""

    def partial_write(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", partial_write)


@pytest.fixture
def full_temp_folder(settings, tmp_path, monkeypatch):
    """Every upload is spooled to FILE_UPLOAD_TEMP_DIR, which has no room left."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-temp")

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", no_room)


def stored_files(settings) -> list[Path]:
    roots = [Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT)]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def upload(name="harbour.jpg"):
    return SimpleUploadedFile(name, factories.image_bytes(), content_type="image/jpeg")


def test_the_file_endpoint_answers_507_and_leaves_nothing(desk_client, settings, full_disk):
    response = desk_client.post(reverse(FILE_URL), {"file": upload()})

    assert response.status_code == 507
    assert response.json() == {
        "status": "refused",
        "code": "disk_full",
        "name": "harbour.jpg",
        "message": SENTENCE,
    }
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_the_batch_page_reports_each_file_refused_with_507(desk_client, settings, full_disk):
    response = desk_client.post(reverse(BATCH_URL), {"files": [upload("a.jpg"), upload("b.jpg")]})

    assert response.status_code == 507
    assert [result["code"] for result in response.context["results"]] == ["disk_full", "disk_full"]
    assert "created" not in [result["status"] for result in response.context["results"]]
    assertContains(response, escape(SENTENCE), status_code=507)
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_the_add_photo_form_answers_507_and_saves_nothing(desk_client, settings, full_disk):
    response = desk_client.post(
        reverse("admin:photos_photo_add"),
        {"image": upload(), "alt_text": "Fishing boats moored in the harbour", "caption": "The harbour."},
        **HTML,
    )

    assertContains(response, f"<p>{SENTENCE}</p>", status_code=507, html=True)
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_a_full_temp_folder_answers_507_at_the_file_endpoint(desk_client, settings, full_temp_folder):
    response = desk_client.post(reverse(FILE_URL), {"file": upload()})

    assert response.status_code == 507
    assert response.json()["code"] == "disk_full"
    assert response.json()["message"] == SENTENCE
    assert not Photo.objects.exists()


def test_a_full_temp_folder_answers_a_507_page_at_the_batch_page(desk_client, full_temp_folder):
    response = desk_client.post(reverse(BATCH_URL), {"files": [upload("a.jpg")]}, **HTML)

    assertContains(response, escape(SENTENCE), status_code=507)
    assert not Photo.objects.exists()


def test_with_csrf_checks_a_full_temp_folder_is_answered_by_the_middleware(photo_desk, full_temp_folder):
    """As in production: the CSRF check reads the upload before the view runs, and that read fails."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.force_login(photo_desk)
    browser.cookies["csrftoken"] = "a" * 32

    response = browser.post(reverse(FILE_URL), {"file": upload()}, HTTP_X_CSRFTOKEN="a" * 32)

    assert response.status_code == 507
    assert response.json()["code"] == "disk_full"
    assert not Photo.objects.exists()


def test_a_failure_that_is_not_a_full_disk_is_not_reported_as_one(desk_client, monkeypatch):
    def broken(self, name, content):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", broken)

    with pytest.raises(PermissionError):
        desk_client.post(reverse(FILE_URL), {"file": upload()})
    assert not Photo.objects.exists()
