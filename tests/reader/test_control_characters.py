"""NUL and other control characters in a query string are dropped: clean pages, never a 500.

PostgreSQL refuses a NUL byte in any query with an error; the middleware strips control
characters from every query string before a view reads it.
"""

import pytest
from django.urls import reverse

from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db

ADMIN_LISTS = [
    "admin:stories_story_changelist",
    "admin:stories_section_changelist",
    "admin:stories_author_changelist",
    "admin:photos_photo_changelist",
    "admin:taggit_tag_changelist",
    "admin:auth_user_changelist",
]


@pytest.mark.parametrize("query", ["%00", "%00%01%1f%7f", "%C2%9B"])
def test_a_search_of_only_control_characters_is_an_empty_search(client, query):
    response = client.get(f"{reverse('articles:search')}?q={query}")

    assert response.status_code == 200
    assert response.context["query"] == ""


def test_control_characters_inside_words_are_dropped(client):
    story = make_published_stories(1, headline="Council approves budget")[0]

    response = client.get(f"{reverse('articles:search')}?q=bud%00get")

    assert response.status_code == 200
    assert response.context["query"] == "budget"
    assert story in response.context["stories"]  # found; its headline is printed with "budget" marked


def test_a_control_character_in_a_parameter_name_is_dropped(client):
    response = client.get(f"{reverse('articles:search')}?q%00=budget")

    assert response.status_code == 200
    assert response.context["query"] == "budget"


@pytest.mark.parametrize("url_name", ADMIN_LISTS)
def test_every_admin_search_box_takes_a_nul(admin_client, url_name):
    response = admin_client.get(f"{reverse(url_name)}?q=bud%00get")

    assert response.status_code == 200
    assert response.context["cl"].query == "budget"


def test_the_admin_autocomplete_takes_a_nul(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "\x00", "app_label": "stories", "model_name": "story", "field_name": "section"},
    )

    assert response.status_code == 200
    assert "results" in response.json()
