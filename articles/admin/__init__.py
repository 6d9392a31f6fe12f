"""The editors' admin. Importing the modules registers their ModelAdmins."""

from articles.admin import alerts, directory, photo, story

__all__ = ["alerts", "directory", "photo", "story"]
