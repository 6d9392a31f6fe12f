"""The admin story list searches through the same interface as readers, over every story an editor sees."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db


def changelist_search(client, query):
    response = client.get(reverse("admin:stories_story_changelist"), {"q": query})
    assert response.status_code == 200
    return {story.headline for story in response.context["cl"].result_list}


def test_the_story_list_searches_words_in_any_order_in_every_status(editor_client):
    author = factories.make_author(name="Maria Lopez")
    factories.make_story(headline="Crew walks off the ferry", status=Story.Status.DRAFT)
    factories.make_story(headline="Night shift", status=Story.Status.PUBLISHED, bylines=[author])
    factories.make_story(headline="Timetable", status=Story.Status.SUBMITTED, tags=["Ferry crews"])

    assert changelist_search(editor_client, "ferry crew") == {"Crew walks off the ferry", "Timetable"}
    assert changelist_search(editor_client, "lopez") == {"Night shift"}


def test_the_story_list_keeps_its_own_order_and_reads_no_document_beyond_the_search(editor_client):
    now = timezone.now()
    best_but_old = factories.make_story(
        headline="Ferry strike", status=Story.Status.PUBLISHED, published_at=now - timedelta(days=2)
    )
    newer = factories.make_story(
        headline="Harbour news", status=Story.Status.PUBLISHED, published_at=now - timedelta(hours=1)
    )
    factories.add_text(newer, "<p>The ferry strike goes on.</p>")

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(reverse("admin:stories_story_changelist"), {"q": "ferry strike"})

    assert list(response.context["cl"].result_list) == [newer, best_but_old]  # newest first, as unsearched
    reading_documents = [query["sql"] for query in queries if "search_storydocument" in query["sql"]]
    # Only the search reads them (on PostgreSQL the recent documents first, then all of them, as
    # so few match): the count, the page and the date drill-down never join them.
    assert reading_documents
    search = 'SELECT "stories_story"."id" AS "pk", "stories_story"."published_at" AS "published_at" FROM'
    assert all(sql.startswith(search) for sql in reading_documents)


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "-", "AND", "x" * 10_000, "\x00"])
def test_hostile_admin_searches_answer_200(editor_client, query):
    factories.make_story(headline="Ferry crew strike")

    changelist_search(editor_client, query)


def test_the_related_story_picker_still_finds_headline_fragments(editor_client):
    story = factories.make_story(headline="Crew walks off the ferry", status=Story.Status.PUBLISHED)
    url = reverse("admin:autocomplete")
    params = {
        "term": "walks of",
        "app_label": "stories",
        "model_name": "relatedstory",
        "field_name": "related",
    }

    response = editor_client.get(url, params)

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(story.pk)]
