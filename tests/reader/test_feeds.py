"""RSS and Atom feeds: parsed, published stories only, lead photo as media:content."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from tests import factories
from tests.factories import make_full_story, make_published_stories

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_site_rss_feed_items_and_media_content(client):
    story = make_full_story(2)
    factories.make_story(status=Story.Status.DRAFT, headline="Draft headline")

    response = client.get(reverse("articles:feed", args=["rss"]))

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]
    assert story.headline in titles and "Draft headline" not in titles
    item = items[titles.index(story.headline)]
    assert item.findtext("link") == f"http://testserver/stories/{story.slug}/"
    assert item.findtext("description") == f"<p>{story.deck}</p>"
    assert {category.text for category in item.findall("category")} == {"Topic 0", "Topic 1"}
    media = item.find(f"{MEDIA}content")
    assert media.get("medium") == "image"
    assert media.get("type") == "image/jpeg"
    assert media.get("url").startswith("http://testserver/media/renditions/")
    assert media.get("width") == "320"
    assert media.findtext(f"{MEDIA}description") == story.lead_photo.caption
    assert media.findtext(f"{MEDIA}credit") == story.lead_photo.credit


def test_site_atom_feed(client):
    story = make_full_story(1)

    feed = parse(client.get(reverse("articles:feed", args=["atom"])))

    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}
    entry = entries[story.headline]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/stories/{story.slug}/"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == story.bylines.get().author.name
    assert entry.find(f"{MEDIA}content") is not None


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_section_topic_and_author_feeds_hold_only_their_stories(client, feed_format):
    author = factories.make_author()
    mine = make_published_stories(1, bylines=[author], tags=["Budget"])[0]
    other = make_published_stories(1)[0]
    other.tags.set(["Weather"])
    scheduled = factories.make_story(
        status=Story.Status.PUBLISHED,
        section=mine.section,
        published_at=timezone.now() + timedelta(hours=1),
        headline="Embargoed",
        bylines=[author],
        tags=["Budget"],
    )

    for url in (
        reverse("articles:section-feed", args=[mine.section.slug, feed_format]),
        reverse("articles:topic-feed", args=["budget", feed_format]),
        reverse("articles:author-feed", args=[author.slug, feed_format]),
    ):
        body = client.get(url).content.decode()
        parse(client.get(url))
        assert mine.headline in body, url
        assert other.headline not in body, url
        assert scheduled.headline not in body, url


def test_unknown_feed_objects_and_formats_are_404(client):
    assert client.get("/sections/nope/rss/").status_code == 404
    assert client.get("/feeds/json/").status_code == 404


def test_feed_queries_are_constant(client, uncached, django_assert_num_queries):
    make_published_stories(3)
    # One query: the stories with sections and lead photos, their renditions, bylines, topics
    # and correction/update notes all come as columns of the story rows.
    with django_assert_num_queries(1):
        client.get(reverse("articles:feed", args=["rss"]))
    make_published_stories(20)
    with django_assert_num_queries(1):
        client.get(reverse("articles:feed", args=["rss"]))
