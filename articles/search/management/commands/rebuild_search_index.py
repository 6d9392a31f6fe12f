from django.core.management.base import BaseCommand

from articles.search.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Write the search document of every story. Run it once after installing search, and after "
        "loading stories by any route that bypasses the services (bulk loads, imports, restored dumps)."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} of {total} stories")

        written = search_index_rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {written} stories."))
