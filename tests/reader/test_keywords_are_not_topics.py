"""A photo's IPTC keywords serve the library search only: they never become reader topics.

Keywords live in photos.Keyword; story topics are taggit's Tag. A keyword shared by
the lead photo of a published story gets no topic page, no sitemap entry and no
"Read more" link, while the story's own topics keep theirs.
"""

from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from taggit.models import Tag, TaggedItem

from articles.photos.models import Keyword, Photo
from articles.photos.services import photo_ingest
from articles.stories.models import Story
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def story(photo_desk):
    """A published story whose lead photo was ingested with the keywords "Fishing boats" and "Harbour"."""
    block = iim_block(
        {
            120: "Boats in the harbour at dawn",
            80: "Jane Doe",
            115: "Reuters",
            25: ["Fishing boats", "Harbour"],
        }
    )
    file = SimpleUploadedFile("boats.jpg", jpeg_with_metadata(iim=block, seed=5), content_type="image/jpeg")
    photo = photo_ingest(
        file=file, uploaded_by=photo_desk, photo=Photo(alt_text="Boats tied up at a quay")
    ).photo
    return factories.make_story(
        status=Story.Status.PUBLISHED, lead_photo=photo, tags=["Fisheries"], headline="Fleet stays in port"
    )


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_keywords_are_stored_apart_from_topics(story):
    photo = story.lead_photo

    assert sorted(photo.keywords.names()) == ["Fishing boats", "Harbour"]
    assert sorted(Keyword.objects.values_list("slug", flat=True)) == ["fishing-boats", "harbour"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Fisheries"]
    assert not TaggedItem.objects.filter(tag__name__in=["Fishing boats", "Harbour"]).exists()


def test_a_keyword_has_no_topic_page_or_feed(client, story):
    assert client.get(reverse("articles:topic-detail", args=["fishing-boats"])).status_code == 404
    assert client.get(reverse("articles:topic-detail", args=["harbour"])).status_code == 404
    assert client.get(reverse("articles:topic-feed", args=["fishing-boats", "rss"])).status_code == 404


def test_the_storys_own_topic_still_works(client, story):
    response = client.get(reverse("articles:topic-detail", args=["fisheries"]))

    assertContains(response, "Fleet stays in port")
    assert client.get(reverse("articles:topic-feed", args=["fisheries", "rss"])).status_code == 200


def test_the_topic_sitemap_lists_topics_not_keywords(client, story):
    assert sitemap_locations(client, "/sitemap-topics.xml") == ["http://testserver/topics/fisheries/"]


def test_read_more_lists_topics_not_keywords(client, story):
    response = client.get(story.get_absolute_url())

    assertContains(
        response,
        f'<a href="{reverse("articles:topic-detail", args=["fisheries"])}" rel="tag">Fisheries</a>',
        html=True,
    )
    assertNotContains(response, "/topics/fishing-boats/")
    assertNotContains(response, "/topics/harbour/")
    assertNotContains(response, "Fishing boats")
