"""Fill the configured database with a large published archive, for timing pages at scale.

Run from the project root, on a throwaway database (it creates a missing PostgreSQL database and
migrates it first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/seed_archive.py \
        --stories 100000

It seeds the demo newsroom first (sections, authors, a few library photos with their renditions,
the demo logins), then bulk-creates `--stories` published stories spread over those sections,
authors and a set of topics, each with one byline, two topics, one text block and, for most, one
of the demo photos as lead photo: no photo file is made. Rows go in with bulk_create in batches,
so 100,000 stories take about a minute; their search documents are then written in batches by
`search_index_rebuild` (bulk_create passes no service).

A script under bench/ rather than a management command of the demo app: the demo app ships a
newsroom someone can try, this makes a hundred thousand throwaway rows that only a benchmark wants.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta

from archive_pages_bench import setup_django

TOPICS = [
    "Budget",
    "Elections",
    "Transport",
    "Housing",
    "Schools",
    "Climate",
    "Health",
    "Courts",
    "Football",
    "Theatre",
    "Markets",
    "Energy",
]
WORDS = (
    "council harbour ferry budget vote school hospital court river bridge festival market "
    "energy storm library tram housing tenants museum orchestra election mayor union strike"
).split()


def seed_archive(*, stories: int, batch_size: int = 2000) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from articles.demo.seed import demo_seed
    from articles.photos.models import Photo
    from articles.stories.models import Author, Byline, Section, Story
    from articles.stories.models.blocks import RichText

    started = time.perf_counter()
    demo_seed(password="newsroom-demo")  # the demo logins of a throwaway database
    sections = list(Section.objects.order_by("pk"))
    authors = list(Author.objects.order_by("pk"))
    photos = list(Photo.objects.filter(renditions__isnull=False).distinct().order_by("pk")[:6])
    tags = [Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in TOPICS]
    story_type = ContentType.objects.get_for_model(Story)
    print(
        f"demo seeded in {time.perf_counter() - started:.1f}s: {len(sections)} sections, "
        f"{len(authors)} authors, {len(photos)} photos with renditions"
    )

    now = timezone.now()
    done = Story.objects.filter(slug__startswith="archive-").count()
    for start in range(done, stories, batch_size):
        numbers = range(start, min(start + batch_size, stories))
        with transaction.atomic():
            batch = Story.objects.bulk_create(
                [
                    Story(
                        headline=f"{WORDS[n % len(WORDS)].title()} {WORDS[n * 7 % len(WORDS)]} story {n}",
                        deck=f"The {WORDS[n * 3 % len(WORDS)]} and the {WORDS[n * 5 % len(WORDS)]}.",
                        slug=f"archive-{n}",
                        section=sections[n % len(sections)],
                        lead_photo=photos[n % len(photos)] if photos and n % 5 else None,
                        status=Story.Status.PUBLISHED,
                        # One story every five minutes back in time; the newest first.
                        published_at=now - timedelta(minutes=5 * n + 60),
                        created_at=now - timedelta(minutes=5 * n + 90),
                    )
                    for n in numbers
                ]
            )
            Byline.objects.bulk_create(
                [
                    Byline(story=story, author=authors[n % len(authors)], position=1)
                    for n, story in zip(numbers, batch, strict=True)
                ]
            )
            TaggedItem.objects.bulk_create(
                [
                    TaggedItem(content_type=story_type, object_id=story.pk, tag=tags[(n + shift) % len(tags)])
                    for n, story in zip(numbers, batch, strict=True)
                    for shift in (0, 5)
                ]
            )
            RichText.objects.bulk_create(
                [
                    RichText(
                        parent=story,
                        region="body",
                        ordering=10,
                        text=" ".join(
                            f"<p>The {WORDS[(n + i) % len(WORDS)]} met the {WORDS[(n * i) % len(WORDS)]} "
                            f"on day {i} of the {WORDS[(n + 2 * i) % len(WORDS)]} inquiry.</p>"
                            for i in range(8)
                        ),
                    )
                    for n, story in zip(numbers, batch, strict=True)
                ]
            )
        print(f"{numbers[-1] + 1} stories ({time.perf_counter() - started:.0f}s)", flush=True)
    from django.db import connection

    from articles.search.services import search_index_rebuild

    def indexing_progress(done: int, total: int) -> None:
        if done % 10_000 == 0 or done == total:
            print(f"{done} of {total} stories indexed ({time.perf_counter() - started:.0f}s)", flush=True)

    # bulk_create bypasses the services, so the search documents are written here, in batches.
    indexed = search_index_rebuild(progress=indexing_progress)
    print(f"search index of {indexed} stories written ({time.perf_counter() - started:.0f}s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"archive of {Story.objects.count()} stories ready in {time.perf_counter() - started:.1f}s")


def create_database_if_missing() -> None:
    """Create the PostgreSQL database DATABASE_URL names when the server has none of that name.

    SQLite creates its file on the first connection; the server needs a CREATE DATABASE first.
    """
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as error:
        if connection.vendor != "postgresql" or "does not exist" not in str(error):
            raise
        name = connection.settings_dict["NAME"]
        # The connection Django itself uses to create a test database: to the server, not to `name`.
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        print(f"Created the database {name}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000, help="How many stories (default 100000).")
    arguments = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    create_database_if_missing()
    # With the bench's settings (DEBUG off, a bench SECRET_KEY), which a bare manage.py would refuse.
    call_command("migrate", verbosity=0)
    seed_archive(stories=arguments.stories)


if __name__ == "__main__":
    main()
