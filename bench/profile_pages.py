"""Where the time of one uncached reader page goes: cProfile of the story and home pages.

Run from the project root on a seeded database (bench/seed_archive.py, see its docstring):

    DATABASE_URL=sqlite:///var/profile.sqlite3 .venv/bin/python bench/profile_pages.py --requests 50

Each page is rendered `--requests` times through Django's test client with DEBUG off and no
page cache (as bench/archive_pages_bench.py does), first timed, then under cProfile. It prints
the mean milliseconds and SQL queries per render and the functions with the most time of their
own and the most cumulative time, which is what to cut next.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from archive_pages_bench import WARM_UP, pages, setup_django, uncached_rendering

PROFILED_PAGES = ("story", "home")


def profile(*, requests: int, top: int) -> None:
    from django.db import connection
    from django.test import Client

    # No setup_test_environment(): its template instrumentation would be profiled with the page.
    with uncached_rendering():
        client = Client()
        urls = pages()
        for name in PROFILED_PAGES:
            url = urls[name]
            for _ in range(WARM_UP):
                assert client.get(url).status_code == 200, url
            queries = []

            def count(execute, sql, *args, queries=queries):
                queries.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                client.get(url)
            started = time.process_time()
            for _ in range(requests):
                client.get(url)
            mean = (time.process_time() - started) * 1000 / requests
            print(
                f"\n== {name} page: {mean:.1f} ms of CPU per render, "
                f"{len(queries)} SQL queries ({connection.vendor})"
            )
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests):
                client.get(url)
            profiler.disable()
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
                lines = out.getvalue().splitlines()
                table = lines[next(i for i, line in enumerate(lines) if "ncalls" in line) :]
                print(f"-- by {order} (for {requests} renders)")
                print("\n".join(line[:150] for line in table if line.strip()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="Renders per page (default 50).")
    parser.add_argument("--top", type=int, default=15, help="Functions listed per ordering (default 15).")
    arguments = parser.parse_args()
    setup_django()
    profile(requests=arguments.requests, top=arguments.top)


if __name__ == "__main__":
    main()
