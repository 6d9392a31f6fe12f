from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.demo.seed import DEMO_LOGINS, demo_seed
from articles.photos.progress import ProgressStream

# Printed by the command for anyone to use: it guards demo logins only, never real ones.
DEFAULT_PASSWORD = "newsroom-demo"  # noqa: S105
DEVELOPMENT_SERVER = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Fill the database with a demo newsroom (sections, authors, photos, ~30 stories) and the demo "
        "logins editor, reporter and photodesk. Safe to run again: it changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f'Password for the demo logins (default "{DEFAULT_PASSWORD}").',
        )
        parser.add_argument(
            "--site",
            default=DEVELOPMENT_SERVER,
            help=f"The address the printed links point at (default {DEVELOPMENT_SERVER}).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args, password, site, no_progress, **options):
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(f"The demo password is too weak: {' '.join(error.messages)}") from error
        try:
            report = demo_seed(
                password=password, progress_file=None if no_progress else ProgressStream(self.stderr)
            )
        except ValidationError as error:
            raise CommandError(
                f"The demo newsroom could not be seeded: {' '.join(error.messages)}"
            ) from error

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {report.sections} sections, {report.authors} authors, "
                f"{report.photos} photos, {report.stories} stories ({report.published} published, "
                f"{report.scheduled} scheduled, {report.drafts} drafts); "
                f"{report.rows_written} rows written."
            )
        )
        site = site.rstrip("/")
        self.stdout.write(f"Reader site: {site}/")
        editor, *others = DEMO_LOGINS
        admin_url = f"{site}{reverse('admin:index')}"
        self.stdout.write(f"Editor login: {admin_url}  user: {editor}  password: {password}")
        self.stdout.write(f"Also: {' and '.join(others)} (same password) to try the other newsroom roles.")
