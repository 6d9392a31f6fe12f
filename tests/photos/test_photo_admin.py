import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.photos.models import Photo
from articles.stories.models import InlinePhoto, Story
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata, plain_jpeg, xmp_packet

pytestmark = pytest.mark.django_db

BATCH_URL = "admin:photos_photo_batch_upload"
FILE_URL = "admin:photos_photo_batch_upload_file"
AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@pytest.fixture
def desk_client(client, photo_desk):
    client.force_login(photo_desk)
    return client


def agency_file(number: int) -> SimpleUploadedFile:
    data = jpeg_with_metadata(
        iim=iim_block({120: f"Market scene {number} — café", 80: "Nasser Ishtayeh", 115: "Flash90"}),
        size=(240 + number * 7, 160 + number * 3),
        seed=number,
    )
    return SimpleUploadedFile(f"wire-{number:02}.jpg", data, content_type="image/jpeg")


def test_batch_page_posts_many_files_and_reports_each(desk_client):
    files = [agency_file(n) for n in range(20)]
    files.append(
        SimpleUploadedFile("page.jpg", b"<html><script>x</script></html>", content_type="image/jpeg")
    )
    files.append(SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"))

    response = desk_client.post(reverse(BATCH_URL), {"files": files})

    assert response.status_code == 200
    statuses = [result["status"] for result in response.context["results"]]
    assert statuses.count("refused") == 2
    assert statuses.count("created") == 20
    assert Photo.objects.count() == 20
    content = response.content.decode()
    assert "This file is not a JPEG, PNG or WebP image." in content
    assert "The file is empty." in content
    photo = Photo.objects.order_by("pk").first()
    assert photo.credit == "Nasser Ishtayeh/Flash90"
    assert photo.caption.endswith("— café")


def test_batch_page_refusing_everything_answers_400(desk_client):
    response = desk_client.post(reverse(BATCH_URL), {"files": [SimpleUploadedFile("x.jpg", b"not an image")]})

    assert response.status_code == 400
    assert Photo.objects.count() == 0


def test_file_endpoint_answers_created_duplicate_and_refused(desk_client):
    data = agency_file(1).read()

    created = desk_client.post(reverse(FILE_URL), {"file": SimpleUploadedFile("a.jpg", data)})
    duplicate = desk_client.post(reverse(FILE_URL), {"file": SimpleUploadedFile("b.jpg", data)})
    refused = desk_client.post(reverse(FILE_URL), {"file": SimpleUploadedFile("c.svg", b"<svg/>")})

    assert created.status_code == 201
    assert created.json()["status"] == "created"
    photo_id = created.json()["photo"]["id"]
    assert duplicate.status_code == 409
    assert duplicate.json()["message"] == f"This file is already in the library as photo {photo_id}."
    assert duplicate.json()["photo"]["url"] == reverse("admin:photos_photo_change", args=[photo_id])
    assert refused.status_code == 400
    assert refused.json() == {
        "status": "refused",
        "name": "c.svg",
        "message": "This file is not a JPEG, PNG or WebP image.",
        "code": "not_an_image",
    }


def test_file_endpoint_too_large_is_413(desk_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 500

    response = desk_client.post(reverse(FILE_URL), {"file": agency_file(2)})

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_similar_file_needs_confirmation(desk_client):
    first = factories.make_photo(image=SimpleUploadedFile("a.jpg", plain_jpeg(size=(600, 400))))
    story = factories.make_story(headline="Harvest begins", lead_photo=first)
    smaller = plain_jpeg(size=(300, 200), quality=60)

    asked = desk_client.post(reverse(FILE_URL), {"file": SimpleUploadedFile("b.jpg", smaller)})
    confirmed = desk_client.post(
        reverse(FILE_URL), {"file": SimpleUploadedFile("b.jpg", smaller), "allow_similar": "1"}
    )

    assert asked.status_code == 409
    assert asked.json()["message"] == f"Looks like photo {first.pk}, used in stories “{story.headline}”."
    assert asked.json()["similar"][0]["stories"][0]["headline"] == "Harvest begins"
    assert confirmed.status_code == 201


def test_batch_upload_needs_add_permission(client, staff_without_role):
    client.force_login(staff_without_role)

    assert client.get(reverse(BATCH_URL)).status_code == 403
    assert client.post(reverse(FILE_URL), {"file": agency_file(3)}).status_code == 403
    assert Photo.objects.count() == 0


def test_photo_desk_cannot_touch_stories(desk_client):
    story = factories.make_story()

    assert desk_client.get(reverse("admin:stories_story_changelist")).status_code == 403
    assert desk_client.get(reverse("admin:stories_story_change", args=[story.pk])).status_code == 403
    assert desk_client.post(reverse("admin:stories_story_add"), {"headline": "x"}).status_code == 403
    assert desk_client.get(reverse("admin:photos_photo_changelist")).status_code == 200


def test_library_search_and_filters(desk_client, photo_desk):
    tagged = factories.make_photo(caption="Harbour at dawn", alt_text="")
    tagged.keywords.add("Fishing boats")
    other = factories.make_photo(caption="Council meeting", source="Reuters", uploaded_by=photo_desk)
    factories.make_story(lead_photo=other)
    url = reverse("admin:photos_photo_changelist")

    def listed(**params):
        return set(desk_client.get(url, params).context["cl"].result_list)

    assert listed(q="fishing") == {tagged}
    assert listed(alt="missing") == {tagged}
    assert listed(usage="used") == {other}
    assert listed(usage="unused") == {tagged}
    assert listed(source="Reuters") == {other}
    assert listed(uploaded_by__id__exact=photo_desk.pk) == {other}


def test_photo_page_lists_stories_using_it(desk_client):
    photo = factories.make_photo()
    lead = factories.make_story(headline="Lead use", lead_photo=photo)
    inline = factories.make_story(headline="Inline use")
    factories.add_inline_photo(inline, photo)

    content = desk_client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    assert (
        f'href="{reverse("admin:stories_story_change", args=[lead.pk])}">Lead use</a> (lead photo)' in content
    )
    assert (
        f'href="{reverse("admin:stories_story_change", args=[inline.pk])}">Inline use</a> (in the body)'
        in content
    )


def test_focal_point_saved_from_form(desk_client):
    photo = factories.make_photo()
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    page = desk_client.get(url)
    assert 'class="focal-point-picker"' in page.content.decode()
    data = {
        "caption": photo.caption,
        "credit": photo.credit,
        "alt_text": photo.alt_text,
        "focal_x": "0.25",
        "focal_y": "0.7",
        "tags": "",
    }

    assert desk_client.post(url, data).status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.25, 0.7)
    data["focal_x"] = "1.5"
    assert desk_client.post(url, data).status_code == 400


def test_alt_text_is_required_when_editing(desk_client):
    photo = factories.make_photo(alt_text="")
    url = reverse("admin:photos_photo_change", args=[photo.pk])

    response = desk_client.post(url, {"caption": "x", "credit": "y", "alt_text": "", "tags": ""})

    assert response.status_code == 400


def test_provenance_label_printed_beside_credit(desk_client):
    data = jpeg_with_metadata(
        xmp=xmp_packet(description="A city that never was", credit="Studio X", digital_source_type=AI)
    )
    response = desk_client.post(reverse(FILE_URL), {"file": SimpleUploadedFile("ai.jpg", data)})
    photo = Photo.objects.get(pk=response.json()["photo"]["id"])

    assert photo.caption_with_credit() == "A city that never was. (Studio X; AI-generated)"
    assert photo.printed_credit == "(Studio X; AI-generated)"
    story = factories.make_story(lead_photo=photo)
    assert story.lead_caption_with_credit == "A city that never was. (Studio X; AI-generated)"


def test_licence_warning_lists_published_stories_and_swaps(desk_client):
    today = timezone.localdate()
    expiring = factories.make_photo(usable_until=today + datetime.timedelta(days=3))
    later = factories.make_photo(usable_until=today + datetime.timedelta(days=30))
    replacement = factories.make_photo()
    published = factories.make_story(
        headline="Published lead", lead_photo=expiring, status=Story.Status.PUBLISHED
    )
    inline_story = factories.make_story(headline="Published inline", status=Story.Status.PUBLISHED)
    factories.add_inline_photo(inline_story, expiring)
    factories.make_story(headline="Draft use", lead_photo=expiring)
    factories.make_story(headline="Later", lead_photo=later, status=Story.Status.PUBLISHED)

    changelist = desk_client.get(reverse("admin:photos_photo_changelist"))
    assert changelist.context["expiry_warnings"] == 2
    page = desk_client.get(reverse("admin:photos_photo_licences")).content.decode()
    assert "Published lead" in page and "Published inline" in page
    assert "Draft use" not in page and "Later" not in page

    swapped = desk_client.post(
        reverse("admin:photos_photo_licences"), {"old": expiring.pk, "new": replacement.pk}
    )

    assert swapped.status_code == 302
    published.refresh_from_db()
    assert published.lead_photo == replacement
    assert InlinePhoto.objects.get(parent=inline_story).photo == replacement
    assert desk_client.get(reverse("admin:photos_photo_changelist")).context["expiry_warnings"] == 0


def test_swap_to_an_unknown_photo_is_refused(desk_client):
    photo = factories.make_photo(usable_until=timezone.localdate())

    response = desk_client.post(reverse("admin:photos_photo_licences"), {"old": photo.pk, "new": "999999"})

    assert response.status_code == 400


def test_expired_photo_is_not_usable_and_cannot_be_inserted(client, editor):
    expired = factories.make_photo(usable_until=timezone.localdate() - datetime.timedelta(days=1))
    assert not expired.is_usable()
    assert expired not in Photo.objects.usable()
    client.force_login(editor)
    section = factories.make_section()

    response = client.post(
        reverse("admin:stories_story_add"),
        {
            "headline": "Uses an expired photo",
            "slug": "uses-an-expired-photo",
            "section": section.pk,
            "lead_photo": expired.pk,
            "status": "draft",
        },
    )

    assert response.status_code == 400
    assert f"Photo {expired.pk}&#x27;s licence ended on" in response.content.decode()
    assert not Story.objects.filter(slug="uses-an-expired-photo").exists()


def test_photo_without_alt_text_cannot_be_inserted(client, editor):
    photo = factories.make_photo(alt_text="")
    client.force_login(editor)

    response = client.post(
        reverse("admin:stories_story_add"),
        {
            "headline": "Uses a photo without alt text",
            "slug": "no-alt",
            "section": factories.make_section().pk,
            "lead_photo": photo.pk,
            "status": "draft",
        },
    )

    assert response.status_code == 400
    assert f"Photo {photo.pk} has no alt text yet" in response.content.decode()


def test_changelist_shows_rendition_thumbnails_in_constant_queries(
    desk_client, django_assert_max_num_queries
):
    url = reverse("admin:photos_photo_changelist")
    for _ in range(2):
        factories.make_photo().keywords.add("one", "two")
    with CaptureQueriesContext(connection) as few:
        desk_client.get(url)
    for _ in range(4):
        factories.make_photo()

    with django_assert_max_num_queries(len(few)):
        response = desk_client.get(url)

    photo = Photo.objects.first()
    smallest = photo.renditions.filter(crop="", format="jpeg").order_by("width").first()
    assert f'src="{smallest.file.url}"' in response.content.decode()


def test_licence_warning_counts_a_story_once_whatever_the_photo_does_in_it(desk_client):
    expiring = factories.make_photo(usable_until=timezone.localdate() + datetime.timedelta(days=2))
    story = factories.make_story(
        headline="Lead and inline", lead_photo=expiring, status=Story.Status.PUBLISHED
    )
    factories.add_inline_photo(story, expiring, ordering=10)
    factories.add_inline_photo(story, expiring, ordering=20)

    assert desk_client.get(reverse("admin:photos_photo_changelist")).context["expiry_warnings"] == 1
