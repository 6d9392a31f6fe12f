from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search of stories: one stored document per story, PostgreSQL full text or SQLite FTS5."""

    name = "articles.search"
    verbose_name = _("Search")
