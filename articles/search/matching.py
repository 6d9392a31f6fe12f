"""The one search interface of the reader search and the admin search.

`stories_matching(stories, text)` keeps the stories of `stories` whose document matches the
words and annotates each with `search_rank` (higher is better); order by SEARCH_ORDERING for
best match first, then newest. Whatever `stories` is filtered by (published() for readers,
what an editor may see in the admin) stays as it is.

With `among_newest=N` only the N most recently published matches are kept (and ranked): a
word found in most stories would otherwise make every search read and rank most of the
archive, a few hundred milliseconds at 100,000 stories. The N newest come from a subquery
that the database answers by walking the publication-time index for a common word (stopping
after N matches) and from the full-text index for a rare one; the stories are then looked up
by primary key, so counting, ranking and paging cost about the same whatever was typed. (A
phrase of two common words is the exception: every story holding both words is read to check
that they are adjacent.)
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery as PostgresQuery
from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import F, QuerySet, Value

from articles.search.query import ReaderQuery, search_query
from articles.search.services import SEARCH_CONFIG
from articles.stories.models import Story

SEARCH_ORDERING = ("-search_rank", "-published_at", "-pk")
# How many of the newest matches the reader search and the admin list rank and page through
# (25 pages of the reader search). More, and planners start joining them to the whole story table.
NEWEST_MATCHES = 500


def stories_matching(
    stories: QuerySet[Story], query: str | ReaderQuery, *, among_newest: int | None = None
) -> QuerySet[Story]:
    """`stories` whose text matches `query`, annotated with `search_rank`; none when it has no words.

    `among_newest`: keep only that many matches, the most recently published.
    """
    if isinstance(query, str):
        query = search_query(query)
    if not query.is_searchable:
        return stories.none().annotate(search_rank=Value(0.0))
    if connections[stories.db].vendor == "postgresql":
        words = PostgresQuery(query.as_websearch(), config=SEARCH_CONFIG, search_type="websearch")
        matching = {"search_document__vector": words}
        rank = SearchRank(F("search_document__vector"), words)
    else:
        matching = {"search_document__fts_row__match__matches": query.as_fts5()}
        # FTS5's rank is bm25 with the parts' weights, more negative for a better match; it is
        # read in the same scan as the MATCH, so the filter stays on the ranked query.
        rank = -F("search_document__fts_row__rank")
    matches = stories.filter(**matching)
    if among_newest is not None:
        newest = matches.order_by("-published_at", "-pk").values_list("pk", flat=True)[:among_newest]
        matches = stories.filter(pk__in=newest)
        if "search_document__fts_row__match__matches" in matching:
            matches = matches.filter(**matching)
    return matches.annotate(search_rank=rank)
