"""`manage.py export_ninjs [--story SLUG] > archive.ndjson`: published stories as ninjs NDJSON, one a line.

Streams in batches of primary keys, so memory stays flat however large the archive. Each photo's
original is embedded as a data: URI (rendition "original"), so `import_ninjs` can rebuild the
library on another site without fetching anything.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.api.ninjs import stories_for_api, story_ninjs
from articles.stories.models import Story

BATCH = 100


class Command(BaseCommand):
    help = "Write published stories (all, or one by slug) as ninjs 3.1 NDJSON to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--story", metavar="SLUG", help="Export only the published story with this slug.")

    def handle(self, *args, story=None, **options):
        stories = Story.objects.published()
        if story:
            stories = stories.filter(slug=story)
            if not stories.exists():
                raise CommandError(f"No published story has the slug “{story}”.")
        base_url = settings.NEWSROOM_SITE_URL.rstrip("/")
        last_pk = 0
        while True:
            keys = list(stories.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not keys:
                break
            for item in stories_for_api(Story.objects.all()).filter(pk__in=keys).order_by("pk"):
                document = story_ninjs(item, base_url=base_url, with_originals=True)
                self.stdout.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
            last_pk = keys[-1]
