"""The import's cost per post stays constant and small: the budget behind its speed (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.stories.models import Story
from articles.wordpress.importer import wordpress_import
from articles.workflow.models import AuditEntry, StoryRevision
from tests.wordpress.exports import SITE, Item, attachment, draw_uploads, wxr_document

pytestmark = pytest.mark.django_db

# Per published post with a byline, a lead and an inline photo, a quote and two topics. Writes: the
# story, its publication, byline, three blocks, topics, old addresses, import record, audit entry,
# revision and search document; reads: the slug and old-address checks, the alert, and the
# revision's snapshot and search refresh of the story as saved; the rest are savepoints. It was
# ~100 before story_import. PostgreSQL takes one more: the search document's vector is computed by
# the database (articles/search/services.py).
QUERIES_PER_POST = {"sqlite": 44, "postgresql": 45}


def post(number: int) -> Item:
    return Item(
        post_id=1000 + number,
        title=f"Ferry timetable, week {number}",
        content=(
            f"<p>Week {number}: the ferries run hourly.</p>\n\n"
            '[caption id="attachment_101" width="480"]<img class="wp-image-101" '
            f'src="{SITE}/wp-content/uploads/2024/05/harbour.jpg" /> The pier[/caption]\n\n'
            "<blockquote>On time, mostly.</blockquote>"
        ),
        creator="jose",
        post_name=f"ferry-week-{number}",
        link=f"{SITE}/2024/05/03/ferry-week-{number}/",
        categories=[("news", "News")],
        tags=[("harbour", "Harbour"), ("ferries", "Ferries")],
        meta={"_thumbnail_id": "101"},
    )


def import_queries(folder, editor, numbers: range) -> int:
    """Queries of an import of the posts `numbers`; the photo, author and section are there already."""
    items = [
        attachment(101, "2024/05/harbour.jpg", caption="The pier", description="Jan Novák", alt="A pier")
    ]
    path = folder / f"export-{numbers.start}.xml"
    draw_uploads(folder / "uploads", ["2024/05/harbour.jpg"])
    path.write_text(wxr_document([*items, *(post(n) for n in numbers)]), encoding="utf-8")
    posts = len(numbers)
    with CaptureQueriesContext(connection) as queries:
        report = wordpress_import(export_path=path, media_dir=folder / "uploads", user=editor)
    assert report.counts["stories created"] == posts and not report.problems
    return len(queries)


def test_each_post_costs_the_same_small_number_of_queries(tmp_path, editor):
    """Ten new posts cost nine times one post's queries more than one new post: nothing grows."""
    import_queries(tmp_path, editor, range(1))  # the photo, author, section and topics come in
    one, ten = import_queries(tmp_path, editor, range(1, 2)), import_queries(tmp_path, editor, range(2, 12))
    assert (ten - one) / 9 == QUERIES_PER_POST[connection.vendor]
    story = Story.objects.get(slug="ferry-week-3")
    assert story.is_published()
    assert list(StoryRevision.objects.filter(story=story).values_list("comment", flat=True)) == [
        "Imported from WordPress, published"
    ]
    assert list(AuditEntry.objects.filter(story=story).values_list("action", flat=True)) == ["published"]
