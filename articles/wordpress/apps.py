from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """WordPress (WXR) import: posts, authors, categories, tags and media in, old permalinks kept."""

    name = "articles.wordpress"
    label = "wordpress"
    verbose_name = _("WordPress import")
