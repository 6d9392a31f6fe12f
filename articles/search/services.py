"""The writes of the search index: refresh the documents of some stories, or rebuild them all.

Every write that changes a story's words ends in `story_revision_create` (the workflow
services, the admin's save, a restore), which calls `story_document_refresh`; author and topic
renames refresh the stories they name (articles/search/admin.py); bulk loaders call
`search_index_rebuild`. The documents are derived data in the same database, so they are written
inside the caller's transaction, never deferred.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q
from taggit.models import Tag

from articles.search.documents import PART_WEIGHTS, stories_for_documents, story_document_parts
from articles.search.models import TEXT_FIELDS, StoryDocument
from articles.stories.models import Author, Story

# English: the newsroom writes in English, and stemming lets "ferries" find "ferry"; the
# stop words it drops ("the", "and") would otherwise match nearly every story.
SEARCH_CONFIG = "english"
BATCH_SIZE = 1000


def document_vector() -> SearchVector:
    """The weighted tsvector of a document's parts (PostgreSQL)."""
    vectors = [
        SearchVector(part, weight=weight, config=SEARCH_CONFIG) for part, (weight, _) in PART_WEIGHTS.items()
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


@transaction.atomic
def story_document_refresh(*, story: Story) -> None:
    """Write `story`'s search document from what is stored now."""
    search_documents_refresh(story_ids=[story.pk])


@transaction.atomic
def search_documents_refresh(*, story_ids: Iterable[int]) -> int:
    """Write the search documents of the stories `story_ids` (any number); returns how many."""
    story_ids = list(story_ids)
    written = 0
    for start in range(0, len(story_ids), BATCH_SIZE):
        written += _refresh_batch(story_ids[start : start + BATCH_SIZE])
    return written


def _refresh_batch(story_ids: list[int]) -> int:
    documents = [
        StoryDocument(story=story, published_at=story.published_at, **story_document_parts(story))
        for story in stories_for_documents(story_ids)
    ]
    StoryDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["story"],
        update_fields=[*TEXT_FIELDS, "published_at", "updated_at"],
    )
    if connection.vendor == "postgresql":
        StoryDocument.objects.filter(story_id__in=story_ids).update(vector=document_vector())
    return len(documents)


def author_documents_refresh(*, author: Author) -> int:
    """Refresh the documents of every story `author` has a byline on or contributed to (after a rename)."""
    stories = Story.objects.filter(Q(bylines__author=author) | Q(contributions__author=author))
    return search_documents_refresh(story_ids=stories.values_list("pk", flat=True).distinct())


def topic_documents_refresh(*, topic: Tag) -> int:
    """Refresh the documents of every story tagged with `topic` (after a rename)."""
    return search_documents_refresh(story_ids=Story.objects.filter(tags=topic).values_list("pk", flat=True))


def search_index_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the search document of every story, in batches of their own transactions; returns how many.

    For data written around the services (bulk loads, imports, a restored dump): one batch at a
    time, so a rebuild of a large archive never holds a long write transaction.
    """
    story_ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(story_ids), BATCH_SIZE):
        with transaction.atomic():
            written += _refresh_batch(story_ids[start : start + BATCH_SIZE])
        if progress is not None:
            progress(written, len(story_ids))
    return written
