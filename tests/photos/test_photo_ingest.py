import io
import struct
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.photos.models import Photo
from articles.photos.services import IngestStatus, photo_ingest
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata, plain_jpeg, xmp_packet

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(settings):
    """Every stored file: originals (private) and renditions (public)."""
    roots = [settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def agency_jpeg(**image_options):
    block = iim_block(
        {
            120: "Olive harvest near Nablus — café break",
            80: "Nasser Ishtayeh",
            115: "Flash90",
            116: "© 2026 Flash90",
            25: ["olives", "harvest", "West Bank"],
            55: "20261101",
        }
    )
    return jpeg_with_metadata(iim=block, **image_options)


def test_ingest_fills_fields_from_metadata_and_builds_house_credit(photo_desk, settings):
    result = photo_ingest(file=upload(agency_jpeg(), "../../etc/Ol ive.JPG"), uploaded_by=photo_desk)

    assert result.status == IngestStatus.CREATED
    photo = Photo.objects.get()
    assert photo.caption == "Olive harvest near Nablus — café break"
    assert photo.photographer == "Nasser Ishtayeh"
    assert photo.source == "Flash90"
    assert photo.credit == "Nasser Ishtayeh/Flash90"
    assert photo.copyright_notice == "© 2026 Flash90"
    assert photo.date_taken.isoformat() == "2026-11-01"
    assert sorted(photo.keywords.names()) == ["West Bank", "harvest", "olives"]
    assert photo.uploaded_by == photo_desk
    assert photo.original_filename == "Ol_ive.JPG"
    assert photo.image.name.endswith(f"{photo.checksum}.jpg")
    assert len(photo.perceptual_hash) == 16


def test_credit_rule_is_a_setting(photo_desk, settings):
    settings.PHOTO_CREDIT_RULE = "{photographer} / {agency}"

    photo = photo_ingest(file=upload(agency_jpeg()), uploaded_by=photo_desk).photo

    assert photo.credit == "Nasser Ishtayeh / Flash90"


def test_credit_in_the_file_is_kept(photo_desk):
    data = jpeg_with_metadata(xmp=xmp_packet(credit="Nasser Ishtayeh/Flash90 — café", creators=["N. I."]))

    assert (
        photo_ingest(file=upload(data), uploaded_by=photo_desk).photo.credit
        == "Nasser Ishtayeh/Flash90 — café"
    )


def test_identical_file_points_to_the_existing_photo(photo_desk, settings):
    data = agency_jpeg()
    first = photo_ingest(file=upload(data), uploaded_by=photo_desk).photo

    again = photo_ingest(file=upload(data, "renamed.jpg"), uploaded_by=photo_desk)

    assert again.status == IngestStatus.DUPLICATE
    assert again.photo == first
    assert again.message == f"This file is already in the library as photo {first.pk}."
    assert Photo.objects.count() == 1
    assert len(stored_files(settings)) == 1


def resized_recompressed(data: bytes, *, scale=0.5, crop=0.0, quality=70) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        dx, dy = int(width * crop), int(height * crop)
        image = image.crop((dx, dy, width - dx, height - dy))
        image = image.resize((int(image.width * scale), int(image.height * scale)))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality)
        return buffer.getvalue()


@pytest.mark.parametrize(("scale", "crop"), [(0.5, 0.0), (0.8, 0.03)])
def test_near_duplicate_is_shown_before_a_second_copy_is_saved(photo_desk, settings, scale, crop):
    original = agency_jpeg(size=(1200, 800))
    first = photo_ingest(file=upload(original), uploaded_by=photo_desk).photo
    story = factories.make_story(headline="Harvest season begins", lead_photo=first)

    result = photo_ingest(
        file=upload(resized_recompressed(original, scale=scale, crop=crop)), uploaded_by=photo_desk
    )

    assert result.status == IngestStatus.SIMILAR
    assert result.message == f"Looks like photo {first.pk}, used in stories “{story.headline}”."
    assert Photo.objects.count() == 1
    assert len(stored_files(settings)) == 1

    saved_anyway = photo_ingest(
        file=upload(resized_recompressed(original, scale=scale, crop=crop)),
        uploaded_by=photo_desk,
        allow_similar=True,
    )
    assert saved_anyway.status == IngestStatus.CREATED
    assert Photo.objects.count() == 2


def test_different_pictures_are_not_near_duplicates(photo_desk):
    photo_ingest(file=upload(plain_jpeg(color=(200, 30, 30))), uploaded_by=photo_desk)

    other = photo_ingest(
        file=upload(plain_jpeg(size=(300, 300), color=(20, 180, 90))), uploaded_by=photo_desk
    )

    assert other.status == IngestStatus.CREATED


def png_declaring(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "empty.jpg", "empty"),
        (SVG, "logo.svg", "not_an_image"),
        (HTML, "holiday.jpg", "not_an_image"),
        (b"#!/bin/sh\nrm -rf /\n", "script.jpg", "not_an_image"),
        (png_declaring(100_000, 100_000), "huge.png", "too_many_pixels"),
        (plain_jpeg(size=(800, 600))[:3000], "truncated.jpg", "corrupt"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 400, "corrupt.jpg", "not_an_image"),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(photo_desk, settings, data, name, code):
    with pytest.raises(ValidationError) as refusal:
        photo_ingest(file=upload(data, name), uploaded_by=photo_desk)

    assert refusal.value.code == code
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []


def test_too_large_file_is_refused(photo_desk, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000

    with pytest.raises(ValidationError) as refusal:
        photo_ingest(file=upload(plain_jpeg(size=(400, 400))), uploaded_by=photo_desk)

    assert refusal.value.code == "too_large"


def test_pixel_limit_is_a_setting(photo_desk, settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100

    with pytest.raises(ValidationError) as refusal:
        photo_ingest(file=upload(plain_jpeg(size=(200, 200))), uploaded_by=photo_desk)

    assert refusal.value.code == "too_many_pixels"


def test_cmyk_jpeg_and_16_bit_png_are_accepted(photo_desk):
    cmyk = plain_jpeg(mode="CMYK", color=(10, 200, 30, 5), pattern=False)
    buffer = io.BytesIO()
    Image.new("I;16", (120, 80), 40000).save(buffer, format="PNG")

    assert photo_ingest(file=upload(cmyk), uploaded_by=photo_desk).status == IngestStatus.CREATED
    png = photo_ingest(file=upload(buffer.getvalue(), "deep.png"), uploaded_by=photo_desk, allow_similar=True)
    assert png.status == IngestStatus.CREATED
    assert png.photo.image.name.endswith(".png")


def test_orientation_6_phone_photo_is_accepted_with_its_raw_size(photo_desk):
    image = Image.new("RGB", (400, 300), (10, 20, 30))
    exif = image.getexif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)

    photo = photo_ingest(file=upload(buffer.getvalue()), uploaded_by=photo_desk).photo

    assert (photo.width, photo.height) == (400, 300)


def test_failure_after_the_file_is_stored_leaves_no_orphan(photo_desk, settings, monkeypatch):
    def broken_tags(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("taggit.managers._TaggableManager.set", broken_tags)

    with pytest.raises(RuntimeError):
        photo_ingest(file=upload(agency_jpeg()), uploaded_by=photo_desk)

    assert Photo.objects.count() == 0
    assert stored_files(settings) == []


def test_users_without_the_add_permission_cannot_ingest(reporter, staff_without_role):
    with pytest.raises(PermissionDenied):
        photo_ingest(file=upload(agency_jpeg()), uploaded_by=staff_without_role)


def test_a_file_that_fails_after_inspection_is_refused_not_a_crash(photo_desk, settings, monkeypatch):
    def unreadable(file):
        raise OSError("broken data stream")

    monkeypatch.setattr("articles.photos.inspection._perceptual_hash", unreadable)

    with pytest.raises(ValidationError) as refusal:
        photo_ingest(file=upload(agency_jpeg()), uploaded_by=photo_desk)

    assert refusal.value.code == "corrupt"
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []
