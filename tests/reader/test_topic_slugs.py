"""Topics in any script have working reader pages; a topic without a usable slug never breaks one."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db

NAMES = ["Élections", "Москва", "北京", "Zürich 2026", "São Paulo"]


def reader_pages_of(story, topic):
    return [
        story.get_absolute_url(),
        reverse("articles:topic-detail", args=[topic.slug]),
        reverse("articles:topic-feed", args=[topic.slug, "rss"]),
        reverse("articles:topic-feed", args=[topic.slug, "atom"]),
        reverse("articles:sitemap-section", args=["topics"]),
        reverse("articles:sitemap-news"),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_a_topic_in_any_script_has_a_page_linked_from_the_story(client, name):
    """The topic keeps its script in its address; the story links to it and every page answers 200."""
    story = make_published_stories(1, tags=[name])[0]
    topic = Tag.objects.get(name=name)

    for url in reader_pages_of(story, topic):
        assert client.get(url).status_code == 200, url

    topic_url = reverse("articles:topic-detail", args=[topic.slug])
    assert topic_url == f"/topics/{quote(topic.slug)}/"
    assert f'href="{topic_url}"' in client.get(story.get_absolute_url()).text
    assert story.headline in client.get(topic_url).text


def test_the_same_topic_created_twice_at_once_leaves_two_working_pages(client):
    """A race between two saves (one typed "élections", one "Élections") makes two topics; both work."""
    story = make_published_stories(1, tags=[])[0]
    first = Tag.objects.create(name="élections")
    second = Tag.objects.create(name="Élections")  # the case-insensitive lookup missed the first
    story.tags.add(first, second)

    assert {first.slug, second.slug} == {"élections", "élections_1"}
    for topic in (first, second):
        for url in reader_pages_of(story, topic):
            assert client.get(url).status_code == 200, url


def test_a_topic_without_a_slug_is_printed_without_a_link(client):
    """An import can store a topic whose name has no letters ("😀" gets an empty slug): pages still work."""
    story = make_published_stories(1, tags=["😀", "Budget"])[0]
    assert Tag.objects.get(name="😀").slug == ""

    page = client.get(story.get_absolute_url())

    assert page.status_code == 200
    assert "😀" in page.text and 'href="/topics/budget/"' in page.text
    assert client.get(reverse("articles:sitemap-section", args=["topics"])).status_code == 200
    assert client.get(reverse("articles:sitemap-news")).status_code == 200
