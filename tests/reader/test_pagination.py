"""Section, topic and author pages page through the archive without counting it."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db


@pytest.fixture
def section_with_stories(settings):
    settings.READER_STORIES_PER_PAGE = 3
    section = factories.make_section()
    stories = make_published_stories(7, section=section)  # newest first: pages of 3, 3 and 1
    return section, stories


def headlines(response):
    return [story.headline for story in response.context["stories"]]


def test_pages_go_newest_to_oldest_with_links_both_ways(client, section_with_stories):
    section, stories = section_with_stories
    url = section.get_absolute_url()

    first, second, last = (client.get(url, {"page": number}) for number in (1, 2, 3))

    assert headlines(first) == [story.headline for story in stories[:3]]
    assert headlines(second) == [story.headline for story in stories[3:6]]
    assert headlines(last) == [stories[6].headline]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert 'rel="prev"' not in first.content.decode()
    assert 'rel="prev" href="?page=1"' in second.content.decode()
    assert 'rel="next" href="?page=3"' in second.content.decode()
    assert 'rel="next"' not in last.content.decode()
    assert "Page 2</span>" in second.content.decode()


def test_no_page_counts_the_stories(client, section_with_stories, uncached, django_assert_max_num_queries):
    section, _ = section_with_stories
    with django_assert_max_num_queries(3) as queries:
        client.get(section.get_absolute_url(), {"page": 2})
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


@pytest.mark.parametrize("page", ["4", "99", "0", "-1", "two", "1.5"])
def test_a_page_past_the_end_or_not_a_page_is_404(client, section_with_stories, page):
    section, _ = section_with_stories
    assert client.get(section.get_absolute_url(), {"page": page}).status_code == 404


def test_an_empty_section_still_has_its_first_page(client):
    section = factories.make_section()
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert headlines(response) == []


def test_topic_pages_page_through_only_that_topics_stories(client, settings):
    settings.READER_STORIES_PER_PAGE = 2
    tagged = make_published_stories(3, tags=["Harbour"])
    make_published_stories(2, tags=["Budget"])
    url = reverse("articles:topic-detail", args=["harbour"])

    assert headlines(client.get(url)) == [story.headline for story in tagged[:2]]
    assert headlines(client.get(url, {"page": 2})) == [tagged[2].headline]
    assert client.get(url, {"page": 3}).status_code == 404
