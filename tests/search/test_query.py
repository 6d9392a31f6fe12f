"""What the reader typed becomes a query no input can break: words only, each quoted for FTS5."""

import re

import pytest

from articles.search.highlight import mark_matches
from articles.search.matching import stories_matching
from articles.search.query import MAX_QUERY_LENGTH, MAX_WORDS, search_query
from articles.stories.models import Story
from tests import factories
from tests.search.test_reader_search import HOSTILE_QUERIES

# An FTS5 expression made of quoted words, parentheses and the three operators only.
SAFE_FTS5 = re.compile(r'^(\(|\)|"[^"]+"| AND | OR | NOT |\s)+$')


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_the_fts5_query_holds_only_quoted_words_and_operators(query):
    parsed = search_query(query)

    if parsed.is_searchable:
        assert SAFE_FTS5.match(parsed.as_fts5()), parsed.as_fts5()
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert len(parsed.words()) <= MAX_WORDS


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_run_on_the_database(query):
    factories.make_story(headline="Ferry crew strike")

    list(stories_matching(Story.objects.all(), query))


@pytest.mark.parametrize(
    ("query", "fts5"),
    [
        ("ferry crew", '(("ferry") AND ("crew"))'),
        ('"ferry crew" strike', '(("ferry crew") AND ("strike"))'),
        ("ferry or tram strike", '(("ferry" OR "tram") AND ("strike"))'),
        ("ferry -strike", '(("ferry")) NOT "strike"'),
        ('ferry -"crew strike"', '(("ferry")) NOT "crew strike"'),
        ("NEAR(ferry, crew)", '(("NEAR ferry") AND ("crew"))'),
        ("ferry-crew", '(("ferry crew"))'),
        ('"unclosed phrase', '(("unclosed phrase"))'),
    ],
)
def test_websearch_syntax_is_kept_on_fts5(query, fts5):
    assert search_query(query).as_fts5() == fts5


@pytest.mark.parametrize(
    ("query", "websearch"),
    [
        ("ferry crew", "ferry crew"),
        ('"ferry crew" or tram -"night shift" -bus', '"ferry crew" or tram -"night shift" -bus'),
        ("NEAR(ferry, crew)!", '"NEAR ferry" crew'),
        ("<b>ferry</b>", '"b ferry b"'),
    ],
)
def test_postgresql_gets_the_same_words_in_websearch_syntax(query, websearch):
    assert search_query(query).as_websearch() == websearch


def test_only_exclusions_or_operators_are_not_a_search():
    for query in ("-ferry", "or", "OR OR", "***", ""):
        assert not search_query(query).is_searchable, query


def test_whitespace_and_control_characters_are_dropped():
    assert search_query("  ferry\t\x00 crew\n ").text == "ferry crew"


def test_marks_follow_the_stems_of_the_words_looked_for():
    query = search_query("ferries strike -crew")

    marked = mark_matches("Ferry crews striking, ferryman strikes", query)

    assert marked == "<mark>Ferry</mark> crews <mark>striking</mark>, ferryman <mark>strikes</mark>"
