from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The reader site: pages, feeds, sitemaps, structured data. No models; nothing imports it."""

    name = "articles.reader"
    verbose_name = _("Reader site")

    def ready(self):
        from articles.reader import invalidation

        invalidation.connect()
