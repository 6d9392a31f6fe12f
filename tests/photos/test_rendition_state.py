"""Renditions have a state the desk can see: being made, ready or failed; failures are retried, never
reported as success, and a story waits for its photos' renditions before it goes out."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.photos.models import Photo, Rendition
from articles.photos.services import photo_ingest
from articles.workflow.services import story_publish
from tests import factories

pytestmark = pytest.mark.django_db

FILE_URL = "admin:photos_photo_batch_upload_file"
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def public_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def broken_encoder(monkeypatch):
    """Resizing succeeds but writing the third rendition fails, as on a full disk."""
    from articles.photos import renditions

    calls = {"count": 0}
    encode = renditions._encode

    def failing(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] >= 3:
            raise OSError(28, "No space left on device")
        return encode(*args, **kwargs)

    monkeypatch.setattr(renditions, "_encode", failing)
    return calls


def test_a_new_photo_is_ready_once_its_renditions_exist(photo_desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = photo_ingest(file=factories.image_upload(), uploaded_by=photo_desk)

    photo = Photo.objects.get(pk=result.photo.pk)
    assert photo.renditions_status == Photo.RenditionsStatus.READY
    assert photo.renditions.exists()


@pytest.mark.django_db(transaction=True)
def test_failed_renditions_are_reported_not_created_and_leave_no_files(client, settings, broken_encoder):
    """Real commits, as in production: the in-process task has run before the desk gets its answer."""
    desk = factories.make_user(is_staff=True)
    desk.groups.add(Group.objects.get(name="Photo desk"))
    client.force_login(desk)
    upload = SimpleUploadedFile("pier.jpg", factories.image_bytes(), content_type="image/jpeg")

    response = client.post(reverse(FILE_URL), {"file": upload})

    assert response.status_code == 201
    body = response.json()
    assert body["renditions"] == "failed"
    assert "could not be made; retry them from the photo's page" in body["message"]
    assert "No space left on device" in body["message"]
    photo = Photo.objects.get()
    assert (photo.renditions_status, photo.renditions_attempts) == (Photo.RenditionsStatus.FAILED, 1)
    assert not Rendition.objects.exists()
    assert public_files(settings) == []  # the two renditions written before the failure are gone


def test_the_retry_action_makes_them_again(
    client, photo_desk, broken_encoder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_ingest(file=factories.image_upload(), uploaded_by=photo_desk).photo
    assert Photo.objects.get(pk=photo.pk).renditions_status == Photo.RenditionsStatus.FAILED
    broken_encoder["count"] = -1000  # the disk has room again
    client.force_login(photo_desk)
    changelist = reverse("admin:photos_photo_changelist")
    assertion_page = client.get(changelist, {"renditions_status__exact": "failed"})
    assert photo in assertion_page.context["cl"].result_list

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "retry_renditions", "_selected_action": [photo.pk]})

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.renditions_status, photo.renditions_error) == (Photo.RenditionsStatus.READY, "")
    assert photo.renditions.count() > 0


def test_with_a_worker_a_failure_is_retried_later_with_backoff(
    photo_desk, broken_encoder, django_capture_on_commit_callbacks
):
    from articles.photos.tasks import create_photo_renditions

    with override_settings(TASKS=WORKER):
        with django_capture_on_commit_callbacks(execute=True):
            photo = photo_ingest(file=factories.image_upload(), uploaded_by=photo_desk).photo
        queued = DBTaskResult.objects.get()

        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(OSError, match="No space left"):
                create_photo_renditions.call(photo.pk)

    photo.refresh_from_db()
    assert (photo.renditions_status, photo.renditions_attempts) == (Photo.RenditionsStatus.PENDING, 1)
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 20 < wait <= 30


def test_after_the_last_attempt_the_photo_is_marked_failed(photo_desk, settings, broken_encoder):
    from articles.photos.tasks import create_photo_renditions

    settings.PHOTO_RENDITION_ATTEMPTS = 2
    photo = factories.make_photo(renditions=False)
    Photo.objects.filter(pk=photo.pk).update(renditions_attempts=1)
    with override_settings(TASKS=WORKER), pytest.raises(OSError):
        create_photo_renditions.call(photo.pk)

    photo.refresh_from_db()
    assert (photo.renditions_status, photo.renditions_attempts) == (Photo.RenditionsStatus.FAILED, 2)


@pytest.mark.parametrize(
    ("state", "sentence"),
    [("pending", "still being made"), ("failed", "which failed: retry them")],
)
def test_a_story_waits_for_its_photos_renditions(editor, state, sentence):
    photo = factories.make_photo(renditions=False)
    Photo.objects.filter(pk=photo.pk).update(renditions_status=state)
    story = factories.make_story(lead_photo=Photo.objects.get(pk=photo.pk))

    with pytest.raises(ValidationError, match=sentence):
        story_publish(story=story, user=editor)

    assert not story.audit_entries.exists()


def test_deleting_a_photo_deletes_its_files_after_commit(
    client, editor, settings, django_capture_on_commit_callbacks
):
    photo = factories.make_photo()
    original = settings.PRIVATE_MEDIA_ROOT / photo.image.name
    assert original.exists() and public_files(settings)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert not original.exists()
    assert public_files(settings) == []


def test_originals_are_private_and_renditions_public(settings):
    photo = factories.make_photo()

    assert (settings.PRIVATE_MEDIA_ROOT / photo.image.name).is_file()
    assert not (settings.MEDIA_ROOT / photo.image.name).exists()
    rendition = photo.renditions.first()
    assert (settings.MEDIA_ROOT / rendition.file.name).is_file()
    assert rendition.file.url.startswith(settings.MEDIA_URL)
