"""Feeds carry stored text as text: feed readers read descriptions as HTML, so markup arrives escaped.

RSS <description> and Atom <summary type="html"> hold HTML. The deck, the search engine
description, correction notes, section descriptions, author names and topic names are
plain text typed by the newsroom: a reader must see "<b>" as characters, never as markup.
"""

import html
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles.workflow.models import StoryNote
from tests import factories
from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<img src=x onerror="alert(1)"> Tom & <b>Jerry</b>'


def parse(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def text_of(markup):
    """What a feed reader shows for an HTML description: no elements but ours (<p>), text unescaped."""
    assert "<img" not in markup and "<b>" not in markup and "<script" not in markup
    return [html.unescape(part) for part in re.findall(r"<p>(.*?)</p>", markup)]


@pytest.fixture
def story():
    story = make_published_stories(1, deck=HOSTILE, tags=[])[0]
    StoryNote.objects.create(story=story, text="<script>alert(2)</script> was wrong")
    return story


def test_rss_item_description_is_escaped_text(client, story):
    channel = parse(client.get(reverse("articles:feed", args=["rss"]))).find("channel")

    item = channel.find("item")
    assert text_of(item.findtext("description")) == [
        HOSTILE,
        "Correction: <script>alert(2)</script> was wrong",
    ]


def test_atom_summary_is_escaped_text(client, story):
    feed = parse(client.get(reverse("articles:feed", args=["atom"])))

    summary = feed.find(f"{ATOM}entry").find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert text_of(summary.text)[0] == HOSTILE


def test_the_search_engine_description_is_escaped_too(client):
    make_published_stories(1, seo_description="<a href='javascript:x'>Read</a>")

    item = parse(client.get(reverse("articles:feed", args=["rss"]))).find("channel").find("item")

    assert "<a " not in item.findtext("description")
    assert text_of(item.findtext("description")) == ["<a href='javascript:x'>Read</a>"]


def test_channel_descriptions_escape_section_author_and_topic_names(client):
    section = factories.make_section(description=HOSTILE)
    author = factories.make_author(name="<i>Ann</i> Lee")
    make_published_stories(1, section=section, bylines=[author], tags=["<b>Budget</b>"])

    for url, expected in (
        (reverse("articles:section-feed", args=[section.slug, "rss"]), HOSTILE),
        (reverse("articles:author-feed", args=[author.slug, "rss"]), "Stories by <i>Ann</i> Lee."),
        (reverse("articles:topic-feed", args=["bbudgetb", "rss"]), "Stories about <b>Budget</b>."),
    ):
        description = parse(client.get(url)).find("channel").findtext("description")
        assert "<" not in description, url
        assert html.unescape(description) == expected
