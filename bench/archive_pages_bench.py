"""Uncached reader pages and the admin story list, timed in one process against a large archive.

Run from the project root on a database filled by bench/seed_archive.py:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python \
        bench/archive_pages_bench.py --requests 50

Each page (home, section, topic, author, search and the admin story changelist: whole, by section
and live stories only) is requested
`--requests` times, one at a time, through Django's test client with the whole middleware stack,
DEBUG off and a dummy cache (so no page cache can answer: every request renders), the start-up
objects frozen out of the garbage collector's way as in a gunicorn worker. A few warm-up
requests come first. It prints p50, p99 and the number of SQL queries of each page, and the
slowest query of each page with its time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 3
SCRATCH = Path(tempfile.gettempdir()) / "newsroom-archive-bench"

BENCH_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_URL": "consolemail://",
    "NEWSROOM_DEMO": "true",
    # The demo photos' files go to a scratch folder, never into the working tree.
    "MEDIA_ROOT": str(SCRATCH / "media"),
    "PRIVATE_MEDIA_ROOT": str(SCRATCH / "private-media"),
}


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    for name, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def pages() -> dict[str, str]:
    from django.db.models import Count
    from django.urls import reverse
    from taggit.models import Tag

    from articles.stories.models import Author, Section, Story

    section = Section.objects.annotate(n=Count("stories")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    topic = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    story = Story.objects.published().filter(lead_photo__isnull=False).order_by("-published_at").first()
    return {
        "home": reverse("articles:home"),
        "story": story.get_absolute_url(),
        "section": section.get_absolute_url(),
        "topic": reverse("articles:topic-detail", args=[topic.slug]),
        "author": author.get_absolute_url(),
        # Search: a word in most stories, two words, a phrase, a rare word, an author's name.
        "search word": reverse("articles:search") + "?q=harbour",
        "search 2 words": reverse("articles:search") + "?q=ferry+strike",
        "search phrase": reverse("articles:search") + "?q=%22harbour+ferry%22",
        "search rare": reverse("articles:search") + "?q=31415",
        "search author": reverse("articles:search") + "?q=" + author.name.replace(" ", "+"),
        "admin changelist": reverse("admin:stories_story_changelist"),
        # The story list filtered as editors filter it: one section, live stories only.
        "admin by section": reverse("admin:stories_story_changelist") + f"?section__id__exact={section.pk}",
        "admin published": reverse("admin:stories_story_changelist") + "?state=published",
        "admin search": reverse("admin:stories_story_changelist") + "?q=ferry+strike",
    }


def uncached_rendering():
    """Settings under which every request renders: no page cache, no lockouts, no static manifest."""
    from django.conf import settings
    from django.test import override_settings

    dummy_cache = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # Plain static storage: no collectstatic manifest is needed to render a page.
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    return override_settings(
        CACHES=dummy_cache, READER_PAGE_CACHE_SECONDS=0, STORAGES=storages, AXES_ENABLED=False
    )


def timed_query(queries: list, execute, sql, params, many, context):
    """A database execute wrapper that records (milliseconds, SQL) of each query of one request."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        queries.append(((time.perf_counter() - started) * 1000, sql))


def bench(*, requests: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.stories.models import Story
    from newsroom.request_gc import request_finished, worker_started

    setup_test_environment()
    worker_started()  # as deploy/gunicorn.conf.py's hooks do in each worker
    with uncached_rendering():
        client = Client()
        editor = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.get(
            username="editor"
        )
        print(
            f"{connection.vendor}, {Story.objects.published().count()} published stories, "
            f"{requests} requests per page\n"
        )
        print(f"{'page':<18}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'queries':>9}  slowest query")
        for name, url in pages().items():
            if name.startswith("admin"):
                client.force_login(editor)
            try:
                for _ in range(WARM_UP):
                    assert client.get(url).status_code == 200, url
            except Exception as error:  # one broken page must not hide the others
                print(f"{name:<18}failed: {type(error).__name__}: {str(error)[:150]}")
                client.logout()
                continue
            queries = []
            with connection.execute_wrapper(partial(timed_query, queries)):
                client.get(url)
            slowest_time, slowest_sql = max(queries)
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
                request_finished()
            timings.sort()
            p99 = timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))]
            print(
                f"{name:<18}{statistics.median(timings):>8.1f}{p99:>8.1f}{timings[-1]:>8.1f}"
                f"{len(queries):>9}  {slowest_time:.1f} ms: {' '.join(slowest_sql.split())[:90]}"
            )
            client.logout()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="Requests per page (default 50).")
    arguments = parser.parse_args()
    setup_django()
    bench(requests=arguments.requests)


if __name__ == "__main__":
    main()
