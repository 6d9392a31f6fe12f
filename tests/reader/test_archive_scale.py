"""The home page costs the same whatever the size of the archive: no sort of the whole story table.

On SQLite the database's own measure of work (virtual-machine steps, counted by a progress
handler) is compared between a small archive and one twenty times the size; on PostgreSQL the
plan of the page's story query must read the per-section index and compute no window.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.fronts.services import front_arrange
from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    # Every request renders: no page cache may answer (the stories added here send no signal).
    settings.READER_PAGE_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


STEP = 100  # SQLite calls the progress handler every this many virtual-machine instructions


def add_old_stories(section, count, start):
    """`count` published stories of `section`, all older than anything on the home page."""
    long_ago = timezone.now() - timedelta(days=365)
    Story.objects.bulk_create(
        Story(
            headline=f"Archive story {start + number}",
            slug=f"archive-{section.slug}-{start + number}",
            section=section,
            status=Story.Status.PUBLISHED,
            published_at=long_ago - timedelta(minutes=number),
        )
        for number in range(count)
    )


def pin_an_old_story(section):
    """Arrange the home page with an archive story as its lead."""
    story = Story.objects.filter(section=section).order_by("published_at").first()
    front_arrange(section=None, stories=[story], user=None)


def home_page_work(client):
    """SQLite's virtual-machine steps for one home page (and that the page still renders)."""
    steps = 0

    def count_step():
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    connection.connection.set_progress_handler(count_step, STEP)
    try:
        assert client.get("/").status_code == 200
    finally:
        connection.connection.set_progress_handler(None, STEP)
    return steps


def test_home_page_cost_does_not_grow_with_the_archive(client):
    # Each database proves it its own way; neither is skipped on the other. The front is arranged,
    # as the demo's is: its pinned stories join the page's query.
    if connection.vendor == "postgresql":
        assert_home_page_reads_the_section_index(client)
    else:
        assert_home_page_work_is_flat(client)


def assert_home_page_work_is_flat(client):
    sections = [factories.make_section() for _ in range(3)]
    for section in sections:
        factories.make_published_stories(2, section=section)
        add_old_stories(section, 20, start=0)
    pin_an_old_story(sections[0])
    small = home_page_work(client)

    for section in sections:
        add_old_stories(section, 400, start=20)
    large = home_page_work(client)

    # Sixty stories became twelve hundred; a page that sorted them all would cost many times more.
    assert large < small * 1.5, (small, large)


def assert_home_page_reads_the_section_index(client):
    # On a test's tiny tables PostgreSQL's costs favour reading tables whole; with sequential scans
    # discouraged it plans as for a large archive: each section's newest stories off the index.
    section = factories.make_section()
    add_old_stories(section, 200, start=0)
    pin_an_old_story(section)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE stories_story, stories_section")
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {queries.captured_queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "story_section_published_idx" in plan, plan
    assert "WindowAgg" not in plan, plan
    # No walk over the stories testing each (an "IN … OR IN …" filter did that on every one).
    removed = [int(rows) for rows in re.findall(r"Rows Removed by Filter: (\d+)", plan)]
    assert max(removed, default=0) < 50, plan


def test_home_page_still_shows_the_latest_of_each_section_over_an_old_archive(client):
    news, sport = factories.make_section(name="News"), factories.make_section(name="Sport")
    add_old_stories(news, 30, start=0)
    add_old_stories(sport, 30, start=0)
    recent = factories.make_published_stories(2, section=sport)

    response = client.get("/")

    assert response.context["lead"] == recent[0]
    shown = dict(response.context["sections_with_stories"])
    assert shown[sport][0] == recent[1] and len(shown[sport]) == 3  # the lead is one of its four
    assert [story.slug for story in shown[news]] == [f"archive-{news.slug}-{n}" for n in range(4)]
