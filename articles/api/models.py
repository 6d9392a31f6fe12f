"""Partner tokens for the write API, and the wire items each ingested story came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    INGEST_DRAFT = "ingest:draft", _("Send stories in as drafts")
    INGEST_PHOTOS = "ingest:photos", _("Send photos with the stories")
    PUBLISH = "publish", _("Publish ingested stories (editors' accounts only)")


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        """Tokens that have not been revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    name = models.CharField(
        _("partner"), max_length=120, help_text=_('Who uses the token, for example "Reuters wire".')
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_(
            "The staff account the partner's requests act as. They can do no more than this account may: "
            "a token acting as a Reporter can never publish, whatever its scopes."
        ),
    )
    section = models.ForeignKey(
        "stories.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Stories arrive in this section unless they name another section that exists."),
    )
    scopes = models.JSONField(
        _("scopes"),
        default=list,
        blank=True,
        help_text=_("What the token may do, on top of what its account may do."),
    )
    prefix = models.CharField(
        _("token starts with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it; the rest is never stored."),
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        _("revoked at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A revoked token is refused at once, and cannot be brought back: issue a new one."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["secret_hash"], name="api_token_secret_unique"),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="api_token_name_not_empty",
                violation_error_message="A token needs the name of the partner who uses it.",
                violation_error_code="name_empty",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IngestedItem(models.Model):
    """The wire item (ninjs `uri` and `version`) a story was made from: what makes ingest idempotent."""

    uri = models.CharField(_("item URI"), max_length=500)
    version = models.PositiveIntegerField(
        _("version"), help_text=_("The newest version received; an older one is refused.")
    )
    story = models.OneToOneField(
        "stories.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="ingested_item"
    )
    token = models.ForeignKey(
        ApiToken,
        verbose_name=_("sent with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        help_text=_("Empty for items read by `manage.py import_ninjs`."),
    )
    received_at = models.DateTimeField(_("first received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last received"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        get_latest_by = "updated_at"
        verbose_name = _("ingested item")
        verbose_name_plural = _("ingested items")
        constraints = [models.UniqueConstraint(fields=["uri"], name="ingested_item_uri_unique")]

    def __str__(self):
        return f"{self.uri} v{self.version}"
