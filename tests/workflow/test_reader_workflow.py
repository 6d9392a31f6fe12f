"""The workflow as readers meet it: scheduled stories appear on time everywhere, unpublished ones
are gone (410), corrections are printed, and preview links render the real story page."""

import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.previews import preview_link_create, preview_url
from articles.workflow.services import story_note_add, story_schedule, story_unpublish
from tests import factories

pytestmark = pytest.mark.django_db

HEADLINE = "Mill survey finds room for four hundred jobs"


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def scheduled(editor):
    author = factories.make_author(name="Priya Natarajan", slug="priya-natarajan")
    story = factories.make_story(
        headline=HEADLINE, bylines=[author], tags=["Eastgate"], lead_photo=factories.make_photo()
    )
    story_schedule(story=story, user=editor, at=timezone.now() + timedelta(hours=18))
    return Story.objects.select_related("section").get(pk=story.pk)


def reader_surfaces(story):
    """Every reader surface that lists or shows a published story, as (name, URL)."""
    author = story.bylines.get().author
    return [
        ("page", story.get_absolute_url()),
        ("home", reverse("articles:home")),
        ("section", story.section.get_absolute_url()),
        ("topic", reverse("articles:topic-detail", args=["eastgate"])),
        ("author", author.get_absolute_url()),
        ("search", reverse("articles:search") + "?q=mill+survey"),
        ("rss", reverse("articles:feed", args=["rss"])),
        ("atom", reverse("articles:feed", args=["atom"])),
        ("section feed", reverse("articles:section-feed", args=[story.section.slug, "rss"])),
        ("topic feed", reverse("articles:topic-feed", args=["eastgate", "atom"])),
        ("author feed", reverse("articles:author-feed", args=[author.slug, "rss"])),
        ("sitemap", reverse("articles:sitemap-section", args=["stories"])),
        ("news sitemap", reverse("articles:sitemap-news")),
    ]


def shows(client, url, story):
    response = client.get(url)
    if url == story.get_absolute_url():
        return response.status_code == 200 and HEADLINE in response.content.decode()
    assert response.status_code == 200, url
    return story.slug in response.content.decode() or HEADLINE in response.content.decode()


@pytest.mark.parametrize(
    ("offset", "visible"),
    [(timedelta(seconds=-1), False), (timedelta(0), True), (timedelta(minutes=5), True)],
    ids=["before", "at", "after"],
)
def test_scheduled_story_appears_on_every_surface_exactly_at_its_time(client, scheduled, offset, visible):
    with at(scheduled.published_at + offset):
        for name, url in reader_surfaces(scheduled):
            assert shows(client, url, scheduled) is visible, name


def test_scheduled_story_page_is_404_before_its_time(client, scheduled):
    with at(scheduled.published_at - timedelta(seconds=1)):
        assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_unpublished_story_answers_410_and_leaves_lists_feeds_and_sitemaps(client, scheduled, editor):
    with at(scheduled.published_at + timedelta(hours=1)):
        surfaces = reader_surfaces(scheduled)
        story_unpublish(story=scheduled, user=editor)
        response = client.get(scheduled.get_absolute_url())
        assert response.status_code == 410
        assert "This story has been removed" in response.content.decode()
        assert HEADLINE not in response.content.decode()
        for name, url in surfaces[1:]:
            assert not shows(client, url, scheduled), name


def test_never_published_slug_is_still_404(client):
    assert client.get(reverse("articles:story-detail", args=["no-such-story"])).status_code == 404


def test_correction_is_printed_in_json_ld_and_feed_and_raises_date_modified(client, editor):
    story = factories.make_story(
        status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1), desk_byline="Staff"
    )
    story_note_add(story=story, user=editor, kind="correction", text="The vote was 7-2, not 6-3.")
    story_note_add(story=story, user=editor, kind="update", text="The mayor has since resigned.")
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<strong>Correction:</strong> The vote was 7-2, not 6-3." in page
    assert page.index("Correction:") < page.index("Update:")
    json_ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert [item["text"] for item in json_ld["correction"]] == [
        "Correction: The vote was 7-2, not 6-3.",
        "Update: The mayor has since resigned.",
    ]
    assert json_ld["dateModified"] >= story.notes.latest().created_at.isoformat()[:19]
    feed = client.get(reverse("articles:feed", args=["rss"])).content.decode()
    assert "Correction: The vote was 7-2, not 6-3." in feed


def test_preview_renders_the_real_story_page_with_banner_noindex_and_no_cache(client, scheduled, editor):
    link = preview_link_create(story=scheduled, user=editor)
    response = client.get(preview_url(link))
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "articles/story_detail.html"
    page = response.content.decode()
    assert HEADLINE in page
    assert "<strong>Preview</strong>" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # The public address still refuses the scheduled story.
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_preview_of_a_draft_shows_it_as_if_published_now(client, editor):
    story = factories.make_story(headline="A draft for the lawyers", desk_byline="Staff")
    response = client.get(preview_url(preview_link_create(story=story, user=editor)))
    assert response.status_code == 200
    assert "A draft for the lawyers" in response.content.decode()


@pytest.mark.parametrize("notes", [1, 5])
def test_gone_page_queries_are_constant(client, uncached, editor, django_assert_num_queries, notes):
    story = factories.make_story(status=Story.Status.PUBLISHED, desk_byline="Staff")
    for number in range(notes):
        story_note_add(story=story, user=editor, kind="update", text=f"Update {number}")
    story_unpublish(story=story, user=editor)
    # 1 the published story (none), 2 an old-slug redirect (none), 3 the unpublished story, 4 navigation.
    with django_assert_num_queries(4):
        assert client.get(story.get_absolute_url()).status_code == 410


@pytest.mark.parametrize("notes", [1, 5])
def test_preview_page_queries_are_constant(client, editor, django_assert_num_queries, notes):
    story = factories.make_story(desk_byline="Staff", lead_photo=factories.make_photo(), tags=["Budget"])
    for number in range(notes):
        story_note_add(story=story, user=editor, kind="update", text=f"Update {number}")
    link = preview_link_create(story=story, user=editor)
    # 1 the link with its story, 2 logging the opening, then the story page's own two queries
    # (the story with everything it prints as JSON columns, the navigation).
    with django_assert_num_queries(2 + 2):
        assert client.get(preview_url(link)).status_code == 200
