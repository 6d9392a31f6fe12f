"""The admin story list searches through the same interface as readers, over every story an editor sees."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.admin import StoryAdmin
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


def searched_pages(client, query):
    """Every page of the searched story list, in order."""
    pages = []
    while True:
        response = client.get(reverse("admin:stories_story_changelist"), {"q": query, "p": len(pages) + 1})
        assert response.status_code == 200
        pages.append(list(response.context["cl"].result_list))
        if len(pages) == response.context["cl"].paginator.num_pages:
            return pages


def test_each_page_of_a_search_holds_what_the_whole_list_puts_there(editor_client, monkeypatch):
    # A page reads only its share of the matches; stories published at the same moment straddle
    # the pages' edges here, and the list orders those by creation time, not as the search did.
    monkeypatch.setattr(StoryAdmin, "list_per_page", 4)
    moment = timezone.now() - timedelta(hours=1)
    for number in range(6):
        tie = factories.make_story(
            headline=f"Ferry tie {number}", status=Story.Status.PUBLISHED, published_at=moment
        )
        # Created in the opposite order to their keys, which is how the search breaks ties.
        Story.objects.filter(pk=tie.pk).update(created_at=moment - timedelta(days=1, minutes=number))
    for hours in range(2, 6):
        factories.make_story(
            headline=f"Ferry {hours} hours ago",
            status=Story.Status.PUBLISHED,
            published_at=moment - timedelta(hours=hours),
        )
    for number in range(3):
        factories.make_story(headline=f"Ferry draft {number}", status=Story.Status.DRAFT)
    factories.make_story(headline="Harbour", status=Story.Status.PUBLISHED, published_at=moment)
    whole_list = list(
        Story.objects.filter(headline__startswith="Ferry").order_by("-published_at", "-created_at", "-pk")
    )

    pages = searched_pages(editor_client, "ferry")

    assert [len(page) for page in pages] == [4, 4, 4, 1]
    assert [story for page in pages for story in page] == whole_list


def test_a_search_sorted_by_another_column_pages_through_every_match(editor_client, monkeypatch):
    monkeypatch.setattr(StoryAdmin, "list_per_page", 3)
    for number in range(7):
        factories.make_story(headline=f"Ferry {number}", status=Story.Status.DRAFT)
    changelist = reverse("admin:stories_story_changelist")
    headline_column = StoryAdmin.list_display.index("headline") + 1  # the admin numbers them from 1

    stories = []
    for number in (1, 2, 3):
        response = editor_client.get(changelist, {"q": "ferry", "o": headline_column, "p": number})
        stories.extend(story.headline for story in response.context["cl"].result_list)

    assert stories == [f"Ferry {number}" for number in range(7)]


def test_an_action_on_every_match_of_a_search_reaches_them_all(editor_client, monkeypatch):
    monkeypatch.setattr(StoryAdmin, "list_per_page", 4)
    author = factories.make_author()
    drafts = [factories.make_story(headline=f"Ferry {n}", bylines=[author]) for n in range(10)]
    other = factories.make_story(headline="Harbour", bylines=[author])

    response = editor_client.post(
        reverse("admin:stories_story_changelist") + "?q=ferry",
        {"action": "publish_now", "select_across": "1", "index": "0", "_selected_action": [drafts[0].pk]},
        follow=True,
    )

    assert "Published 10 stories." in response.content.decode()
    assert set(Story.objects.published()) == set(drafts)
    other.refresh_from_db()
    assert other.status == Story.Status.DRAFT


@pytest.mark.parametrize(
    "params", [{"p": "0"}, {"p": "-1"}, {"p": "abc"}, {"p": "999"}, {"o": "99"}, {"o": "x.y"}, {"all": ""}]
)
def test_a_searched_list_with_a_bad_page_or_order_never_fails(editor_client, monkeypatch, params):
    monkeypatch.setattr(StoryAdmin, "list_per_page", 2)
    for number in range(5):
        factories.make_story(headline=f"Ferry {number}")

    response = editor_client.get(reverse("admin:stories_story_changelist"), {"q": "ferry", **params})

    # The admin's own answer to a bad address: its list again, or a redirect to it with ?e=1.
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


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
