"""Ingest 50 photos of 24 megapixels each and print seconds per photo and peak memory.

Run from the project root:  .venv/bin/python bench/ingest_bench.py [--photos 50]

Each photo goes through the real path: `photo_ingest` (content inspection,
checksum, perceptual hash, IPTC/XMP reading, storage) and then every rendition the
settings ask for (sizes, formats and crops as in production), timed together.
The source JPEGs (6000×4000) are drawn beforehand in a child process, so their
drawing is neither timed nor counted in this process's peak memory. Everything
runs against a throw-away SQLite database and media folder.
"""

import argparse
import logging
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6000, 4000


def draw_sources(folder: str, count: int) -> None:
    from PIL import Image, ImageDraw, ImageFilter

    for number in range(count):
        rng = random.Random(number)
        image = Image.linear_gradient("L").resize((WIDTH, HEIGHT)).convert("RGB")
        draw = ImageDraw.Draw(image)
        for _ in range(40):
            x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
            w, h = rng.randrange(200, 2500), rng.randrange(200, 2000)
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=colour)
        image = image.filter(ImageFilter.GaussianBlur(2))
        # Sensor-like grain, so the JPEGs weigh what camera files weigh (several MiB).
        grain = Image.effect_noise((WIDTH, HEIGHT), 48).convert("RGB")
        image = Image.blend(image, grain, 0.12)
        image.save(Path(folder) / f"wire-{number:03}.jpg", format="JPEG", quality=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="Keep the work folder.")
    arguments = parser.parse_args()

    work = tempfile.mkdtemp(prefix="newsroom-bench-")
    try:
        run(work, arguments.photos)
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(work: str, count: int) -> None:
    sources = Path(work) / "sources"
    sources.mkdir()
    print(f"Drawing {count} source photos of {WIDTH}×{HEIGHT} in {work} …", flush=True)
    drawer = multiprocessing.get_context("spawn").Process(target=draw_sources, args=(sources, count))
    drawer.start()
    drawer.join()
    if drawer.exitcode:
        sys.exit("Drawing the source photos failed.")

    os.environ.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{work}/bench.sqlite3",
        MEDIA_ROOT=f"{work}/media",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files import File
    from django.core.management import call_command

    from articles.photos.services import photo_ingest

    call_command("migrate", verbosity=0)
    desk = get_user_model().objects.create_user(username="bench", password="unused-bench-password")
    desk.groups.add(Group.objects.get(name="Photo desk"))

    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, statuses, renditions = [], {}, 0
    for path in sorted(sources.iterdir()):
        with path.open("rb") as handle:
            started = time.perf_counter()
            # Outside any transaction the rendition task (ImmediateBackend) runs as
            # soon as the ingest commits, so this times ingest plus renditions.
            result = photo_ingest(file=File(handle, name=path.name), uploaded_by=desk)
            seconds.append(time.perf_counter() - started)
        statuses[str(result.status)] = statuses.get(str(result.status), 0) + 1
        if result.photo is not None and result.status == "created":
            renditions += result.photo.renditions.count()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    size_mib = statistics.mean(p.stat().st_size for p in sources.iterdir()) / 2**20
    print(
        f"photos: {len(seconds)} of {WIDTH}×{HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP, "
        f"{size_mib:.1f} MiB JPEG on average)"
    )
    print(
        f"results: {statuses}; renditions made: {renditions} "
        f"({renditions / max(1, statuses.get('created', 1)):.0f} per photo)"
    )
    print(
        f"seconds per photo (ingest + renditions): mean {statistics.mean(seconds):.2f}, "
        f"median {statistics.median(seconds):.2f}, min {min(seconds):.2f}, max {max(seconds):.2f}; "
        f"total {sum(seconds):.1f}"
    )
    print(
        f"peak memory of the process (max RSS): {peak_mib:.0f} MiB "
        f"(after Django setup: {baseline_kib / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
