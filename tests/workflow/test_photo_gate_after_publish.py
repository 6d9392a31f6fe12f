"""The publish gate stays closed after publication (issue 12, item 12).

A photo that a published or scheduled story prints keeps its caption, credit and
alt text: the photo library form refuses to blank them with a 400 naming the
stories, and so does the service behind it. A story's own caption for the photo
counts as the caption. The swap puts only a fully described photo into stories.
Refusals change nothing.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.photos.models import Photo
from articles.stories.models import Story
from articles.workflow.photo_services import photo_update_in_stories
from articles.workflow.services import photo_swap
from tests import factories

pytestmark = pytest.mark.django_db

LICENCES_URL = "admin:photos_photo_licences"


@pytest.fixture
def desk_client(client, photo_desk):
    client.force_login(photo_desk)
    return client


@pytest.fixture
def photo(db):
    return factories.make_photo(caption="Boats at the quay", credit="Jane Doe/Agency", alt_text="Three boats")


def change_url(photo):
    return reverse("admin:photos_photo_change", args=[photo.pk])


def post_change(client, photo, **changes):
    """Submit the photo's change form as the page renders it, with `changes`."""
    data = {
        "caption": photo.caption,
        "credit": photo.credit,
        "alt_text": photo.alt_text,
        "photographer": photo.photographer,
        "source": photo.source,
        "copyright_notice": photo.copyright_notice,
        "headline": photo.headline,
        "digital_source_type": photo.digital_source_type,
        "keywords": "",
    } | changes
    return client.post(change_url(photo), data)


def stored(photo) -> dict:
    return Photo.objects.filter(pk=photo.pk).values("caption", "credit", "alt_text", "decorative").get()


def test_blanking_caption_and_credit_of_a_photo_in_a_published_story_is_refused(desk_client, photo):
    story = factories.make_story(headline="Harbour reopens", status=Story.Status.PUBLISHED, lead_photo=photo)
    before = stored(photo)

    response = post_change(desk_client, photo, caption="", credit="")

    assertContains(
        response, "“Harbour reopens” (published) would print it without a caption, a credit.", status_code=400
    )
    assertContains(response, "swap another photo into those stories first", status_code=400)
    assert stored(photo) == before
    story.refresh_from_db()
    assert story.lead_caption_with_credit == "Boats at the quay. (Jane Doe/Agency)"


def test_blanking_the_credit_of_a_photo_in_a_scheduled_story_is_refused(desk_client, photo):
    story = factories.make_story(
        headline="Budget vote tomorrow",
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(hours=5),
    )
    factories.add_inline_photo(story, photo)
    before = stored(photo)

    response = post_change(desk_client, photo, credit="  ")

    assertContains(
        response, "“Budget vote tomorrow” (scheduled) would print it without a credit.", status_code=400
    )
    assert stored(photo) == before


def test_the_service_refuses_too_and_names_the_stories(photo, photo_desk):
    factories.make_story(headline="Harbour reopens", status=Story.Status.PUBLISHED, lead_photo=photo)
    other = factories.make_story(headline="Fleet stays in port", status=Story.Status.PUBLISHED)
    factories.add_inline_photo(other, photo)
    before = stored(photo)
    photo.alt_text, photo.decorative = "", False

    with pytest.raises(ValidationError) as refusal:
        photo_update_in_stories(photo=photo, user=photo_desk, fields=["alt_text", "decorative"])

    assert refusal.value.code == "photo_in_live_story"
    message = " ".join(refusal.value.messages)
    assert (
        "“Harbour reopens” (published) would print it without alt text (or the decorative mark)." in message
    )
    assert "“Fleet stays in port” (published)" in message
    assert stored(photo) == before


def test_a_story_caption_of_its_own_lets_the_library_caption_go(desk_client, photo):
    factories.make_story(
        status=Story.Status.PUBLISHED, lead_photo=photo, lead_photo_caption="The quay, before the storm"
    )

    response = post_change(desk_client, photo, caption="")

    assert response.status_code == 302
    assert stored(photo)["caption"] == ""


@pytest.mark.parametrize("status", [Story.Status.DRAFT, Story.Status.SUBMITTED, Story.Status.UNPUBLISHED])
def test_photos_in_stories_readers_do_not_see_may_lose_descriptions(desk_client, photo, status):
    factories.make_story(status=status, lead_photo=photo)

    response = post_change(desk_client, photo, caption="", credit="")

    assert response.status_code == 302
    assert stored(photo)["credit"] == ""


def test_other_edits_of_a_photo_that_already_lacked_a_credit_are_not_refused(desk_client, photo):
    """Only a loss is refused: a live story's photo with a gap from before can still be improved."""
    Photo.objects.filter(pk=photo.pk).update(credit="")
    photo.refresh_from_db()
    factories.make_story(status=Story.Status.PUBLISHED, lead_photo=photo)

    response = post_change(desk_client, photo, caption="Boats at the quay at dawn")

    assert response.status_code == 302
    assert stored(photo)["caption"] == "Boats at the quay at dawn"


# The swap


@pytest.fixture
def live_story(photo):
    return factories.make_story(headline="Harbour reopens", status=Story.Status.PUBLISHED, lead_photo=photo)


@pytest.mark.parametrize(
    ("gaps", "missing"),
    [
        ({"credit": ""}, "a credit"),
        ({"caption": ""}, "a caption"),
        ({"caption": "", "credit": ""}, "a caption, a credit"),
    ],
    ids=["no credit", "no caption", "neither"],
)
def test_a_swap_refuses_a_replacement_that_is_not_described(live_story, photo, photo_desk, gaps, missing):
    replacement = factories.make_photo(**gaps)

    with pytest.raises(ValidationError) as refusal:
        photo_swap(old=photo, new=replacement, user=photo_desk)

    assert refusal.value.code == "photo_not_described"
    assert (
        f"Photo {replacement.pk} needs {missing} before it can be swapped into stories"
        in refusal.value.messages[0]
    )
    live_story.refresh_from_db()
    assert live_story.lead_photo == photo


def test_the_licences_page_refuses_an_uncredited_replacement_with_400(desk_client, live_story, photo):
    replacement = factories.make_photo(credit="")

    response = desk_client.post(reverse(LICENCES_URL), {"old": photo.pk, "new": replacement.pk})

    assertContains(response, f"Photo {replacement.pk} needs a credit", status_code=400)
    live_story.refresh_from_db()
    assert live_story.lead_photo == photo
