"""Who asked for alerts and what they follow, the alerts stories send, and each recipient's delivery.

Subscriber → Follow (breaking news, a section, a topic or an author) and PushSubscription (a
browser). Alert: one per story at most. Delivery: one row per alert and recipient, the state
machine that makes sending exactly-once (docs/alerts.md, "Delivery guarantees").
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.stories.models import Author, Section, Story


class Subscriber(models.Model):
    """A reader who asked for breaking-news alerts by email (see the subscriber_* services)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("As soon as a story is published")
        DAILY = "daily", _("One daily digest")

    email = models.EmailField(_("email address"), max_length=254, help_text=_("Stored in lower case."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PENDING,
        help_text=_("Alerts go only to confirmed subscribers, who followed the link in their email."),
    )
    frequency = models.CharField(
        _("new stories"),
        max_length=20,
        choices=Frequency,
        default=Frequency.IMMEDIATELY,
        help_text=_("How stories in what they follow reach them. Breaking-news alerts always go at once."),
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True, editable=False)
    bouncing_at = models.DateTimeField(
        _("address refused at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when a mail server refused this address for good; no more email goes to it."),
    )
    bounce_reason = models.CharField(_("refusal"), max_length=300, blank=True, editable=False)
    # Kept only until the address is confirmed, or ALERTS_SIGNUP_DETAILS_DAYS (privacy, docs/alerts.md).
    signup_ip = models.GenericIPAddressField(_("signup address"), null=True, blank=True, editable=False)
    signup_user_agent = models.CharField(_("signup browser"), max_length=300, blank=True, editable=False)

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


class FollowQuerySet(models.QuerySet):
    def active(self) -> "FollowQuerySet":
        """Follows the reader confirmed (by their first confirmation or a later link)."""
        return self.filter(confirmed_at__isnull=False)


class Follow(models.Model):
    """One thing a subscriber follows: breaking news, a section, a topic or an author."""

    class Kind(models.TextChoices):
        BREAKING = "breaking", _("Breaking news")
        SECTION = "section", _("Section")
        TOPIC = "topic", _("Topic")
        AUTHOR = "author", _("Author")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="follows", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("follows"), max_length=20, choices=Kind)
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("section")
    )
    topic = models.ForeignKey(
        Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("topic")
    )
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(
        _("confirmed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Alerts follow only confirmed follows: the reader clicked the link we emailed."),
    )

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["subscriber", "created_at"]
        get_latest_by = "created_at"
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="breaking", section=None, topic=None, author=None)
                    | models.Q(kind="section", section__isnull=False, topic=None, author=None)
                    | models.Q(kind="topic", topic__isnull=False, section=None, author=None)
                    | models.Q(kind="author", author__isnull=False, section=None, topic=None)
                ),
                name="follow_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["subscriber"], condition=models.Q(kind="breaking"), name="follow_breaking_once"
            ),
            models.UniqueConstraint(fields=["subscriber", "section"], name="follow_section_once"),
            models.UniqueConstraint(fields=["subscriber", "topic"], name="follow_topic_once"),
            models.UniqueConstraint(fields=["subscriber", "author"], name="follow_author_once"),
        ]
        indexes = [
            models.Index(fields=["section"], name="follow_by_section"),
            models.Index(fields=["topic"], name="follow_by_topic"),
            models.Index(fields=["author"], name="follow_by_author"),
        ]

    def __str__(self):
        return self.label()

    def target(self) -> Section | Tag | Author | None:
        return self.section or self.topic or self.author

    def label(self) -> str:
        """What a reader reads: "Breaking news", or the section's, topic's or author's name."""
        target = self.target()
        return str(self.Kind.BREAKING.label) if target is None else target.name


class PushSubscription(models.Model):
    """A browser that asked for notifications (Web Push, RFC 8030), for one subscriber's follows."""

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("subscriber"),
    )
    endpoint = models.URLField(_("push service address"), max_length=1000, unique=True)
    p256dh = models.CharField(_("browser public key"), max_length=200)
    auth = models.CharField(_("browser auth secret"), max_length=100)
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("browser notification subscription")
        verbose_name_plural = _("browser notification subscriptions")

    def __str__(self):
        return self.endpoint[:60]

    def subscription_info(self) -> dict:
        """The subscription as the browser's PushSubscription.toJSON() gave it (what pywebpush takes)."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class AlertQuerySet(models.QuerySet):
    def unfinished(self) -> "AlertQuerySet":
        """Alerts still being sent (their deliveries may need a worker)."""
        return self.filter(status=Alert.Status.SENDING)


class Alert(models.Model):
    """What a story sends its readers when it goes live: a breaking-news alert or a "new story" note.

    One per story at most (a story alerts once). Made when the story is published or
    scheduled; sent by the worker when the story goes live (articles/alerts/tasks.py).
    """

    class Kind(models.TextChoices):
        BREAKING = "breaking", _("Breaking-news alert")
        NEW_STORY = "story", _("New story for followers")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the story to go live")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    story = models.OneToOneField(
        Story, on_delete=models.CASCADE, related_name="alert", verbose_name=_("story")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.CharField(
        _("alert text"), max_length=200, help_text=_("What the notification says; the headline by default.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    send_after = models.DateTimeField(_("goes out at"), help_text=_("The story's publication time."))
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)
    audience_size = models.PositiveIntegerField(_("audience"), default=0)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-send_after"]
        get_latest_by = "send_after"
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="alert_text_not_empty"),
        ]

    def __str__(self):
        return self.text


class Delivery(models.Model):
    """One alert to one recipient (an address, or a browser), and how far its sending got.

    pending → sending (claimed by a worker with a claim token) → sent | failed. A row is
    unique per alert and recipient, so nobody is in an alert's audience twice.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PUSH = "push", _("Browser notification")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("alert")
    )
    # Rows outlive a reader who deletes their data or a browser that is dropped, anonymised, so an
    # alert's counts stay right.
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    push_subscription = models.ForeignKey(
        PushSubscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("browser"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    in_digest = models.BooleanField(
        _("in the daily digest"), default=False, help_text=_("Sent with the reader's next daily digest.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    claim_token = models.CharField(_("claim"), max_length=32, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["alert", "pk"]
        get_latest_by = "sent_at"
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "subscriber"],
                condition=models.Q(channel="email"),
                name="delivery_email_once",
            ),
            models.UniqueConstraint(
                fields=["alert", "push_subscription"],
                condition=models.Q(channel="push"),
                name="delivery_push_once",
            ),
            models.CheckConstraint(
                condition=models.Q(channel="email", push_subscription=None)
                | models.Q(channel="push", in_digest=False),
                name="delivery_channel_matches",
            ),
        ]
        indexes = [
            models.Index(fields=["alert", "channel", "state"], name="delivery_queue"),
            models.Index(fields=["state", "in_digest", "subscriber"], name="delivery_digest_queue"),
        ]

    def __str__(self):
        return f"{self.alert} → {self.subscriber or _('(deleted reader)')}"


class DailyRun(models.Model):
    """The day a daily alerts task (digests, privacy clean-up) was enqueued for: one task per day.

    The task re-enqueues itself for the next day (no cron); this row stops a second chain starting.
    """

    day = models.DateField(_("day"), unique=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        get_latest_by = "day"
        verbose_name = _("daily alerts run")
        verbose_name_plural = _("daily alerts runs")

    def __str__(self):
        return str(self.day)
