"""A story someone may only view shows its text formatted and its photos as thumbnails (view_only.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import RichText, Story
from tests import factories

pytestmark = pytest.mark.django_db


def published_story_with_text(html):
    story = factories.make_story(status=Story.Status.PUBLISHED, published_at=timezone.now())
    # Straight into the table, as an import or an older release could have left it: not sanitised on save.
    RichText.objects.bulk_create([RichText(parent=story, region="body", ordering=10, text=html)])
    return story


def change_page(client, story):
    return client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()


def test_a_reporter_reads_a_published_storys_text_formatted(reporter_client):
    story = published_story_with_text("<p>The <strong>ferry</strong> runs at <em>dawn</em>.</p>")

    page = change_page(reporter_client, story)

    formatted = "<p>The <strong>ferry</strong> runs at <em>dawn</em>.</p>"
    assert f'<div class="rich-text readonly-rich-text">{formatted}</div>' in page
    assert "&lt;p&gt;The &lt;strong&gt;" not in page


def test_what_the_reporter_sees_is_cleaned_again(reporter_client):
    story = published_story_with_text(
        '<p>Tide tables<script>alert(1)</script><img src=x onerror="alert(2)"></p>'
    )

    page = change_page(reporter_client, story)

    shown = page[page.index('<div class="rich-text readonly-rich-text">') :].split("</div>")[0]
    assert shown.startswith('<div class="rich-text readonly-rich-text"><p>Tide tables')
    assert "<script" not in shown and "alert" not in shown and "onerror" not in shown
    assert "<script>alert(1)" not in page


def test_an_editor_still_gets_the_text_editor(editor_client):
    story = published_story_with_text("<p>The <strong>ferry</strong> runs at dawn.</p>")

    page = change_page(editor_client, story)

    assert "readonly-rich-text" not in page
    assert "&lt;p&gt;The &lt;strong&gt;ferry&lt;/strong&gt; runs at dawn.&lt;/p&gt;</textarea>" in page


def test_a_reporter_edits_their_own_draft_in_the_text_editor(reporter_client, reporter):
    story = factories.make_story(created_by=reporter)
    RichText.objects.create(parent=story, region="body", ordering=10, text="<p>Draft words.</p>")

    page = change_page(reporter_client, story)

    assert "readonly-rich-text" not in page
    assert "&lt;p&gt;Draft words.&lt;/p&gt;</textarea>" in page


def test_a_reporter_sees_the_lead_and_inline_photos_with_their_thumbnails(reporter_client):
    lead = factories.make_photo(caption="Passengers on the evening ferry", credit="Rosa Lindgren")
    inline = factories.make_photo(caption="The queue at Harbour Road pier", credit="Tomas Berg")
    story = factories.make_story(status=Story.Status.PUBLISHED, published_at=timezone.now(), lead_photo=lead)
    factories.add_inline_photo(story, photo=inline)

    page = change_page(reporter_client, story)

    for photo in (lead, inline):
        thumbnail = reverse("admin:photos_photo_thumbnail", args=[photo.pk])
        assert f'<img src="{thumbnail}" alt="{photo.alt_text}" width="160" loading="lazy">' in page
        assert f"{photo.caption} ({photo.credit})" in page
    # The thumbnails answer for the reporter too (a redirect to the smallest rendition).
    assert reporter_client.get(reverse("admin:photos_photo_thumbnail", args=[lead.pk])).status_code == 302


def test_photos_shown_to_viewers_cost_no_query_each(reporter_client):
    def story_with(photos):
        story = factories.make_story(
            status=Story.Status.PUBLISHED, published_at=timezone.now(), lead_photo=factories.make_photo()
        )
        for number in range(photos):
            factories.add_inline_photo(story, ordering=10 * (number + 1))
        return story

    one, five = story_with(1), story_with(5)
    change_page(reporter_client, one)  # warm: sessions, permissions and the like are asked for alike

    with CaptureQueriesContext(connection) as with_one:
        change_page(reporter_client, one)
    with CaptureQueriesContext(connection) as with_five:
        change_page(reporter_client, five)
    assert len(with_five) == len(with_one)
