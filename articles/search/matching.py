"""The one search interface of the reader search and the admin search.

`stories_matching(stories, text)` keeps the stories of `stories` whose document matches the
words and annotates each with `search_rank` (higher is better); order by SEARCH_ORDERING for
best match first, then newest. Whatever `stories` is filtered by (published() for readers,
what an editor may see in the admin) stays as it is.

With `among_newest=N` only the N most recently published matches are kept (and ranked): a
word found in most stories would otherwise make every search read and rank most of the
archive, a few hundred milliseconds at 100,000 stories. The N newest come from one query
(`newest_matches`) that the database answers by walking the publication-time index for a
common word (stopping after N matches) and from the full-text index for a rare one; the
stories are then looked up by primary key, so counting, ranking and paging cost about the
same whatever was typed. (A
phrase of two common words is the exception: every story holding both words is read to check
that they are adjacent.) On PostgreSQL the newest matches are first looked for among the
RECENT_DOCUMENTS most recently published documents (see `_recent_documents`).

On PostgreSQL the GIN index knows which words a document holds but not where: a phrase is
checked by reading each candidate's whole vector, 125 ms for the 37,000 stories holding two
common words at 100,000 stories. So a query with a phrase first takes the PHRASE_CANDIDATES
newest stories holding all its words (which the index answers), and checks the phrase in
those only: a phrase is found among the newest stories holding its words, however rare the
phrase, and in every story holding them when fewer than PHRASE_CANDIDATES do.
"""

from __future__ import annotations

import operator
from datetime import datetime
from functools import reduce

from django.contrib.postgres.search import SearchQuery as PostgresQuery
from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import Case, F, FloatField, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import CombinedExpression, RawSQL

from articles.search.documents import PART_WEIGHTS
from articles.search.models import FullTextIndexRow, StoryDocument
from articles.search.query import ReaderQuery, search_query
from articles.search.services import SEARCH_CONFIG
from articles.stories.models import Story

SEARCH_ORDERING = ("-search_rank", "-published_at", "-pk")
# How many of the newest matches the reader search and the admin list rank and page through
# (25 pages of the reader search). More, and planners start joining them to the whole story table.
NEWEST_MATCHES = 500
# How many of the most recently published documents are searched first for the newest matches
# (PostgreSQL); all of them only when fewer than NEWEST_MATCHES of those match.
RECENT_DOCUMENTS = 8000
# How many of the newest stories holding every word of a phrase have the phrase checked (PostgreSQL).
PHRASE_CANDIDATES = 2000


def stories_matching(
    stories: QuerySet[Story],
    query: str | ReaderQuery,
    *,
    among_newest: int | None = None,
    ranked: bool = True,
) -> QuerySet[Story]:
    """`stories` whose text matches `query`, annotated with `search_rank`; none when it has no words.

    `among_newest`: keep only that many matches, the most recently published (their keys are
    read at once, one query: see `newest_matches`). `ranked=False`: no `search_rank`, for a
    list ordered otherwise (the admin's, by its columns), which then never reads a document.
    """
    if isinstance(query, str):
        query = search_query(query)
    if not query.is_searchable:
        return stories.none().annotate(search_rank=Value(0.0)) if ranked else stories.none()
    if among_newest is not None:
        matches = stories_among(stories, newest_matches(stories, query, among_newest))
    else:
        matches = _matches(stories, query)
    return stories_ranked(matches, query) if ranked else matches


def stories_among(stories: QuerySet[Story], keys: list[int]) -> QuerySet[Story]:
    """The stories of `stories` whose primary key is in `keys` (the list `newest_matches` read).

    On PostgreSQL the keys go as one array parameter: as 500 parameters, building each query
    that holds them took psycopg and Django 2 ms.
    """
    if not keys or connections[stories.db].vendor != "postgresql":
        return stories.filter(pk__in=keys)
    return stories.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (keys,)))


def newest_matches(stories: QuerySet[Story], query: ReaderQuery, limit: int) -> list[int]:
    """The keys of the `limit` most recently published stories of `stories` matching `query`.

    Read once, into a list: counting the matches and ranking a page of them then cost a lookup
    by primary key each, where a subquery ran the search twice (for an author's name, found in
    8,000 of 100,000 stories, 20 ms each time).
    """
    return [key for key, _ in newest_match_times(stories, query, limit)]


def newest_match_times(
    stories: QuerySet[Story], query: ReaderQuery, limit: int
) -> list[tuple[int, datetime | None]]:
    """`newest_matches` with each story's publication time, newest first.

    The admin list answers its count and its date drill-down from these, with no more queries.
    """
    if not query.is_searchable:
        return []
    if connections[stories.db].vendor == "postgresql" and not query.has_phrase:
        recent = _newest(stories.filter(pk__in=_recent_documents(query)), limit)
        if len(recent) == limit:  # every older match is older than all of these
            return recent
    return _newest(_matches(stories, query), limit)


def _newest(stories: QuerySet[Story], limit: int) -> list[tuple[int, datetime | None]]:
    return list(stories.order_by("-published_at", "-pk").values_list("pk", "published_at")[:limit])


def _recent_documents(query: ReaderQuery) -> QuerySet[StoryDocument]:
    """The documents matching `query` among the RECENT_DOCUMENTS last published, and drafts (PostgreSQL).

    PostgreSQL estimates two words found together as if they were independent: an author's name,
    in 8,000 of 100,000 stories, is planned as 700 matches, and all 8,000 are read and sorted
    (20 ms). Bounded by the publication time, the full-text index and the time index are
    intersected before any row is read, and only the recent matches are (5 ms).
    """
    cutoff = (
        StoryDocument.objects.filter(published_at__isnull=False)
        .order_by("-published_at")
        .values("published_at")[RECENT_DOCUMENTS - 1 : RECENT_DOCUMENTS]
    )
    recent = Q(published_at__gte=Subquery(cutoff)) | Q(published_at__isnull=True)
    return StoryDocument.objects.filter(recent, vector=_websearch(query)).values("story")


def stories_ranked(stories: QuerySet[Story], query: ReaderQuery) -> QuerySet[Story]:
    """`stories` (already known to match `query`) annotated with `search_rank`, higher is better."""
    if connections[stories.db].vendor == "postgresql":
        return stories.annotate(search_rank=SearchRank(F("search_document__vector"), _websearch(query)))
    return stories.annotate(search_rank=_fts5_rank(query))


def _matches(stories: QuerySet[Story], query: ReaderQuery) -> QuerySet[Story]:
    if connections[stories.db].vendor != "postgresql":
        return stories.filter(pk__in=_fts5_matches(query.as_fts5()))
    words = _websearch(query)
    if not query.has_phrase:
        return stories.filter(search_document__vector=words)
    candidates = stories.filter(search_document__vector=_all_words(query))
    newest_candidates = candidates.order_by("-published_at", "-pk").values("pk")
    # The phrase checked in the documents of the candidates alone: joined to the stories again,
    # the planner would rather scan the whole story table than look up 2,000 rows.
    phrase_matches = StoryDocument.objects.filter(
        story__in=newest_candidates[:PHRASE_CANDIDATES], vector=words
    ).values("story")
    return stories.filter(pk__in=phrase_matches)


def _websearch(query: ReaderQuery) -> PostgresQuery:
    return PostgresQuery(query.as_websearch(), config=SEARCH_CONFIG, search_type="websearch")


def _all_words(query: ReaderQuery) -> PostgresQuery:
    """`query` with each phrase loosened to all of its words, and nothing excluded (PostgreSQL).

    Exact for every story the query matches, so it only narrows whom the phrase is checked in.
    """
    groups = []
    for group in query.groups:
        clauses = [
            PostgresQuery(" ".join(clause.words), config=SEARCH_CONFIG, search_type="plain")
            for clause in group
        ]
        groups.append(reduce(operator.or_, clauses))
    return reduce(operator.and_, groups)


def _fts5_matches(expression: str) -> QuerySet[FullTextIndexRow]:
    # A subquery of the FTS5 table alone, so SQLite reads the matches once; joined to the stories
    # instead, it would run the full-text query again for every published story it walks.
    return FullTextIndexRow.objects.filter(match__matches=expression).values("document")


def _fts5_rank(query: ReaderQuery) -> CombinedExpression:
    """The sum of the weights of the parts other than the body that hold the whole query (SQLite).

    Not bm25: FTS5 computes bm25 only inside the one scan of all matches (ranking 60,000
    matches takes 200 ms), and again from scratch for each story looked up on its own. Whether a
    part holds the query is one FTS5 column-filtered subquery per part, read once per search.
    """
    expression = query.as_fts5()
    hits = [
        Case(
            When(pk__in=_fts5_matches(f"{{{part}}} : ({expression})"), then=Value(weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for part, (_, weight) in PART_WEIGHTS.items()
        if part != "body"  # the weakest part, and the one most stories hold a common word in
    ]
    rank = hits[0]
    for hit in hits[1:]:
        rank = rank + hit
    return rank
