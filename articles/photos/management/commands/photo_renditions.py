from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.photos.models import Photo
from articles.photos.progress import ProgressStream
from articles.photos.renditions import photo_create_renditions, photo_prune_renditions


class Command(BaseCommand):
    help = (
        "Create the renditions every library photo is missing (sizes from PHOTO_RENDITION_WIDTHS), "
        "and make again those made from other rights or another focal point (and, once, those made "
        "before renditions recorded what they were made from). "
        "Photos whose renditions are all current are left alone, so it is safe to run again. "
        "With --prune, renditions the settings no longer ask for are deleted too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Also delete renditions (rows and files) of crops, widths or formats no longer configured.",
        )

    def handle(self, *args, no_progress, prune, **options):
        photos = Photo.objects.order_by("pk")
        created = pruned = 0
        for photo in tqdm(
            photos.iterator(),
            total=photos.count(),
            desc="Renditions",
            unit=" photos",
            file=ProgressStream(self.stderr),
            disable=no_progress,
        ):
            if prune:
                pruned += photo_prune_renditions(photo=photo)
            created += len(photo_create_renditions(photo=photo))
        self.stdout.write(self.style.SUCCESS(f"{created} renditions created for {photos.count()} photos."))
        if prune:
            self.stdout.write(self.style.SUCCESS(f"{pruned} renditions no longer configured were deleted."))
