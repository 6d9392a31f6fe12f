"""The editorial workflow around a story: audit trail, revisions, notes and preview links."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Story

PREVIEW_LINK_LIFETIME = timedelta(hours=48)


def new_preview_token() -> str:
    return secrets.token_urlsafe(24)


def default_preview_expiry():
    return timezone.now() + PREVIEW_LINK_LIFETIME


class AuditEntry(models.Model):
    """One workflow step taken on a story; written by the services, never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        CORRECTED = "corrected", _("Correction added")
        UPDATED = "updated", _("Update added")
        RESTORED = "restored", _("Revision restored")
        PREVIEW_SHARED = "preview_shared", _("Preview link created")
        PREVIEW_REVOKED = "preview_revoked", _("Preview link revoked")
        ADDRESS_CHANGED = "address_changed", _("Web address changed")
        RETURNED_TO_DRAFT = "returned_to_draft", _("Returned to draft")
        PHOTO_SWAPPED = "photo_swapped", _("Photo swapped")
        INGESTED = "ingested", _("Received from a partner or an import")
        FRONT_PLACED = "front_placed", _("Placed on a front")  # by articles/fronts
        FRONT_CHANGE_CANCELLED = "front_cancelled", _("Scheduled front change cancelled")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=30, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_name = models.CharField(
        _("by (name)"), max_length=150, blank=True, help_text=_("Kept when the account is deleted.")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.get_action_display()}: {self.story} ({self.user_name}, {self.at:%Y-%m-%d %H:%M})"


class StoryRevision(models.Model):
    """A complete snapshot of a story after a save: fields, bylines, body, tags and links.

    The snapshot is JSON written by `articles.workflow.revisions.story_snapshot`; see
    docs/editors-workflow.md for why this is not django-reversion.
    """

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("1 is the first save of the story."))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_name = models.CharField(_("saved by (name)"), max_length=150, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["story", "-number"]
        get_latest_by = "number"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
        ]

    def __str__(self):
        return f"Revision {self.number} of “{self.story}”"


class StoryNote(models.Model):
    """A correction or update note printed at the end of a published story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_(
            'Printed at the end of the story as "Correction: …" or "Update: …", with its time. '
            "Say what was wrong and what is right."
        ),
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["story", "created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="note_text_not_empty",
                violation_error_message="A correction or update needs its text.",
                violation_error_code="note_empty",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"


class PreviewLink(models.Model):
    """A revocable, expiring link that shows a draft or scheduled story to someone without an account."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="preview_links"
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_preview_token, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        default=default_preview_expiry,
        help_text=_("48 hours after creation unless you choose otherwise."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    note = models.CharField(
        _("shared with"), max_length=200, blank=True, help_text=_('For example "Legal: J. Smith".')
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"Preview of “{self.story}” created {self.created_at:%Y-%m-%d %H:%M}"

    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PreviewOpening(models.Model):
    """One opening of a preview link: when and from where."""

    link = models.ForeignKey(
        PreviewLink, verbose_name=_("preview link"), on_delete=models.CASCADE, related_name="openings"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        get_latest_by = "opened_at"
        verbose_name = _("preview opening")
        verbose_name_plural = _("preview openings")

    def __str__(self):
        return f"{self.link} opened {self.opened_at:%Y-%m-%d %H:%M} from {self.ip_address}"


class StoryAutosave(models.Model):
    """One editor's unsaved change form for a story (or for a story not saved yet): a copy, never the story.

    Written every few seconds by the change form's autosave (articles/workflow/autosave.py); a
    normal save of the story deletes it, and restoring it only fills the form again, so the
    stale-save rule of the story form still decides what is saved.
    """

    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        help_text=_("Empty for a new story that has not been saved yet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("editor"), on_delete=models.CASCADE, related_name="+"
    )
    form_data = models.JSONField(
        _("form data"),
        help_text=_("Everything the change form would have posted, inlines and body blocks included."),
    )
    base_revision = models.PositiveIntegerField(
        _("based on revision"),
        null=True,
        blank=True,
        help_text=_("The revision the editor had opened; a save of this copy is checked against it."),
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        get_latest_by = "saved_at"
        verbose_name = _("autosaved copy")
        verbose_name_plural = _("autosaved copies")
        constraints = [
            models.UniqueConstraint(fields=["story", "user"], name="autosave_once_per_story_and_editor"),
            # NULLs are distinct in a unique index: new stories need their own rule.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(story__isnull=True),
                name="autosave_once_per_new_story_and_editor",
            ),
        ]

    def __str__(self):
        return f"Autosaved copy of “{self.story or 'a new story'}” ({self.saved_at:%Y-%m-%d %H:%M})"
