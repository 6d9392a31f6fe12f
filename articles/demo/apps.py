from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo newsroom's content and its seed command; installed only where the demo runs."""

    name = "articles.demo"
    verbose_name = _("Demo newsroom")
