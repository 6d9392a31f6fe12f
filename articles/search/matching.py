"""The one search interface of the reader search and the admin search.

`stories_matching(stories, text)` keeps the stories of `stories` whose document matches the
words and annotates each with `search_rank` (higher is better); order by SEARCH_ORDERING for
best match first, then newest. Whatever `stories` is filtered by (published() for readers,
what an editor may see in the admin) stays as it is.
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


def stories_matching(stories: QuerySet[Story], query: str | ReaderQuery) -> QuerySet[Story]:
    """`stories` whose text matches `query`, annotated with `search_rank`; none when it has no words."""
    if isinstance(query, str):
        query = search_query(query)
    if not query.is_searchable:
        return stories.none().annotate(search_rank=Value(0.0))
    if connections[stories.db].vendor == "postgresql":
        words = PostgresQuery(query.text, config=SEARCH_CONFIG, search_type="websearch")
        return stories.filter(search_document__vector=words).annotate(
            search_rank=SearchRank(F("search_document__vector"), words)
        )
    # FTS5's rank is bm25 with the parts' weights: more negative is better.
    return stories.filter(search_document__fts_row__match__matches=query.as_fts5()).annotate(
        search_rank=-F("search_document__fts_row__rank")
    )
