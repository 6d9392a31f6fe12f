"""After its "usable until" day a photo leaves the reader site; the story stays, without a broken image."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db


def story_with(photo, inline_photo):
    story = factories.make_story(
        headline="Ferry service resumes",
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        lead_photo=photo,
    )
    factories.add_text(story, "<p>The first boat left at dawn.</p>", ordering=10)
    factories.add_inline_photo(story, inline_photo, ordering=20)
    return story


def test_expired_photos_are_not_shown_and_the_story_keeps_its_text(client):
    yesterday = timezone.localdate() - timedelta(days=1)
    expired_lead = factories.make_photo(caption="Expired lead", usable_until=yesterday)
    expired_inline = factories.make_photo(caption="Expired inline", usable_until=yesterday)
    story = story_with(expired_lead, expired_inline)

    page = client.get(story.get_absolute_url()).content.decode()
    home = client.get(reverse("articles:home")).content.decode()
    feed = client.get(reverse("articles:feed", args=["rss"])).content.decode()

    assert "The first boat left at dawn." in page
    for photo in (expired_lead, expired_inline):
        for rendition in photo.renditions.all():
            assert rendition.file.url not in page
            assert rendition.file.url not in home
            assert rendition.file.url not in feed
    assert "Expired lead" not in page and "Expired inline" not in page
    assert "<figure" not in page
    assert "og:image" not in page
    assert "Ferry service resumes" in home


def test_photos_usable_until_today_are_still_shown(client):
    today = timezone.localdate()
    story = story_with(
        factories.make_photo(caption="Lead today", usable_until=today),
        factories.make_photo(caption="Inline today"),
    )

    page = client.get(story.get_absolute_url()).content.decode()

    assert "Lead today." in page and "Inline today." in page
    assert page.count("<figure") == 2
