"""Replacing a library photo's file, and the single "Add photo" form: each file inspected once.

A new file under an existing photo goes through `photo_replace_file`: the old
original and its renditions (rows and files) are gone once the change commits,
new renditions are made from the new picture, and what the desk wrote stays.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.photos import inspection
from articles.photos.inspection import inspect_image
from articles.photos.models import Photo, Rendition
from articles.photos.services import photo_replace_file
from articles.stories.models import Story
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata, plain_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_client(client, photo_desk):
    client.force_login(photo_desk)
    return client


def change_url(photo):
    return reverse("admin:photos_photo_change", args=[photo.pk])


def change_data(photo, **overrides):
    """What the change form posts when the desk leaves every field as it is."""
    return {
        "caption": photo.caption,
        "credit": photo.credit,
        "alt_text": photo.alt_text,
        "photographer": photo.photographer,
        "source": photo.source,
        "keywords": "",
    } | overrides


def stored_names(settings) -> set[str]:
    """Every stored file, originals and renditions, as storage names ("photos/2026/12/….jpg")."""
    roots = [settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT]
    return {
        path.relative_to(root).as_posix()
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    }


def rendition_names(photo) -> set[str]:
    return set(Rendition.objects.filter(photo=photo).values_list("file", flat=True))


def count_inspections(monkeypatch) -> list:
    """Record each call of inspect_image, wherever it is imported from, and still inspect."""
    calls = []

    def counted(file):
        calls.append(file)
        return inspect_image(file)

    monkeypatch.setattr(inspection, "inspect_image", counted)
    monkeypatch.setattr("articles.photos.admin.inspect_image", counted)
    monkeypatch.setattr("articles.photos.services.inspect_image", counted)
    monkeypatch.setattr("articles.photos.models.inspect_image", counted)
    return calls


# Replacing the file through the admin change form


def test_replacing_the_file_renews_renditions_and_deletes_the_old_files(
    desk_client, settings, django_capture_on_commit_callbacks
):
    photo = factories.make_photo(caption="Harbour at dawn", credit="Jane Doe/Reuters")
    old_original = photo.image.name
    old_renditions = rendition_names(photo)
    old_checksum, old_hash = photo.checksum, photo.perceptual_hash
    assert old_renditions and old_renditions <= stored_names(settings)
    new_data = plain_jpeg(size=(400, 300), seed=7)
    new_file = SimpleUploadedFile("new-harbour.jpg", new_data, content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(photo), change_data(photo, image=new_file))

    assert response.status_code == 302
    photo.refresh_from_db()
    facts = inspect_image(SimpleUploadedFile("x.jpg", new_data))
    assert photo.checksum == facts.checksum != old_checksum
    assert photo.perceptual_hash == facts.perceptual_hash != old_hash
    assert (photo.width, photo.height) == (400, 300)
    assert photo.original_filename == "new-harbour.jpg"
    assert (photo.caption, photo.credit) == ("Harbour at dawn", "Jane Doe/Reuters")
    # The old original and every old rendition are gone, rows and files.
    on_disk = stored_names(settings)
    assert old_original not in on_disk
    assert not old_renditions & on_disk
    assert not Rendition.objects.filter(file__in=old_renditions).exists()
    # New renditions, made from the new picture and named after its checksum, exist and are stored.
    renditions = list(photo.renditions.all())
    assert {(r.width, r.format) for r in renditions} == {
        (width, format) for width in (160, 320) for format in settings.PHOTO_RENDITION_FORMATS
    }
    assert all(photo.checksum in rendition.file.name for rendition in renditions)
    assert {photo.image.name, *rendition_names(photo)} == on_disk
    widest = max(renditions, key=lambda rendition: rendition.width)
    assert (widest.width, widest.height) == (320, 240)


def test_a_published_story_shows_the_new_renditions(client, desk_client, django_capture_on_commit_callbacks):
    photo = factories.make_photo()
    story = factories.make_story(status=Story.Status.PUBLISHED, lead_photo=photo)
    old_urls = [rendition.file.url for rendition in photo.renditions.all()]
    assertContains(client.get(story.get_absolute_url()), old_urls[0])
    new_file = SimpleUploadedFile("new.jpg", plain_jpeg(size=(480, 320), seed=11), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post(change_url(photo), change_data(photo, image=new_file))

    page = client.get(story.get_absolute_url())
    for url in old_urls:
        assertNotContains(page, url)
    for rendition in Photo.objects.get(pk=photo.pk).renditions.all():
        assertContains(page, rendition.file.url)


def test_saving_without_a_new_file_keeps_file_and_renditions(
    desk_client, settings, django_capture_on_commit_callbacks
):
    photo = factories.make_photo()
    before = (photo.image.name, photo.checksum, rendition_names(photo))

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(photo), change_data(photo, caption="A better caption"))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "A better caption"
    assert (photo.image.name, photo.checksum, rendition_names(photo)) == before
    assert before[2] | {before[0]} == stored_names(settings)


def test_replacing_with_a_file_the_library_already_has_is_refused(desk_client, settings):
    library_data = plain_jpeg(size=(360, 240), seed=21)
    other = factories.make_photo(image=SimpleUploadedFile("other.jpg", library_data))
    photo = factories.make_photo(caption="Unchanged caption")
    before = Photo.objects.values().get(pk=photo.pk)
    files_before = stored_names(settings)

    response = desk_client.post(
        change_url(photo),
        change_data(photo, caption="Changed?", image=SimpleUploadedFile("copy.jpg", library_data)),
    )

    assert response.status_code == 400
    assertContains(response, f"This file is already in the library as photo {other.pk}", status_code=400)
    assert Photo.objects.values().get(pk=photo.pk) == before
    assert stored_names(settings) == files_before


def test_replacing_with_a_non_image_is_refused(desk_client, settings):
    photo = factories.make_photo()
    before = Photo.objects.values().get(pk=photo.pk)
    files_before = stored_names(settings)
    page = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )

    response = desk_client.post(change_url(photo), change_data(photo, image=page))

    assertContains(response, "This file is not a JPEG, PNG or WebP image.", status_code=400)
    assert Photo.objects.values().get(pk=photo.pk) == before
    assert stored_names(settings) == files_before


def test_replacing_through_the_form_inspects_the_file_once(
    desk_client, monkeypatch, django_capture_on_commit_callbacks
):
    photo = factories.make_photo()
    calls = count_inspections(monkeypatch)
    new_file = SimpleUploadedFile("new.jpg", plain_jpeg(seed=31), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(photo), change_data(photo, image=new_file))

    assert response.status_code == 302
    assert len(calls) == 1


# Calling the service directly


def test_photo_replace_file_service(photo_desk, settings, django_capture_on_commit_callbacks):
    photo = factories.make_photo(caption="Kept caption", credit="Kept credit", focal_x=0.2, focal_y=0.8)
    old_files = {photo.image.name, *rendition_names(photo)}

    with django_capture_on_commit_callbacks(execute=True):
        replaced = photo_replace_file(
            photo=photo,
            file=SimpleUploadedFile(
                "../folder/Second Take.png", factories.image_bytes(width=300, height=500, image_format="PNG")
            ),
            user=photo_desk,
        )

    photo.refresh_from_db()
    assert replaced.pk == photo.pk
    assert (photo.width, photo.height) == (300, 500)
    assert photo.original_filename == "Second_Take.png"
    assert photo.image.name.endswith(f"{photo.checksum}.png")
    assert (photo.caption, photo.credit) == ("Kept caption", "Kept credit")
    assert (photo.focal_x, photo.focal_y) == (None, None)  # the old point may not be in the new picture
    assert not old_files & stored_names(settings)
    assert photo.renditions.count() == 2 * len(settings.PHOTO_RENDITION_FORMATS)
    assert {photo.image.name, *rendition_names(photo)} == stored_names(settings)


def test_photo_replace_file_refuses_a_duplicate_and_changes_nothing(photo_desk, settings):
    data = plain_jpeg(seed=41)
    other = factories.make_photo(image=SimpleUploadedFile("other.jpg", data))
    photo = factories.make_photo()
    before = Photo.objects.values().get(pk=photo.pk)
    files_before = stored_names(settings)

    with pytest.raises(ValidationError, match=f"already in the library as photo {other.pk}") as refusal:
        photo_replace_file(photo=photo, file=SimpleUploadedFile("copy.jpg", data), user=photo_desk)

    assert refusal.value.code == "duplicate"
    assert Photo.objects.values().get(pk=photo.pk) == before
    assert stored_names(settings) == files_before


def test_photo_replace_file_refuses_a_non_image(photo_desk):
    photo = factories.make_photo()

    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP") as refusal:
        photo_replace_file(photo=photo, file=SimpleUploadedFile("x.jpg", b"GIF89a nonsense"), user=photo_desk)

    assert refusal.value.code == "not_an_image"


def test_photo_replace_file_failing_after_the_file_is_stored_leaves_no_orphan(
    photo_desk, settings, monkeypatch, django_capture_on_commit_callbacks
):
    photo = factories.make_photo()
    before = Photo.objects.values().get(pk=photo.pk)
    files_before = stored_names(settings)
    save = Photo.save

    def save_then_fail(self, *args, **kwargs):
        save(self, *args, **kwargs)  # the new original is in storage now
        raise RuntimeError("database went away")

    monkeypatch.setattr(Photo, "save", save_then_fail)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        photo_replace_file(photo=photo, file=factories.image_upload("new.jpg"), user=photo_desk)

    assert Photo.objects.values().get(pk=photo.pk) == before
    assert stored_names(settings) == files_before


def test_photo_replace_file_needs_the_change_permission(reporter):
    photo = factories.make_photo()

    with pytest.raises(PermissionDenied):
        photo_replace_file(photo=photo, file=factories.image_upload(), user=reporter)

    assert Photo.objects.get(pk=photo.pk).checksum == photo.checksum


# "Add photo"


def keyworded_jpeg(**image_options) -> bytes:
    block = iim_block(
        {120: "Boats in the harbour", 80: "Jane Doe", 115: "Reuters", 25: ["Fishing boats", "Harbour"]}
    )
    return jpeg_with_metadata(iim=block, **image_options)


def add_data(file, **overrides):
    return {"image": file, "caption": "", "credit": "", "alt_text": "Boats tied up at a quay"} | overrides


def test_add_photo_keeps_the_files_keywords(desk_client, photo_desk, django_capture_on_commit_callbacks):
    file = SimpleUploadedFile("boats.jpg", keyworded_jpeg(seed=51), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(reverse("admin:photos_photo_add"), add_data(file))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert sorted(photo.keywords.names()) == ["Fishing boats", "Harbour"]
    assert photo.caption == "Boats in the harbour"
    assert photo.credit == "Jane Doe/Reuters"
    assert photo.uploaded_by == photo_desk
    assert photo.renditions.exists()


def test_add_photo_refuses_a_near_duplicate_unless_confirmed(desk_client):
    first = factories.make_photo(image=SimpleUploadedFile("first.jpg", plain_jpeg(size=(600, 400), seed=61)))
    story = factories.make_story(headline="Harbour reopens", lead_photo=first)
    smaller = plain_jpeg(size=(300, 200), seed=61, quality=60)

    asked = desk_client.post(
        reverse("admin:photos_photo_add"), add_data(SimpleUploadedFile("again.jpg", smaller))
    )

    assertContains(
        asked, f"Looks like photo {first.pk}, used in stories “{story.headline}”.", status_code=400
    )
    assert Photo.objects.count() == 1

    confirmed = desk_client.post(
        reverse("admin:photos_photo_add"),
        add_data(SimpleUploadedFile("again.jpg", smaller), allow_similar="on"),
    )

    assert confirmed.status_code == 302
    assert Photo.objects.count() == 2


def test_add_photo_inspects_the_file_once(desk_client, monkeypatch):
    calls = count_inspections(monkeypatch)
    file = SimpleUploadedFile("boats.jpg", keyworded_jpeg(seed=71), content_type="image/jpeg")

    response = desk_client.post(reverse("admin:photos_photo_add"), add_data(file))

    assert response.status_code == 302
    assert Photo.objects.count() == 1
    assert len(calls) == 1
