from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    """Sections, authors, stories and their body blocks, and who may see a story."""

    name = "articles.stories"
    verbose_name = _("Stories")
