"""A story someone may only view shows its text blocks formatted, as readers see them, never as markup."""

import pytest
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
