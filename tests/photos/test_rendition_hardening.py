"""Renditions: upright, sRGB, no EXIF/GPS, credit and copyright written back, focal-point crops."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from articles.photos.metadata import read_metadata
from articles.photos.models import Rendition
from articles.photos.renditions import photo_create_renditions
from articles.photos.services import photo_ingest
from tests import factories
from tests.photos.files import plain_jpeg, swapped_primaries_icc

pytestmark = pytest.mark.django_db

CREDIT = "Nasser Ishtayeh/Flash90 — café"


def photo_from(data: bytes, **fields):
    fields = {
        "credit": CREDIT,
        "photographer": "Nasser Ishtayeh",
        "copyright_notice": "© 2026 Flash90",
    } | fields
    return factories.make_photo(renditions=False, image=SimpleUploadedFile("p.jpg", data), **fields)


def opened(rendition: Rendition) -> Image.Image:
    with rendition.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


def jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", **({"quality": 95} | options))
    return buffer.getvalue()


def test_exif_and_gps_are_stripped_and_rights_written_back():
    image = Image.new("RGB", (400, 300), (90, 120, 150))
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif.get_ifd(0x8825)[2] = (31.0, 46.0, 12.0)  # GPSLatitude
    photo = photo_from(jpeg(image, exif=exif))

    renditions = photo_create_renditions(photo=photo)

    assert {r.format for r in renditions} == {"jpeg", "webp"}
    for rendition in renditions:
        picture = opened(rendition)
        assert dict(picture.getexif()) == {}, rendition
        assert not picture.getexif().get_ifd(0x8825)
        with rendition.file.open("rb") as stored:
            metadata = read_metadata(io.BytesIO(stored.read()))
        assert metadata.credit == CREDIT, rendition
        assert metadata.photographer == "Nasser Ishtayeh"
        assert metadata.copyright_notice == "© 2026 Flash90"


def test_jpeg_renditions_carry_iptc_iim_too():
    photo = photo_from(plain_jpeg(size=(400, 300)))

    photo_create_renditions(photo=photo)
    rendition = photo.renditions.filter(format="jpeg").first()

    with rendition.file.open("rb") as stored:
        data = stored.read()
    assert b"Photoshop 3.0\x00" in data
    assert "Nasser Ishtayeh/Flash90 — café".encode() in data.split(b"Photoshop 3.0\x00", 1)[1]


def test_orientation_6_is_applied():
    image = Image.new("RGB", (400, 300), (0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 60, 300), fill=(255, 0, 0))  # red along the stored left edge
    exif = image.getexif()
    exif[0x0112] = 6
    photo = photo_from(jpeg(image, exif=exif))

    photo_create_renditions(photo=photo)

    rendition = photo.renditions.get(format="jpeg", width=300)
    picture = opened(rendition).convert("RGB")
    assert picture.size == (300, 400)
    top_middle = picture.getpixel((150, 10))
    assert top_middle[0] > 200 and top_middle[2] < 60  # the left edge is now on top


def test_embedded_icc_profile_is_converted_to_srgb():
    red = Image.new("RGB", (200, 100), (255, 0, 0))
    photo = photo_from(jpeg(red, icc_profile=swapped_primaries_icc()))

    photo_create_renditions(photo=photo)

    for rendition in photo.renditions.all():
        picture = opened(rendition)
        assert picture.mode == "RGB"
        assert "icc_profile" not in picture.info or not picture.info["icc_profile"]
        r, g, b = picture.getpixel((100, 50))
        assert b > 200 and r < 40, (rendition, (r, g, b))


def test_cmyk_and_16_bit_pictures_become_rgb():
    cmyk = photo_from(plain_jpeg(mode="CMYK", color=(0, 255, 255, 0), pattern=False, size=(300, 200)))
    buffer = io.BytesIO()
    Image.new("I;16", (300, 200), 65535).save(buffer, format="PNG")
    deep = factories.make_photo(renditions=False, image=SimpleUploadedFile("d.png", buffer.getvalue()))

    photo_create_renditions(photo=cmyk)
    photo_create_renditions(photo=deep)

    cmyk_pixel = opened(cmyk.renditions.get(format="jpeg", width=300)).getpixel((10, 10))
    assert opened(cmyk.renditions.get(format="jpeg", width=300)).mode == "RGB"
    assert cmyk_pixel[0] > 200 and cmyk_pixel[1] < 60  # CMYK magenta+yellow = red
    deep_pixel = opened(deep.renditions.get(format="jpeg", width=300)).getpixel((10, 10))
    assert deep_pixel[0] > 240


def test_focal_point_governs_the_crops(settings):
    settings.PHOTO_RENDITION_WIDTHS = [320]
    settings.PHOTO_RENDITION_CROPS = {"teaser": (16, 9), "square": (1, 1), "social": (40, 21)}
    settings.PHOTO_RENDITION_CROP_WIDTHS = {"social": [1200]}
    picture = Image.new("RGB", (1600, 900), (0, 0, 255))
    ImageDraw.Draw(picture).rectangle((0, 300, 160, 600), fill=(255, 0, 0))  # a red subject far left
    photo = photo_from(jpeg(picture), focal_x=0.05, focal_y=0.5)
    centred = photo_from(jpeg(picture, quality=90), focal_x=None, focal_y=None)

    photo_create_renditions(photo=photo)
    photo_create_renditions(photo=centred)

    square = opened(photo.renditions.get(crop="square", format="jpeg"))
    assert square.size == (320, 320)
    assert square.getpixel((10, 160))[0] > 200  # the subject is in the square
    assert opened(centred.renditions.get(crop="square", format="jpeg")).getpixel((10, 160))[0] < 60
    teaser = opened(photo.renditions.get(crop="teaser", format="jpeg"))
    assert teaser.size == (320, 180)
    social = photo.renditions.get(crop="social", format="jpeg")
    assert (social.width, social.height) == (1200, 630)


def test_ingest_enqueues_the_rendition_task(photo_desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = photo_ingest(
            file=SimpleUploadedFile("x.jpg", plain_jpeg(size=(400, 300), seed=5)), uploaded_by=photo_desk
        )

    assert sorted(result.photo.renditions.values_list("format", "width")) == [
        ("jpeg", 160),
        ("jpeg", 320),
        ("webp", 160),
        ("webp", 320),
    ]
