"""Renditions follow the photo (issue 12, item 14).

Correcting the credit, photographer, copyright notice or Digital Source Type writes
new rendition files (new content-hash names) carrying the corrected rights; the old
files are deleted once that commits, and pages point at the new ones. Moving the
focal point remakes the cropped renditions only. The Digital Source Type is read
from the upload and written into every rendition's XMP. The work runs in the
worker's task, and the photo's rendition state says where it is.
"""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageChops, ImageStat

from articles.photos.metadata import read_metadata
from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions
from articles.photos.services import photo_update
from articles.photos.tasks import create_photo_renditions
from articles.stories.models import Story
from tests import factories
from tests.photos.files import jpeg_with_metadata, plain_jpeg, xmp_packet

pytestmark = pytest.mark.django_db

WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
COMPOSITE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic"


@pytest.fixture
def desk_client(client, photo_desk):
    client.force_login(photo_desk)
    return client


def files_of(photo) -> dict[tuple, str]:
    """(width, format, crop) → stored file name, for each rendition of `photo`."""
    return {(r.width, r.format, r.crop): r.file.name for r in Photo.objects.get(pk=photo.pk).renditions.all()}


def content(rendition) -> bytes:
    with rendition.file.open("rb") as stored:
        return stored.read()


def embedded(rendition):
    return read_metadata(io.BytesIO(content(rendition)))


def form_data(photo, **changes) -> dict:
    """The photo's change form as the page submits it unchanged, with `changes`."""
    fields = ("caption", "credit", "alt_text", "photographer", "source", "copyright_notice", "headline")
    return {name: getattr(photo, name) for name in fields} | {"keywords": ""} | changes


def public_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    ("field", "value", "read_as"),
    [
        ("credit", "Jane Doe/Reuters", "credit"),
        ("photographer", "Jane Doe", "photographer"),
        ("copyright_notice", "© 2026 Reuters", "copyright_notice"),
    ],
)
def test_a_corrected_right_is_written_into_new_rendition_files(
    settings, photo_desk, django_capture_on_commit_callbacks, field, value, read_as
):
    photo = factories.make_photo(credit="Wrong/Agency", photographer="Wrong Name", copyright_notice="© Wrong")
    before = files_of(photo)
    setattr(photo, field, value)

    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, user=photo_desk, fields=[field])

    photo.refresh_from_db()
    after = files_of(photo)
    assert photo.renditions_status == Photo.RenditionsStatus.READY
    assert after.keys() == before.keys()
    assert not set(after.values()) & set(before.values()), "every rendition has a new file"
    for rendition in photo.renditions.all():
        assert getattr(embedded(rendition), read_as) == value, rendition
        assert hashlib.sha256(content(rendition)).hexdigest()[:16] in rendition.file.name
    assert public_files(settings) == set(after.values()), "the old files are gone, no orphan is left"


def test_the_story_page_points_at_the_new_files(client, photo_desk, django_capture_on_commit_callbacks):
    photo = factories.make_photo(credit="Wrong/Agency")
    story = factories.make_story(status=Story.Status.PUBLISHED, lead_photo=photo)
    old_urls = [rendition.file.url for rendition in photo.renditions.all()]
    photo.credit = "Jane Doe/Reuters"

    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, user=photo_desk, fields=["credit"])

    page = client.get(story.get_absolute_url()).content.decode()
    assert "Jane Doe/Reuters" in page
    assert not [url for url in old_urls if url in page]
    assert [rendition.file.url for rendition in photo.renditions.all() if rendition.file.url in page]


def test_the_digital_source_type_is_read_from_the_upload_and_written_into_every_rendition():
    data = jpeg_with_metadata(xmp=xmp_packet(credit="Studio X", digital_source_type=AI), size=(400, 300))

    photo = factories.make_photo(image=SimpleUploadedFile("ai.jpg", data, content_type="image/jpeg"))

    assert photo.digital_source_type == AI
    renditions = list(photo.renditions.all())
    assert {rendition.format for rendition in renditions} == {"jpeg", "webp"}
    for rendition in renditions:
        assert embedded(rendition).digital_source_type == AI, rendition


def test_the_desk_sets_the_digital_source_type_in_the_admin_and_the_renditions_follow(
    desk_client, django_capture_on_commit_callbacks
):
    photo = factories.make_photo()
    before = files_of(photo)
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    page = desk_client.get(url).content.decode()
    assert '<select name="digital_source_type"' in page
    assert f'<option value="{AI}">' in page
    data = form_data(photo, digital_source_type=COMPOSITE)

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(url, data)

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.digital_source_type == COMPOSITE
    assert photo.renditions_status == Photo.RenditionsStatus.READY
    assert not set(files_of(photo).values()) & set(before.values())
    for rendition in photo.renditions.all():
        assert embedded(rendition).digital_source_type == COMPOSITE


def test_moving_the_focal_point_remakes_the_crops_only(
    settings, desk_client, django_capture_on_commit_callbacks
):
    settings.PHOTO_RENDITION_CROPS = {"square": (1, 1)}
    original = plain_jpeg(size=(800, 400), seed=5)
    photo = factories.make_photo(image=SimpleUploadedFile("wide.jpg", original, content_type="image/jpeg"))
    before = files_of(photo)
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    data = form_data(photo, focal_x="0", focal_y="0.5")

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(url, data)

    assert response.status_code == 302
    after = files_of(photo)
    for key, name in after.items():
        crop = key[2]
        assert (name != before[key]) is bool(crop), key
    # The widest JPEG square now shows the picture's left half, where the focal point is.
    square = Photo.objects.get(pk=photo.pk).renditions.get(crop="square", format="jpeg", width=320)
    left = Image.open(io.BytesIO(original)).convert("RGB").crop((0, 0, 400, 400)).resize((320, 320))
    shown = Image.open(io.BytesIO(content(square))).convert("RGB")
    assert max(ImageStat.Stat(ImageChops.difference(left, shown)).mean) < 12


def test_the_rewrite_runs_in_the_worker_and_the_state_says_so(photo_desk, django_capture_on_commit_callbacks):
    photo = factories.make_photo()
    before = files_of(photo)
    photo.credit = "Jane Doe/Reuters"

    with override_settings(TASKS=WORKER):
        with django_capture_on_commit_callbacks(execute=True):
            photo_update(photo=photo, user=photo_desk, fields=["credit"])
        queued = DBTaskResult.objects.get()

        photo.refresh_from_db()
        assert photo.renditions_status == Photo.RenditionsStatus.PENDING
        assert files_of(photo) == before, "nothing is re-encoded in the request"

        assert queued.task_path.endswith("create_photo_renditions")
        create_photo_renditions.call(photo.pk)  # what the worker runs

    photo.refresh_from_db()
    assert photo.renditions_status == Photo.RenditionsStatus.READY
    assert not set(files_of(photo).values()) & set(before.values())


def test_a_failed_rewrite_is_reported_and_keeps_the_old_files(
    settings, monkeypatch, photo_desk, django_capture_on_commit_callbacks
):
    from articles.photos import renditions

    photo = factories.make_photo()
    before = files_of(photo)
    stored = public_files(settings)
    encode = renditions._encode
    calls = {"count": 0}

    def failing(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] >= 2:
            raise OSError(28, "No space left on device")
        return encode(*args, **kwargs)

    monkeypatch.setattr(renditions, "_encode", failing)
    photo.credit = "Jane Doe/Reuters"

    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, user=photo_desk, fields=["credit"])

    photo.refresh_from_db()
    assert photo.credit == "Jane Doe/Reuters", "the desk's correction is kept"
    assert photo.renditions_status == Photo.RenditionsStatus.FAILED
    assert "No space left" in photo.renditions_error
    assert files_of(photo) == before, "readers keep the old files until new ones exist"
    assert public_files(settings) == stored, "no half-made file is left behind"


def test_files_made_from_rights_changed_meanwhile_are_discarded(settings):
    """A second correction commits while the worker encodes the first: its files are not kept."""
    photo = factories.make_photo(credit="First/Agency")
    before = files_of(photo)
    stored = public_files(settings)
    working_copy = Photo.objects.get(pk=photo.pk)
    working_copy.credit = "Second/Agency"  # what the worker read
    Photo.objects.filter(pk=photo.pk).update(credit="Third/Agency", renditions_status="pending")

    assert photo_create_renditions(photo=working_copy) == []

    assert files_of(photo) == before
    assert public_files(settings) == stored
    assert Photo.objects.get(pk=photo.pk).renditions_status == Photo.RenditionsStatus.PENDING
