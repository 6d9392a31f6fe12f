"""What a forced per-request transaction (ATOMIC_REQUESTS) costs reader GETs.

Seeds the demo into a throwaway SQLite file (or uses DATABASE_URL), then renders the
home page and a story page N times in one process through Django's test client,
with ATOMIC_REQUESTS off (Newsroom's setting) and on, and prints the mean time per
request and the queries each ran. Run: python bench/request_transaction_bench.py
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count_queries(connection, client, url: str) -> int:
    """Queries one request runs, counted by a wrapper (request_started empties connection.queries)."""
    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(seen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-never-used-in-production",
        EMAIL_URL="memorymail://",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        NEWSROOM_DEMO="true",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(work / "media"),
        PRIVATE_MEDIA_ROOT=str(work / "private"),
        PHOTO_RENDITION_WIDTHS="480,960",
        STATIC_ROOT=str(work / "static"),
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from articles.stories.models import Story

    try:
        call_command("collectstatic", "--no-input", verbosity=0)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--no-progress", verbosity=0, stdout=open(os.devnull, "w"))
        story_url = Story.objects.published().latest().get_absolute_url()
        client = Client()
        for atomic in (False, True):
            connections["default"].settings_dict["ATOMIC_REQUESTS"] = atomic
            for url in ("/", story_url):
                client.get(url)  # warm caches and templates
                queries = count_queries(connection, client, url)
                seconds = []
                for _ in range(arguments.requests):
                    started = time.perf_counter()
                    response = client.get(url)
                    seconds.append(time.perf_counter() - started)
                    assert response.status_code == 200
                print(
                    f"ATOMIC_REQUESTS={atomic!s:5} {url[:40]:40} "
                    f"{statistics.mean(seconds) * 1000:6.2f} ms mean, "
                    f"{statistics.median(seconds) * 1000:6.2f} ms median, {queries} queries"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
