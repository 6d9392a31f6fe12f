"""The stored search document of each story, and on SQLite the FTS5 index that follows it.

A document holds the searched text of one story in its weighted parts. On PostgreSQL its
`vector` column is the weighted tsvector of those parts, behind a GIN index; on SQLite the
column stays empty and the FTS5 table `search_storydocument_fts` (created by migration 0001,
kept in step with this table by triggers) indexes the same parts.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Story

FTS_TABLE = "search_storydocument_fts"
# The searched parts, in the FTS5 table's column order.
TEXT_FIELDS = ("headline", "deck", "body", "names", "topics")


class StoryDocument(models.Model):
    story = models.OneToOneField(
        Story,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    headline = models.TextField(_("headline"), blank=True)
    deck = models.TextField(_("kicker and deck"), blank=True)
    body = models.TextField(_("body text and quotes"), blank=True)
    names = models.TextField(_("bylines, contributors and desk byline"), blank=True)
    topics = models.TextField(_("topics"), blank=True)
    vector = SearchVectorField(_("search vector (PostgreSQL)"), null=True, editable=False)
    # The story's, copied: the newest matches are then found from the documents alone
    # (articles/search/matching.py); whether a story may be seen is still asked of the story.
    published_at = models.DateTimeField(_("story published at"), null=True, editable=False)
    updated_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        ordering = ["-story"]
        get_latest_by = "updated_at"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        # Created on PostgreSQL only (migrations 0001, 0002): SQLite has no GIN and searches FTS5 instead.
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector_gin"),
            models.Index(fields=["published_at"], name="search_document_published_idx"),
        ]

    def __str__(self):
        return self.headline


class FullTextMatchField(models.TextField):
    """FTS5's hidden column named after its table, the left side of `MATCH`."""


@FullTextMatchField.register_lookup
class FullTextMatch(models.Lookup):
    """`match__matches=query`: `<fts table> MATCH <query>`; the query must be one built by fts5_query()."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FullTextIndexRow(models.Model):
    """A row of the SQLite FTS5 index, joined to its document by rowid; read only, SQLite only.

    `match` is FTS5's hidden column named after the table (`… MATCH 'query'`).
    """

    document = models.OneToOneField(
        StoryDocument,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="fts_row",
    )
    match = FullTextMatchField(db_column=FTS_TABLE)

    class Meta:
        managed = False
        db_table = FTS_TABLE
        ordering = ["document"]
        get_latest_by = "document"
        verbose_name = _("full-text index row")
        verbose_name_plural = _("full-text index rows")

    def __str__(self):
        return str(self.document_id)
