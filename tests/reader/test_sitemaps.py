"""Sitemap index, paginated sitemaps and the Google News sitemap: parsed, published stories only."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.reader.sitemaps import StorySitemap
from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_index_lists_every_sitemap(client):
    assert locations(client, "/sitemap.xml") == [
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-topics.xml",
        "http://testserver/sitemap-authors.xml",
    ]


def test_story_sitemap_holds_published_stories_with_lastmod(client):
    author = factories.make_author()
    live = factories.make_story(status=Story.Status.PUBLISHED, bylines=[author], tags=["Budget"])
    factories.make_story(status=Story.Status.DRAFT, tags=["Secret"])
    factories.make_story(status=Story.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))

    response = client.get("/sitemap-stories.xml")
    root = ElementTree.fromstring(response.content)

    urls = root.findall(f"{SITEMAP}url")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [f"http://testserver/stories/{live.slug}/"]
    assert urls[0].findtext(f"{SITEMAP}lastmod")
    assert locations(client, "/sitemap-topics.xml") == ["http://testserver/topics/budget/"]
    assert locations(client, "/sitemap-authors.xml") == [f"http://testserver/authors/{author.slug}/"]
    assert f"http://testserver/sections/{live.section.slug}/" in locations(client, "/sitemap-sections.xml")


def test_story_sitemap_is_paginated(client, monkeypatch):
    monkeypatch.setattr(StorySitemap, "limit", 2)
    for _ in range(3):
        factories.make_story(status=Story.Status.PUBLISHED)

    assert "http://testserver/sitemap-stories.xml?p=2" in locations(client, "/sitemap.xml")
    assert len(locations(client, "/sitemap-stories.xml")) == 2
    assert len(locations(client, "/sitemap-stories.xml?p=2")) == 1


def test_news_sitemap_holds_the_last_48_hours(client):
    fresh = factories.make_story(
        status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=47), tags=["Budget"]
    )
    factories.make_story(status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=49))
    factories.make_story(status=Story.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=1))
    factories.make_story(status=Story.Status.DRAFT)

    response = client.get("/sitemap-news.xml")

    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    urls = root.findall(f"{SITEMAP}url")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [f"http://testserver/stories/{fresh.slug}/"]
    news = urls[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name") == "The Newsroom Gazette"
    assert news.findtext(f"{NEWS}title") == fresh.headline
    assert news.findtext(f"{NEWS}publication_date") == fresh.published_at.isoformat()
    assert news.findtext(f"{NEWS}keywords") == "Budget"
