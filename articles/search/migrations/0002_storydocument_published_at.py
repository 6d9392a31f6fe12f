# Written by hand: the field, its copy from the stories, and its PostgreSQL-only index.

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import articles.search.operations


def copy_publication_times(apps, schema_editor):
    """Each document takes its story's publication time (one UPDATE, however large the archive)."""
    Story = apps.get_model("stories", "Story")
    StoryDocument = apps.get_model("search", "StoryDocument")
    published_at = Story.objects.filter(pk=OuterRef("story_id")).values("published_at")[:1]
    StoryDocument.objects.using(schema_editor.connection.alias).update(published_at=Subquery(published_at))


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        # Nullable, no default: SQLite adds the column in place, keeping the FTS5 triggers of the table.
        migrations.AddField(
            model_name="storydocument",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="story published at"),
        ),
        migrations.RunPython(copy_publication_times, migrations.RunPython.noop, elidable=True),
        # Only PostgreSQL's newest-matches query reads it (articles/search/matching.py).
        articles.search.operations.AddIndexOn(
            "postgresql",
            model_name="storydocument",
            index=models.Index(fields=["published_at"], name="search_document_published_idx"),
        ),
    ]
