"""Originals are private: staff with access to the library see them through the admin, nobody else does."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def original(photo):
    return reverse("admin:photos_photo_original", args=[photo.pk])


def test_the_desk_sees_the_original_through_the_admin(client, photo_desk):
    photo = factories.make_photo()
    client.force_login(photo_desk)

    response = client.get(original(photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()


def test_nobody_else_does(client, staff_without_role):
    photo = factories.make_photo()

    assert client.get(original(photo)).status_code == 302  # to the login page
    client.force_login(staff_without_role)
    assert client.get(original(photo)).status_code == 403
    assert client.get(photo.image.url).status_code == 404  # no public address serves the private root


def test_admin_pages_show_the_original_from_the_admin_address(client, photo_desk):
    photo = factories.make_photo()
    client.force_login(photo_desk)

    page = client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    assert f'src="{original(photo)}"' in page  # the focal point picker
    assert photo.image.url not in page


def thumbnail(photo):
    return reverse("admin:photos_photo_thumbnail", args=[photo.pk])


def test_the_thumbnail_is_the_smallest_whole_picture_rendition(client, photo_desk):
    photo = factories.make_photo()
    smallest = photo.renditions.filter(crop="").order_by("format", "width").first()
    client.force_login(photo_desk)

    response = client.get(thumbnail(photo))

    assert response.status_code == 302
    assert response["Location"] == smallest.file.url


def test_before_its_renditions_are_made_the_thumbnail_is_the_original(client, photo_desk):
    photo = factories.make_photo(renditions=False)
    client.force_login(photo_desk)

    assert client.get(thumbnail(photo))["Location"] == original(photo)
    assert client.get(reverse("admin:photos_photo_thumbnail", args=[999999])).status_code == 404


def test_nobody_else_sees_a_thumbnail_through_the_admin(client, staff_without_role):
    photo = factories.make_photo()

    assert client.get(thumbnail(photo)).status_code == 302
    assert client.get(thumbnail(photo))["Location"].startswith(reverse("admin:login"))
    client.force_login(staff_without_role)
    assert client.get(thumbnail(photo)).status_code == 403
