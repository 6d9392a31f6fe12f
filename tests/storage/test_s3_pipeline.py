"""The photo pipeline on a real S3-compatible server: originals private, renditions public.

Every file goes through django-storages and boto3 to moto's standalone server on loopback,
and is fetched back over HTTP, as a reader's browser or the desk would.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest
from django.urls import reverse

from articles.photos.services import photo_delete, photo_ingest, photo_replace_file
from articles.stories.models import Story
from tests import factories
from tests.storage.conftest import CREDENTIALS, PRIVATE_BUCKET, PUBLIC_BUCKET

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent.parent


def fetch(url):
    """(status, headers, body) of a plain GET, refusals included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback test server)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refusal:
        return refusal.code, refusal.headers, refusal.read()


def seconds_valid(url):
    """How long a signed URL stays valid (SigV4's X-Amz-Expires, or SigV2's absolute Expires)."""
    query = parse_qs(urlsplit(url).query)
    assert "X-Amz-Signature" in query or "Signature" in query, url
    if "X-Amz-Expires" in query:
        return int(query["X-Amz-Expires"][0])
    return int(query["Expires"][0]) - int(time.time())


def unsigned(url):
    return urlunsplit(urlsplit(url)._replace(query=""))


def ingest(s3, django_capture_on_commit_callbacks, **upload_options):
    """Ingest an upload and let its commit run, so the renditions task stores the renditions."""
    upload = factories.image_upload(**upload_options)
    with django_capture_on_commit_callbacks(execute=True):
        result = photo_ingest(file=upload, uploaded_by=None, allow_similar=True)
    photo = result.photo
    photo.refresh_from_db()
    return photo, upload


def photo_keys(s3, photo):
    """Every object of `photo` (found by its content hash) in each bucket."""
    return {
        bucket: [key for key in s3.keys(bucket) if photo.checksum in key]
        for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET)
    }


def test_ingest_keeps_the_original_private_behind_a_signed_expiring_url(
    s3, django_capture_on_commit_callbacks
):
    photo, upload = ingest(s3, django_capture_on_commit_callbacks)

    assert s3.keys(PRIVATE_BUCKET) == [photo.image.name]
    url = photo.image.url
    assert 3590 <= seconds_valid(url) <= 3600
    assert fetch(unsigned(url))[0] == 403
    status, headers, body = fetch(url)
    assert status == 200
    upload.seek(0)
    assert body == upload.read()


def test_ingest_publishes_renditions_that_load_with_an_immutable_cache_header(
    s3, django_capture_on_commit_callbacks
):
    photo, _upload = ingest(s3, django_capture_on_commit_callbacks)
    renditions = list(photo.renditions.all())

    assert photo.renditions_status == photo.RenditionsStatus.READY
    assert len(renditions) == 4  # 160 and 320 wide, WebP and JPEG (the test widths)
    assert s3.keys(PUBLIC_BUCKET) == sorted(rendition.file.name for rendition in renditions)
    for rendition in renditions:
        url = rendition.file.url
        assert "Signature" not in url
        assert url.startswith(f"{s3.endpoint_url}/{PUBLIC_BUCKET}/renditions/")
        status, headers, body = fetch(url)
        assert status == 200, url
        assert headers["Content-Type"] == {"webp": "image/webp", "jpeg": "image/jpeg"}[rendition.format]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert len(body) == rendition.file.size


def test_staff_get_the_original_through_the_admin(s3, django_capture_on_commit_callbacks, client, photo_desk):
    photo, upload = ingest(s3, django_capture_on_commit_callbacks)
    client.force_login(photo_desk)

    response = client.get(reverse("admin:photos_photo_original", args=[photo.pk]))

    assert response.status_code == 200
    upload.seek(0)
    assert b"".join(response.streaming_content) == upload.read()


def test_a_published_story_page_prints_rendition_urls_that_load(
    s3, django_capture_on_commit_callbacks, client
):
    photo, _upload = ingest(s3, django_capture_on_commit_callbacks)
    photo.alt_text = "A crowd in front of city hall"
    photo.save(update_fields=["alt_text"])
    story = factories.make_story(status=Story.Status.PUBLISHED, lead_photo=photo)

    content = client.get(story.get_absolute_url()).content.decode()

    urls = set(re.findall(rf"{re.escape(s3.endpoint_url)}/{PUBLIC_BUCKET}/[^\s\"',]+", content))
    assert urls == {rendition.file.url for rendition in photo.renditions.all()}
    assert photo.image.name not in content  # the private original is never printed
    for url in urls:
        assert fetch(url)[0] == 200, url


def test_replacing_the_file_deletes_the_old_objects_after_commit(s3, django_capture_on_commit_callbacks):
    photo, _upload = ingest(s3, django_capture_on_commit_callbacks)
    old = photo_keys(s3, photo)
    old_urls = [rendition.file.url for rendition in photo.renditions.all()]

    with django_capture_on_commit_callbacks(execute=True):
        new_file = factories.image_upload("new.jpg", width=800, height=600)
        photo_replace_file(photo=photo, file=new_file, user=None)
    photo.refresh_from_db()

    assert photo_keys(s3, photo) == {
        PRIVATE_BUCKET: [photo.image.name],
        PUBLIC_BUCKET: sorted(rendition.file.name for rendition in photo.renditions.all()),
    }
    assert s3.keys(PRIVATE_BUCKET) == [photo.image.name]
    assert not set(old[PUBLIC_BUCKET]) & set(s3.keys(PUBLIC_BUCKET))
    assert [fetch(url)[0] for url in old_urls] == [404] * len(old_urls)
    assert photo.renditions.count() == 4
    for rendition in photo.renditions.all():
        assert fetch(rendition.file.url)[0] == 200


def test_deleting_a_photo_removes_every_object_of_it(s3, django_capture_on_commit_callbacks):
    photo, _upload = ingest(s3, django_capture_on_commit_callbacks)
    kept, _upload = ingest(s3, django_capture_on_commit_callbacks)  # another photo stays untouched
    assert all(photo_keys(s3, photo).values())

    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photo, user=None)

    assert photo_keys(s3, photo) == {PRIVATE_BUCKET: [], PUBLIC_BUCKET: []}
    assert s3.keys(PRIVATE_BUCKET) == [kept.image.name]
    assert s3.keys(PUBLIC_BUCKET) == sorted(rendition.file.name for rendition in kept.renditions.all())


# The settings module itself, with MEDIA_STORAGE=s3


def manage(*arguments, endpoint_url):
    """manage.py in a fresh process configured for S3 from the environment alone."""
    left_out = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env |= {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "true",
        "MEDIA_STORAGE": "s3",
        "AWS_S3_ENDPOINT_URL": endpoint_url,
        "AWS_S3_REGION_NAME": CREDENTIALS["region_name"],
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "AWS_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "AWS_PUBLIC_BUCKET": PUBLIC_BUCKET,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW_STORAGES = """
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from articles.photos.models import Photo, Rendition
private, public = storages["default"], storages["renditions"]
print(public.bucket_name, private.bucket_name)
image_field, file_field = Photo._meta.get_field("image"), Rendition._meta.get_field("file")
print(image_field.storage.bucket_name, file_field.storage.bucket_name)
name = private.save("settings-check.txt", ContentFile(b"written through the settings"))
print(private.exists(name), private.open(name).read().decode(), "Signature" in private.url(name))
private.delete(name)
print(private.exists(name), "Signature" in public.url("renditions/x.jpg"))
"""


def test_the_s3_settings_build_these_storages(s3):
    checked = manage("check", endpoint_url=s3.endpoint_url)
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout

    shown = manage("shell", "--no-imports", "-c", SHOW_STORAGES, endpoint_url=s3.endpoint_url)

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        f"{PUBLIC_BUCKET} {PRIVATE_BUCKET}",
        f"{PRIVATE_BUCKET} {PUBLIC_BUCKET}",
        "True written through the settings True",
        "False False",
    ]


SHOW_SIGNING_AND_CSP = """
from django.conf import settings
from django.core.files.storage import storages
print(storages["default"].url("photos/x.jpg"))
print(" ".join(settings.SECURE_CSP["img-src"]))
"""


def test_the_s3_settings_sign_original_urls_with_sigv4(s3):
    shown = manage("shell", "--no-imports", "-c", SHOW_SIGNING_AND_CSP, endpoint_url=s3.endpoint_url)

    assert shown.returncode == 0, shown.stderr
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in shown.stdout.splitlines()[0]


def test_the_s3_settings_let_pages_show_images_from_the_public_bucket(s3):
    shown = manage("shell", "--no-imports", "-c", SHOW_SIGNING_AND_CSP, endpoint_url=s3.endpoint_url)

    assert shown.returncode == 0, shown.stderr
    img_src = shown.stdout.splitlines()[1].split()
    assert any(s3.endpoint_url.startswith(source.rstrip("/")) for source in img_src), img_src
