"""Responsive renditions: made once with Pillow, upright, never upscaled, prefetched for pages."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from articles.photos.models import Photo, Rendition
from articles.photos.renditions import photo_create_renditions
from articles.photos.services import photo_ingest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _widths(settings):
    settings.PHOTO_RENDITION_WIDTHS = [320, 480, 960]


def sizes(photo, image_format):
    return [
        (rendition.width, rendition.height)
        for rendition in photo.renditions.filter(format=image_format).order_by("width")
    ]


def test_every_width_in_every_format_never_wider_than_the_original():
    """A 640 px photo gets 320 and 480, and 640 instead of 960: nothing is upscaled."""
    photo = factories.make_photo(renditions=False, image=factories.image_upload(width=640, height=400))

    created = photo_create_renditions(photo=photo)

    assert len(created) == 6
    assert sizes(photo, "webp") == [(320, 200), (480, 300), (640, 400)]
    assert sizes(photo, "jpeg") == [(320, 200), (480, 300), (640, 400)]
    for rendition in created:
        with rendition.file.open("rb") as stored, Image.open(stored) as picture:
            assert picture.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
            assert picture.size == (rendition.width, rendition.height)
    assert all(rendition.file.name.startswith(f"renditions/{photo.checksum[:2]}/") for rendition in created)


def test_running_again_creates_nothing():
    photo = factories.make_photo(renditions=False)
    photo_create_renditions(photo=photo)
    stored = list(photo.renditions.values_list("pk", "file"))

    assert photo_create_renditions(photo=photo) == []
    assert list(photo.renditions.values_list("pk", "file")) == stored


def test_only_missing_renditions_are_made():
    photo = factories.make_photo(renditions=False, image=factories.image_upload(width=1000, height=500))
    photo_create_renditions(photo=photo)
    photo.renditions.filter(width=480, format="webp").delete()

    created = photo_create_renditions(photo=photo)

    assert [(rendition.width, rendition.format) for rendition in created] == [(480, "webp")]


def test_exif_orientation_is_applied():
    """A phone photo stored sideways with an "rotate 90°" EXIF flag comes out upright."""
    picture = Image.new("RGB", (600, 400), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    photo = factories.make_photo(
        renditions=False,
        image=factories.SimpleUploadedFile("phone.jpg", buffer.getvalue(), content_type="image/jpeg"),
    )

    photo_create_renditions(photo=photo)

    assert sizes(photo, "jpeg") == [(320, 480), (400, 600)]
    assert photo_create_renditions(photo=photo) == []


def test_transparent_png_becomes_rgb():
    photo = factories.make_photo(
        renditions=False,
        image=factories.image_upload(
            "logo.png", width=500, height=500, image_format="PNG", mode="RGBA", color=(0, 0, 0, 0)
        ),
    )

    photo_create_renditions(photo=photo)

    jpeg = photo.renditions.get(format="jpeg", width=320)
    with jpeg.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.mode == "RGB"


def test_named_crops(settings):
    settings.PHOTO_RENDITION_CROPS = {"square": (1, 1)}
    photo = factories.make_photo(renditions=False, image=factories.image_upload(width=800, height=400))

    photo_create_renditions(photo=photo)

    square = photo.renditions.filter(crop="square", format="jpeg").order_by("width")
    assert [(rendition.width, rendition.height) for rendition in square] == [(320, 320), (400, 400)]


def test_ingest_makes_renditions_after_commit(django_capture_on_commit_callbacks, editor):
    typed = Photo(alt_text="A tram in the snow", caption="Snow", credit="Me")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = photo_ingest(file=factories.image_upload(), uploaded_by=editor, photo=typed).photo
        assert photo is typed
        assert not photo.renditions.exists()
    for callback in callbacks:
        callback()

    assert photo.uploaded_by == editor
    assert photo.renditions.count() == 6


def test_admin_upload_makes_renditions(client, photo_desk, django_capture_on_commit_callbacks):
    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/photos/photo/add/",
            {
                "image": factories.image_upload(width=500, height=300),
                "caption": "A tram",
                "credit": "Jane Doe/Agency",
                "alt_text": "A tram in the snow",
            },
        )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.uploaded_by == photo_desk
    assert sizes(photo, "webp") == [(320, 192), (480, 288), (500, 300)]


def test_with_renditions_prefetches_once(django_assert_num_queries):
    for _ in range(3):
        factories.make_photo()

    with django_assert_num_queries(2):  # the photos, then every rendition of them
        photos = list(Photo.objects.with_renditions())
        lists = [photo.rendition_list for photo in photos]

    assert all(len(renditions) == 6 for renditions in lists)
    assert all(
        [(rendition.format, rendition.width) for rendition in renditions]
        == sorted((rendition.format, rendition.width) for rendition in renditions)
        for renditions in lists
    )


def test_command_creates_what_is_missing():
    photos = [factories.make_photo(renditions=False) for _ in range(2)]
    output = io.StringIO()

    call_command("photo_renditions", "--no-progress", stdout=output)
    call_command("photo_renditions", "--no-progress", stdout=output)

    assert "12 renditions created for 2 photos." in output.getvalue()
    assert "0 renditions created for 2 photos." in output.getvalue()
    assert Rendition.objects.filter(photo__in=photos).count() == 12


def test_command_prunes_renditions_no_longer_configured(settings, django_capture_on_commit_callbacks):
    settings.PHOTO_RENDITION_CROPS = {"square": (1, 1)}
    photo = factories.make_photo()
    squares = list(photo.renditions.filter(crop="square"))
    kept = list(photo.renditions.filter(crop=""))
    settings.PHOTO_RENDITION_CROPS = {}
    output = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("photo_renditions", "--no-progress", "--prune", stdout=output)

    assert "4 renditions no longer configured were deleted." in output.getvalue()
    assert "0 renditions created for 1 photos." in output.getvalue()
    assert set(photo.renditions.all()) == set(kept)
    assert not any(square.file.storage.exists(square.file.name) for square in squares)
    assert all(rendition.file.storage.exists(rendition.file.name) for rendition in kept)
