"""The admin story list searches through the same interface as readers, over every story an editor sees."""

import pytest
from django.urls import reverse

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
