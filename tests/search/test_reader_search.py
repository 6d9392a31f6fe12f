"""The reader search page: full text over headline, deck, body, authors and topics, ranked, highlighted,
published stories only, and a 200 with a sentence for any query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.search.query import MAX_QUERY_LENGTH
from articles.stories.models import Story
from tests import factories
from tests.factories import make_published_stories

pytestmark = pytest.mark.django_db


def published(**overrides):
    fields = {"status": Story.Status.PUBLISHED, "published_at": timezone.now() - timedelta(hours=1)}
    return factories.make_story(**fields | overrides)


def search(client, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    return response


def found(client, query):
    return [story.headline for story in search(client, query).context["stories"]]


@pytest.mark.parametrize("query", ["ferry crew", "crew ferry", "Crew FERRY", "ferries crews"])
def test_every_word_is_found_anywhere_in_the_headline(client, query):
    published(headline="Crew walks off the harbour ferry")
    published(headline="Ferry timetable changes")

    assert found(client, query) == ["Crew walks off the harbour ferry"]


def test_words_are_found_across_headline_deck_and_body(client):
    story = published(headline="Night shift at the harbour", deck="Who keeps the port running.")
    factories.add_text(story, "<p>The <b>crew</b> of the last ferry</p><p>talks to us.</p>")

    assert found(client, "ferry crew port") == ["Night shift at the harbour"]
    assert found(client, "ferrycrew") == []


def test_a_phrase_in_quotes_needs_the_words_together(client):
    published(headline="Ferry crew strike")
    published(headline="Crew of the ferry strikes")

    assert found(client, '"ferry crew"') == ["Ferry crew strike"]


def test_a_minus_leaves_a_word_out(client):
    published(headline="Ferry crew strike")
    published(headline="Ferry timetable")

    assert found(client, "ferry -strike") == ["Ferry timetable"]


def test_author_names_and_contributors_are_searched(client):
    byline = factories.make_author(name="Maria Lopez")
    contributor = factories.make_author(name="Tomasz Wiśniewski")
    published(headline="Council votes", bylines=[byline])
    published(headline="Bridge closes", contributors=[contributor])
    published(headline="Quiet day", desk_byline="Agencies")

    assert found(client, "Lopez") == ["Council votes"]
    assert found(client, "maria lopez") == ["Council votes"]
    assert found(client, "Wiśniewski") == ["Bridge closes"]
    assert found(client, "agencies") == ["Quiet day"]


def test_topics_are_searched(client):
    published(headline="Council votes", tags=["Local elections"])
    published(headline="Cup final")

    assert found(client, "elections") == ["Council votes"]


def test_a_headline_match_ranks_above_a_body_match(client):
    older = published(headline="Strike at the port", published_at=timezone.now() - timedelta(days=3))
    newer = published(headline="Quiet day", published_at=timezone.now() - timedelta(hours=1))
    factories.add_text(newer, "<p>No strike today. The strike talks go on; a strike is not expected.</p>")
    deck = published(
        headline="Port news", deck="A strike looms.", published_at=timezone.now() - timedelta(days=2)
    )

    stories = list(search(client, "strike").context["stories"])

    assert stories == [older, deck, newer]
    assert stories[0].search_rank > stories[1].search_rank > stories[2].search_rank


def test_equal_matches_are_listed_newest_first(client):
    for hours in (5, 1, 3):
        published(headline=f"Strike day {hours}", published_at=timezone.now() - timedelta(hours=hours))

    assert found(client, "strike") == ["Strike day 1", "Strike day 3", "Strike day 5"]


@pytest.mark.parametrize(
    "state",
    [
        {"status": Story.Status.DRAFT},
        {"status": Story.Status.SUBMITTED},
        {"status": Story.Status.UNPUBLISHED, "published_at": timezone.now() - timedelta(days=1)},
        {"status": Story.Status.PUBLISHED, "published_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "submitted", "unpublished", "scheduled"],
)
def test_only_published_stories_are_ever_found(client, state):
    author = factories.make_author(name="Maria Lopez")
    hidden = factories.make_story(headline="Hidden ferry scoop", bylines=[author], tags=["Ferries"], **state)
    factories.add_text(hidden, "<p>Secret ferry plans.</p>")
    published(headline="Public ferry news")

    for query in ("ferry", "hidden", "scoop", "secret", "lopez", "ferries"):
        response = search(client, query)
        assertNotContains(response, "Hidden ferry scoop")
        assert hidden not in response.context["stories"]


def test_matched_words_are_marked_and_everything_else_escaped(client):
    published(
        headline='<script>alert("x")</script> Ferry & crew',
        deck="The <b>ferries</b> stop; ferryman unaffected.",
    )

    response = search(client, "ferry")

    content = response.content.decode()
    assert '<script>alert("x")</script>' not in content
    assertContains(
        response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Ferry</mark> &amp; crew"
    )
    assertContains(response, "The &lt;b&gt;<mark>ferries</mark>&lt;/b&gt; stop; ferryman unaffected.")


def test_a_word_inside_markup_like_text_is_marked_without_breaking_it(client):
    published(headline="Mark <mark> and script")

    response = search(client, "mark script")

    assertContains(response, "<mark>Mark</mark> &lt;<mark>mark</mark>&gt; and <mark>script</mark>")


HOSTILE_QUERIES = [
    '"',
    '"""',
    '"ferry',
    "ferry\"crew'",
    "NEAR(",
    "NEAR(ferry crew, 2)",
    "ferry NEAR crew",
    "*",
    "ferr*",
    "-",
    "--ferry",
    "-ferry",
    "AND",
    "ferry AND",
    "OR OR OR",
    "NOT ferry",
    "ferry NOT",
    "headline:ferry",
    "{headline deck}: ferry",
    "^ferry",
    "ferry + crew",
    "(ferry",
    "ferry)",
    "'; DROP TABLE stories_story; --",
    "\\",
    "%",
    "_",
    "ferry\x00crew",
    "\x01\x02\x7f",
    "\u202eferry",
    "😀 ferry",
    "ferry " * 2000,
    "x" * 10_000,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_answer_200(client, query):
    published(headline="Ferry crew strike")

    response = client.get(reverse("articles:search"), {"q": query})

    assert response.status_code == 200
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH


def test_no_words_asks_for_some(client):
    published()

    response = search(client, "")

    assertContains(response, "Type a word or two")
    assert list(response.context["stories"]) == []


@pytest.mark.parametrize("query", ["***", "- -", '""', "?!", "OR"])
def test_a_query_without_words_says_so(client, query):
    published()

    response = search(client, query)

    assertContains(response, "There are no words to look for")
    assert list(response.context["stories"]) == []


def test_a_long_query_is_cut_and_the_page_says_so(client):
    published(headline="Ferry crew strike")

    response = search(client, "ferry " + "x" * 500)

    assert response.context["query"] == ("ferry " + "x" * 500)[:MAX_QUERY_LENGTH]
    assertContains(response, f"Only the first {MAX_QUERY_LENGTH} characters")


def test_nothing_found_says_so(client):
    published(headline="Ferry crew strike")

    assertContains(search(client, "zeppelin"), "No stories match your search")


def test_results_are_paginated_with_the_query(client):
    make_published_stories(25, headline="Ferry news")

    first = search(client, "ferry")
    second = client.get(reverse("articles:search"), {"q": "ferry", "page": 2})

    assert len(first.context["stories"]) == 20
    assert len(second.context["stories"]) == 5
    assertContains(first, 'rel="next" href="?q=ferry&amp;page=2">More results</a>')
    # Results are ranked by how well they match, not by date: the links do not say "older".
    assertContains(second, 'rel="prev" href="?q=ferry&amp;page=1">Better matches</a>')
    assertNotContains(second, "Older stories")
    assertNotContains(second, "Newer stories")


# 1 the keys of the newest matches (also their count), 2 the matching stories ranked,
# with their sections, lead photos and renditions (JSON columns), 3 the section navigation;
# on PostgreSQL, when fewer matches than the search ranks are among the recent documents
# (always, in a test's few stories), the keys of the newest matches of all documents as well.
SEARCH_PAGE_QUERIES = 4 if connection.vendor == "postgresql" else 3


@pytest.mark.parametrize("count", [5, 50])
def test_search_page_queries_are_constant(client, uncached, django_assert_num_queries, count):
    make_published_stories(count, headline="Council approves ferry budget", deck="The ferry vote.")

    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        response = client.get(reverse("articles:search"), {"q": "ferry budget"})

    assert response.status_code == 200
    assert len(response.context["stories"]) == min(count, 20)
    assertContains(response, "<mark>ferry</mark>", count=2 * min(count, 20))


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr("articles.reader.views.NEWEST_MATCHES", 3)
    hours = [1, 2, 3, 4, 5]
    stories = {
        h: published(headline=f"Ferry day {h}", published_at=timezone.now() - timedelta(hours=h))
        for h in hours
    }
    best_but_old = stories[5]
    factories.add_text(best_but_old, "<p>Ferry, ferry, ferry.</p>")

    response = search(client, "ferry")

    assert list(response.context["stories"]) == [stories[1], stories[2], stories[3]]
    assertContains(response, "3 or more stories found: the best matches among the newest 3")


def test_a_rare_word_is_found_however_old(client, monkeypatch):
    monkeypatch.setattr("articles.reader.views.NEWEST_MATCHES", 3)
    old = published(headline="Zeppelin over the harbour", published_at=timezone.now() - timedelta(days=900))
    make_published_stories(5, headline="Harbour news")

    assert found(client, "zeppelin") == [old.headline]
    assert len(found(client, "harbour")) == 3


def test_a_phrase_is_checked_among_the_newest_stories_holding_its_words(client, monkeypatch):
    monkeypatch.setattr("articles.search.matching.PHRASE_CANDIDATES", 2)
    hours = timezone.now() - timedelta(hours=1)
    published(headline="Crew of the ferry strikes", published_at=hours)
    newest = published(headline="Ferry crew strike", published_at=hours - timedelta(hours=1))
    published(headline="Ferry crew rescue", published_at=hours - timedelta(days=400))
    published(headline="Ferry crew dispute", published_at=hours - timedelta(days=500))

    # Or-groups and exclusions keep their meaning around a phrase.
    assert found(client, '"ferry crew" or tram -rescue -dispute') == [newest.headline]
    phrase_matches = found(client, '"ferry crew"')
    assert phrase_matches[0] == newest.headline
    if connection.vendor == "postgresql":  # SQLite's FTS5 index checks every phrase itself
        assert phrase_matches == [newest.headline]
    else:
        assert len(phrase_matches) == 3
