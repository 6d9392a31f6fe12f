"""The editors' admin. Importing the modules registers their ModelAdmins."""

from articles.admin import directory, photo, story

__all__ = ["directory", "photo", "story"]
