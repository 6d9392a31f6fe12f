"""Import generated WordPress exports of 2,000 and 10,000 posts; print posts/s and peak memory.

Run from the project root:  .venv/bin/python bench/wordpress_import.py [--posts 10000 --images 2000]

Each export is a WXR 1.2 file in WordPress 6's structure (tests/wordpress/exports.py writes it):
posts by 20 authors in 12 categories with 2 of 200 tags each, 9 in 10 published, the rest
drafts, pending and scheduled; half Gutenberg (paragraphs, a heading, a quote block, a list), half
classic (wpautop paragraphs, a <blockquote>); one post in five shows one of the images (a
Gutenberg image block or a [caption] shortcode) and has it as its featured image. The images are
small JPEGs drawn with Pillow into an uploads folder. Files live in var/wordpress-bench/.

Each size is imported by `import_wordpress`'s service in a fresh child process, into a scratch
SQLite database of its own, with the production task setting of a worker that is not running
(the tasks are queued and left): so the photo phase is ingest only, and the import then makes the
renditions itself, timed as a phase of its own. posts/s is the post phase alone: every post
through story_import (saved straight into its state with its blocks, topics and old addresses,
one revision, one audit entry and one search document), committed 50 posts at a time. Peak RSS
is the child's maximum resident set; the smaller export shows whether memory grows with the file
(it should not: the XML is streamed).
The target (issue 14): at least 50 posts/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "wordpress-bench"
TARGET_POSTS_PER_SECOND = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=2_000)
    parser.add_argument("--child", nargs=2, metavar=("EXPORT", "FOLDER"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(Path(arguments.child[0]), Path(arguments.child[1]))
        return

    shutil.rmtree(WORK, ignore_errors=True)
    sizes = [(arguments.posts // 5, arguments.images // 5), (arguments.posts, arguments.images)]
    results = []
    for posts, images in sizes:
        folder = WORK / f"{posts}-posts"
        started = time.perf_counter()
        export = generate(folder, posts=posts, images=images)
        megabytes = export.stat().st_size / 2**20
        print(
            f"Wrote {export.relative_to(ROOT)}: {posts} posts, {images} images, {megabytes:.1f} MiB "
            f"in {time.perf_counter() - started:.0f} s; importing …",
            flush=True,
        )
        finished = subprocess.run(
            [sys.executable, __file__, "--child", str(export), str(folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if finished.returncode:
            sys.exit(f"The import of {posts} posts failed:\n{finished.stderr[-3000:]}")
        result = json.loads(finished.stdout.strip().splitlines()[-1])
        result.update(posts=posts, images=images, megabytes=megabytes)
        results.append(result)
        report(result)
    small, large = results
    growth = large["peak_rss_mib"] - small["peak_rss_mib"]
    print(
        f"\nmemory: peak RSS {small['peak_rss_mib']:.0f} MiB for a {small['megabytes']:.1f} MiB export, "
        f"{large['peak_rss_mib']:.0f} MiB for {large['megabytes']:.1f} MiB "
        f"({growth:+.0f} MiB for {large['megabytes'] / small['megabytes']:.1f}× the file)"
    )
    rate = large["posts_per_second"]
    verdict = "PASS" if rate >= TARGET_POSTS_PER_SECOND else "MISS"
    print(
        f"target ≥ {TARGET_POSTS_PER_SECOND} posts/s (renditions excluded): {rate:.1f} posts/s — {verdict} "
        f"({large['posts_per_cpu_second']:.1f} posts per CPU second)"
    )


def report(result: dict) -> None:
    phases = ", ".join(
        f"{name} {seconds:.1f} s ({result['cpu_seconds'][name]:.1f} s CPU)"
        for name, seconds in result["seconds"].items()
    )
    print(
        f"  {result['posts']} posts: {result['posts_per_second']:.1f} posts/s in the post phase "
        f"({result['posts_per_cpu_second']:.1f} per CPU second of this process; load average "
        f"{result['load_average']:.1f} on {os.cpu_count()} CPUs); peak RSS {result['peak_rss_mib']:.0f} MiB "
        f"(after Django setup {result['setup_rss_mib']:.0f} MiB)"
    )
    print(f"  phases: {phases}")
    print(f"  counts: {json.dumps(result['counts'], ensure_ascii=False)}; problems: {result['problems']}")


def generate(folder: Path, *, posts: int, images: int) -> Path:
    """The export and its uploads folder of drawn pictures."""
    sys.path.insert(0, str(ROOT))
    from PIL import Image, ImageDraw

    from tests.wordpress.exports import SITE, Item, attachment, wxr_document

    uploads = folder / "uploads"
    rng = random.Random(14)
    items = []
    for number in range(images):
        relative = f"{2015 + number % 10}/{1 + number % 12:02}/picture-{number}.jpg"
        path = uploads / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        picture = Image.new("RGB", (480, 320), (number * 37 % 256, number * 59 % 256, number * 83 % 256))
        draw = ImageDraw.Draw(picture)
        for cell in range(24):  # a layout of its own per number: distinct files, distinct hashes
            if (number * 2654435761 >> cell) & 1:
                x, y = (cell % 6) * 80, (cell // 6) * 80
                draw.rectangle((x, y, x + 80, y + 80), fill=(rng.randrange(256), 30, 30))
        picture.save(path, format="JPEG", quality=70)
        items.append(
            attachment(
                100_000 + number,
                relative,
                caption=f"Picture {number} of the harbour",
                description=f"Photographer {number % 40}/Gazette",
                alt=f"Boats in the harbour, view {number}",
            )
        )
    statuses = ["publish"] * 90 + ["draft"] * 5 + ["pending"] * 2 + ["future"] * 3
    for number in range(posts):
        image = 100_000 + number // 5 if number % 5 == 0 and number // 5 < images else None
        status = statuses[number % 100]
        day = f"{2015 + number % 10}-{1 + number % 12:02}-{1 + number % 28:02}"
        date = "2099-06-01 08:00:00" if status == "future" else f"{day} {number % 24:02}:15:00"
        slug = f"story-number-{number}"
        items.append(
            Item(
                post_id=number + 1,
                title=f"Story number {number}: the harbour’s week",
                status=status,
                creator=f"author{number % 20}",
                post_name=slug,
                date_gmt=date,
                link=f"{SITE}/{day.replace('-', '/')}/{slug}/",
                excerpt="What changed this week at the harbour.",
                content=(gutenberg if number % 2 else classic)(number, image),
                categories=[(f"desk-{number % 12}", f"Desk {number % 12}")],
                tags=[(f"topic-{(number * 7 + k) % 200}", f"Topic {(number * 7 + k) % 200}") for k in (0, 1)],
                meta={"_thumbnail_id": str(image)} if image else {},
            )
        )
    authors = [(n, f"author{n}", f"Author Number {n}") for n in range(20)]
    categories = [(n, f"desk-{n}", f"Desk {n}") for n in range(12)]
    export = folder / "export.xml"
    export.write_text(wxr_document(items, authors=authors, categories=categories, tags=[]), encoding="utf-8")
    return export


def gutenberg(number: int, image: int | None) -> str:
    blocks = [
        f"<!-- wp:paragraph -->\n<p>Paragraph one of story {number}: the ferry ran late, "
        "the café stayed open and the council met.</p>\n<!-- /wp:paragraph -->",
        '<!-- wp:heading {"level":3} -->\n<h3 class="wp-block-heading">What next</h3>\n<!-- /wp:heading -->',
        '<!-- wp:paragraph -->\n<p>A second paragraph with a <a href="https://example.org">link</a>.</p>\n'
        "<!-- /wp:paragraph -->",
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->\n<p>We will keep '
        "going.</p>\n<!-- /wp:paragraph --><cite>A harbour worker</cite></blockquote>\n<!-- /wp:quote -->",
        '<!-- wp:list -->\n<ul class="wp-block-list"><!-- wp:list-item -->\n<li>One</li>\n'
        "<!-- /wp:list-item --><!-- wp:list-item -->\n<li>Two</li>\n<!-- /wp:list-item --></ul>\n"
        "<!-- /wp:list -->",
    ]
    if image:
        blocks.insert(
            1,
            f'<!-- wp:image {{"id":{image}}} -->\n<figure class="wp-block-image"><img '
            f'src="/wp-content/uploads/x.jpg" class="wp-image-{image}"/><figcaption>Seen from the '
            "pier</figcaption></figure>\n<!-- /wp:image -->",
        )
    return "\n\n".join(blocks)


def classic(number: int, image: int | None) -> str:
    parts = [
        f"Story {number} begins here: the ferry ran late,\nand the café stayed open.",
        "<blockquote>We will keep going.</blockquote>",
        "The council meets on Tuesday.",
    ]
    if image:
        parts.insert(
            1,
            f'[caption id="attachment_{image}" width="480"]<img class="wp-image-{image}" '
            'src="/wp-content/uploads/x.jpg" /> Seen from the pier[/caption]',
        )
    return "\n\n".join(parts)


def child(export: Path, folder: Path) -> None:
    """One import in this process: a scratch database, then the service, timed by phase."""
    os.environ.update(
        # Production settings (DEBUG would keep a log of every query), with throw-away values.
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="localhost",
        EMAIL_URL="consolemail://",
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        MEDIA_ROOT=f"{folder}/media",
        PRIVATE_MEDIA_ROOT=f"{folder}/private-media",
        LOG_LEVEL="WARNING",
        # A worker's queue that nothing runs: renditions are the worker's, not the import's phase.
        TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
        PHOTO_RENDITION_WIDTHS="480",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from articles.wordpress.importer import wordpress_import

    call_command("migrate", verbosity=0)
    editor = get_user_model().objects.create_user(username="bench-editor", password="unused-bench-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    setup_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = wordpress_import(export_path=export, media_dir=folder / "uploads", user=editor)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    posts_seconds = result.seconds["posts"]
    created = result.counts["stories created"]
    print(
        json.dumps(
            {
                "seconds": result.seconds,
                "counts": dict(result.counts),
                "problems": len(result.problems),
                "posts_per_second": created / posts_seconds if posts_seconds else 0,
                "cpu_seconds": result.cpu_seconds,
                "posts_per_cpu_second": created / result.cpu_seconds["posts"]
                if result.cpu_seconds["posts"]
                else 0,
                "load_average": os.getloadavg()[0],
                "peak_rss_mib": peak_kib / 1024,
                "setup_rss_mib": setup_kib / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
