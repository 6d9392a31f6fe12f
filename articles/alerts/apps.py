from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Readers who asked for breaking-news alerts: signup, confirmation, unsubscribe."""

    name = "articles.alerts"
    verbose_name = _("Breaking news alerts")
