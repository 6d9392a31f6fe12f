from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The content API: published stories as ninjs and plain JSON, wire ingest by partner tokens."""

    name = "articles.api"
    label = "api"
    verbose_name = _("Content API")
