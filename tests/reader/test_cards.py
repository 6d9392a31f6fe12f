"""Story cards and pictures, written in Python for speed (articles/reader/cards.py, pictures.py): escaped,
eager only where asked, and a photo without renditions keeps its space."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.reader.cards import story_card_html
from articles.reader.pictures import picture_html
from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db


def loaded(story: Story) -> Story:
    """The story as a list page loads it (section, lead photo and its renditions in the story's row)."""
    return Story.objects.for_listing().get(pk=story.pk)


def test_a_card_escapes_what_editors_typed_and_keeps_a_searchs_marks():
    story = factories.make_story(
        headline="<script>alert(1)</script> & more",
        deck='Deck with "quotes"',
        kicker="<b>Live</b>",
        status=Story.Status.PUBLISHED,
        published_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
    )
    card = story_card_html(loaded(story), heading="h3", show_section=True, label="Contributed")

    assert "<script>" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in card
    assert '<p class="kicker">&lt;b&gt;Live&lt;/b&gt;</p>' in card
    assert '<p class="card-deck">Deck with &quot;quotes&quot;</p>' in card
    assert f'<h3 class="card-headline"><a href="{story.get_absolute_url()}">' in card
    assert '<span class="card-label">Contributed</span> · ' in card
    assert f'<a href="{story.section.get_absolute_url()}">{story.section.name}</a> · ' in card

    marked = loaded(story)
    marked.marked_headline = mark_safe("<mark>Ferry</mark> strike")
    assert '<a href="' + story.get_absolute_url() + '"><mark>Ferry</mark> strike</a>' in story_card_html(
        marked
    )


def test_a_card_prints_its_date_in_the_newsrooms_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    story = factories.make_story(
        status=Story.Status.PUBLISHED, published_at=datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
    )

    with timezone.override("America/New_York"):
        card = story_card_html(loaded(story))

    assert '<time datetime="2026-03-04T21:00:00-05:00">4 March 2026</time>' in card


def test_only_the_lead_or_first_card_fetches_its_photo_first():
    story = loaded(factories.make_story(lead_photo=factories.make_photo(), status=Story.Status.PUBLISHED))

    assert 'loading="lazy"' in story_card_html(story)
    for card in (story_card_html(story, is_lead=True), story_card_html(story, is_first=True)):
        assert 'fetchpriority="high"' in card
        assert 'loading="lazy"' not in card
    assert 'class="card card-lead"' in story_card_html(story, is_lead=True)


def test_a_heading_is_only_ever_a_heading():
    story = loaded(factories.make_story(headline="Tide tables"))

    assert '<h2 class="card-headline">' in story_card_html(story, heading='script onload="x"')


def test_a_picture_without_renditions_keeps_the_photos_shape_and_says_what_it_shows():
    photo = factories.make_photo(renditions=False, alt_text='Crew on the "Pride"')
    photo.rendition_list = []

    pending = picture_html(photo, css_class="portrait")

    assert pending == (
        f'<svg class="picture-pending portrait" viewBox="0 0 {photo.width} {photo.height}" '
        f'width="{photo.width}" height="{photo.height}" '
        'role="img" aria-label="Crew on the &quot;Pride&quot;"></svg>'
    )
    photo.alt_text = ""
    assert 'aria-hidden="true"' in picture_html(photo)


def test_a_picture_offers_webp_then_jpeg_and_an_eager_one_can_leave_the_priority_to_another():
    photo = factories.make_photo(alt_text="Harbour at dawn")
    photo = (
        Story.objects.for_listing().get(pk=factories.make_story(lead_photo=photo).pk).lead_photo_for_readers
    )

    eager = picture_html(photo, sizes="10rem", lazy=False, high_priority=False)

    assert eager.startswith('<picture><source type="image/webp" srcset="')
    assert 'sizes="10rem"><img src="' in eager
    assert ".jpg 160w" in eager and 'alt="Harbour at dawn"' in eager
    assert "fetchpriority" not in eager and "loading=" not in eager
