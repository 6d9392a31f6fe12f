"""A story's earlier web addresses, kept so old links keep working."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def old_path_key(path: str) -> str:
    """How an old address is stored and looked up: the path without its trailing slash ("/" stays).

    "/2024/05/03/some-post/" and "/2024/05/03/some-post" are one address, as they were on WordPress.
    """
    return path.rstrip("/") or "/"


class StorySlugRedirect(models.Model):
    """A story's earlier address: its old slug, or a path from the site before Newsroom (a WordPress
    permalink). Either answers with a permanent redirect to the story's current address."""

    old_slug = models.SlugField(_("old slug"), max_length=200, blank=True)
    old_path = models.CharField(
        _("old path"),
        max_length=500,
        blank=True,
        help_text=_(
            "An address from the site before Newsroom, such as the WordPress permalink "
            "“/2024/05/03/some-post” or “/?p=123”; readers who follow it land on the story."
        ),
    )
    story = models.ForeignKey(
        "stories.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("old story address")
        verbose_name_plural = _("old story addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["old_slug"], condition=~Q(old_slug=""), name="story_slug_redirect_unique"
            ),
            models.UniqueConstraint(
                fields=["old_path"], condition=~Q(old_path=""), name="story_path_redirect_unique"
            ),
            models.CheckConstraint(
                condition=(Q(old_slug="") & ~Q(old_path="")) | (~Q(old_slug="") & Q(old_path="")),
                name="story_redirect_slug_or_path",
                violation_error_message="An old story address is either an old slug or an old path.",
                violation_error_code="slug_or_path",
            ),
        ]

    def __str__(self):
        return f"{self.old_slug or self.old_path} → {self.story_id}"
