from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    """A reader who asked for breaking-news alerts by email (see the subscriber_* services)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), max_length=254, help_text=_("Stored in lower case."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PENDING,
        help_text=_("Alerts go only to confirmed subscribers, who followed the link in their email."),
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("alerts subscriber")
        verbose_name_plural = _("alerts subscribers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="subscriber_confirmed_has_time",
            ),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
