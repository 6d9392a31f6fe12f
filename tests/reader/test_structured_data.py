"""JSON-LD NewsArticle on story pages: it parses and carries every property search engines use."""

import json
import re

import pytest

from articles.stories.models import Story
from tests import factories
from tests.factories import make_full_story

pytestmark = pytest.mark.django_db


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), flags=re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_news_article_has_every_property(client):
    story = make_full_story(2, seo_description="Why the vote matters.")
    authors = [byline.author for byline in story.bylines.order_by("position")]

    data = json_ld(client.get(story.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["description"] == "Why the vote matters."
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": author.name, "url": f"http://testserver/authors/{author.slug}/"}
        for author in authors
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "The Newsroom Gazette"
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/reader/logo.png"
    assert data["articleSection"] == story.section.name
    assert data["keywords"] == ["Topic 0", "Topic 1"]
    assert data["mainEntityOfPage"] == f"http://testserver/stories/{story.slug}/"
    (image,) = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["caption"] == story.lead_photo.caption
    assert image["creditText"] == story.lead_photo.credit
    assert image["url"].startswith("http://testserver/media/renditions/")
    assert image["width"] == 320


def test_desk_byline_is_an_organization_and_script_cannot_be_closed(client):
    story = factories.make_story(
        status=Story.Status.PUBLISHED, desk_byline="Agencies", headline="</script><script>alert(1)</script>"
    )

    response = client.get(story.get_absolute_url())
    data = json_ld(response)

    assert data["author"] == [{"@type": "Organization", "name": "Agencies"}]
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in response.content.decode()
    assert "image" not in data
