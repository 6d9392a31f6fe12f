"""`manage.py import_wordpress export.xml --media-dir uploads/ --user editor [--dry-run]`.

See docs/wordpress-import.md.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from articles.wordpress.importer import wordpress_import
from articles.wordpress.wxr import WxrError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, Tools → Export → All content): posts become stories, authors "
        "authors, categories sections, tags topics, attachments photos; old permalinks redirect. "
        "Running it again skips what is unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The export file (.xml).")
        parser.add_argument(
            "--media-dir",
            type=Path,
            required=True,
            help="A local copy of the site's wp-content/uploads folder; nothing is downloaded.",
        )
        parser.add_argument(
            "--user",
            help="The editor the import acts as, named on every revision and audit entry it writes "
            "(needed when more than one staff user may publish stories and add photos).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and convert everything, report, write nothing."
        )
        parser.add_argument(
            "--default-credit",
            default="",
            help='Credit for photos whose attachment and file name none, e.g. "Archive" (stories need one).',
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, **options):
        export, media_dir = options["export"], options["media_dir"]
        if not export.is_file():
            raise CommandError(f"There is no export file at {export}.")
        if not media_dir.is_dir():
            raise CommandError(f"There is no media folder at {media_dir} (a copy of wp-content/uploads).")
        user = self.acting_user(options["user"])
        try:
            report = wordpress_import(
                export_path=export,
                media_dir=media_dir,
                user=user,
                dry_run=options["dry_run"],
                default_credit=options["default_credit"].strip(),
                progress_file=None if options["no_progress"] else self.stderr._out,
            )
        except WxrError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)

    def acting_user(self, username: str | None):
        """The user named by --user; without it, the one staff user who may import, if there is one."""
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"There is no active user called {username!r}.")
            return user
        able = [
            user
            for user in users.filter(is_staff=True).order_by("username")
            if user.has_perm("stories.publish_story") and user.has_perm("photos.add_photo")
        ]
        if len(able) == 1:
            self.stderr.write(f"Importing as {able[0].get_username()} (the one editor who may publish).")
            return able[0]
        if not able:
            raise CommandError(
                "No active staff user may publish stories and add photos: create an editor first."
            )
        names = ", ".join(user.get_username() for user in able[:5]) + (" …" if len(able) > 5 else "")
        raise CommandError(f"Name the editor the import acts as with --user (one of {names}).")
