"""The newest matches of a search, which the reader search and the admin list rank and page through.

On PostgreSQL they are first looked for among the most recently published documents and then,
when fewer than asked for match there, among all of them: either way they must be exactly the
newest matching stories the caller may see.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.search.matching import newest_matches
from articles.search.models import StoryDocument
from articles.search.query import search_query
from articles.stories.models import Story
from articles.workflow.services import story_publish, story_unpublish
from tests import factories

pytestmark = pytest.mark.django_db


def published_hours_ago(hours, headline):
    return factories.make_story(
        headline=headline, status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=hours)
    )


@pytest.fixture
def archive(monkeypatch):
    """Maya Okafor's stories, 1 to 6 hours old, below two newer ones; the 3 newest are the recent ones."""
    monkeypatch.setattr("articles.search.matching.RECENT_DOCUMENTS", 3)
    hers = {hours: published_hours_ago(hours, f"Maya Okafor reports, hour {hours}") for hours in range(1, 7)}
    for minutes in (10, 20):
        factories.make_story(
            headline=f"Harbour news {minutes}",
            status=Story.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=minutes),
        )
    return hers


def newest(stories, text, limit):
    return list(
        Story.objects.filter(pk__in=newest_matches(stories, search_query(text), limit)).order_by(
            "-published_at"
        )
    )


def test_found_among_the_recent_documents_they_are_the_newest(archive, django_assert_num_queries):
    # The 3 newest documents hold one of hers: asked for one, the recent ones answer alone.
    with django_assert_num_queries(1):
        keys = newest_matches(Story.objects.published(), search_query("maya okafor"), 1)

    assert keys == [archive[1].pk]


def test_too_few_among_the_recent_documents_and_all_are_searched(archive):
    assert newest(Story.objects.published(), "maya okafor", 4) == [archive[h] for h in (1, 2, 3, 4)]
    assert newest(Story.objects.published(), "maya okafor", 50) == [archive[h] for h in range(1, 7)]


def test_stories_the_caller_may_not_see_are_never_among_them(archive, editor):
    story_unpublish(story=archive[1], user=editor)
    scheduled = factories.make_story(
        headline="Maya Okafor reports tomorrow",
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=12),
    )

    assert newest(Story.objects.published(), "maya okafor", 2) == [archive[2], archive[3]]
    # The admin's list sees every status: the scheduled and the withdrawn ones come first.
    assert newest(Story.objects.all(), "maya okafor", 2) == [scheduled, archive[1]]


def test_drafts_are_among_the_admin_lists_newest_matches(archive):
    draft = factories.make_story(headline="Maya Okafor draft")
    assert draft.published_at is None

    assert draft.pk in newest_matches(Story.objects.all(), search_query("maya okafor"), 10)


def test_a_document_follows_its_storys_publication_time(editor):
    story = factories.make_story(headline="Ferry strike", bylines=[factories.make_author()])
    document = StoryDocument.objects.get(story=story)
    assert document.published_at is None

    at = timezone.now() + timedelta(hours=3)
    story_publish(story=story, user=editor, at=at)
    document.refresh_from_db()
    assert document.published_at == at

    story_unpublish(story=story, user=editor)
    story.refresh_from_db()
    document.refresh_from_db()
    assert document.published_at == story.published_at
