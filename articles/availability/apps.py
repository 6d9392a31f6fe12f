from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvailabilityConfig(AppConfig):
    """Staying up: health checks for load balancers, and plain 503s while the database is away."""

    name = "articles.availability"
    verbose_name = _("Availability")
