"""`manage.py import_ninjs archive.ndjson --user NAME [--publish]`: ninjs NDJSON in, through the wire ingest.

Each line goes through `story_ingest`, as a partner's item would, acting as `--user`; re-running
the same file changes nothing. Sections the items name are created. With `--publish`, each story
is published at its `firstCreated` time through `story_publish` (the user must be an editor).
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError as ItemInvalid

from articles.api.ingest import first_created, story_ingest
from articles.api.refusals import IngestRefused
from articles.api.schemas import NinjsItemIn
from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions
from articles.stories.models import InlinePhoto, Story
from articles.workflow.services import story_publish


class Command(BaseCommand):
    help = "Read ninjs items, one JSON object a line, into draft (or, with --publish, published) stories."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The NDJSON file, as written by export_ninjs.")
        parser.add_argument("--user", required=True, help="The staff account the import acts as.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish each story at its firstCreated time."
        )

    def handle(self, *args, path, user, publish, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"There is no account “{user}”.")
        counts = {"created": 0, "revised": 0, "unchanged": 0, "refused": 0, "published": 0}
        try:
            stream = open(path, encoding="utf-8")  # closed by the with below
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    item = NinjsItemIn.model_validate(json.loads(line))
                    outcome = story_ingest(
                        item=item,
                        user=account,
                        token=None,
                        section=None,
                        allow_photos=True,
                        create_sections=True,
                    )
                except json.JSONDecodeError as error:
                    self._refused(counts, number, f"not JSON ({error.msg})")
                    continue
                except ItemInvalid as error:
                    self._refused(counts, number, "; ".join(problem["msg"] for problem in error.errors()))
                    continue
                except IngestRefused as error:
                    self._refused(counts, number, error.message)
                    continue
                counts[outcome.status] += 1
                if publish and outcome.story.status != Story.Status.PUBLISHED:
                    counts["published"] += self._publish(outcome.story, account, first_created(item), number)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Read {path}: {summary}.")

    def _refused(self, counts, number, reason):
        counts["refused"] += 1
        self.stderr.write(f"Line {number} was not imported: {reason}")

    def _publish(self, story, account, at, number) -> int:
        # Renditions are the worker's job after each upload; a story is published only once its
        # photos have them, so any still waiting are made here, as the worker would make them.
        photo_ids = {
            story.lead_photo_id,
            *InlinePhoto.objects.filter(parent=story).values_list("photo", flat=True),
        }
        for photo in Photo.objects.filter(pk__in=photo_ids - {None}).exclude(
            renditions_status=Photo.RenditionsStatus.READY
        ):
            photo_create_renditions(photo=photo)
        try:
            story_publish(story=Story.objects.get(pk=story.pk), user=account, at=at)
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.stderr.write(f"Line {number} was imported as a draft, not published: {' '.join(messages)}")
            return 0
        return 1
