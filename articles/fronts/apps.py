from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontsConfig(AppConfig):
    """Front-page curation: the pinned lead and ordered top slots of the home page and each section."""

    name = "articles.fronts"
    verbose_name = _("Fronts")
