from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Defences that span the site: the login lockout page and the content security policy's reports."""

    name = "articles.security"
    verbose_name = _("Security")
