"""A story's earlier web addresses, kept so old links keep working."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StorySlugRedirect(models.Model):
    """A story's earlier slug: its old web address answers with a permanent redirect to the current one."""

    old_slug = models.SlugField(_("old slug"), max_length=200)
    story = models.ForeignKey(
        "stories.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("old story address")
        verbose_name_plural = _("old story addresses")
        constraints = [models.UniqueConstraint(fields=["old_slug"], name="story_slug_redirect_unique")]

    def __str__(self):
        return f"{self.old_slug} → {self.story_id}"
