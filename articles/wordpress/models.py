"""What an import brought in, so running it again updates or skips instead of duplicating."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One WordPress item (post, attachment, author or category) and the Newsroom object made from it."""

    class Kind(models.TextChoices):
        STORY = "story", _("post → story")
        PHOTO = "photo", _("attachment → photo")
        AUTHOR = "author", _("author → author")
        SECTION = "section", _("category → section")

    source = models.CharField(
        _("WordPress site"),
        max_length=300,
        help_text=_("The exported site's address (the export's base blog URL): IDs are unique per site."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    wp_id = models.CharField(
        _("WordPress ID"),
        max_length=200,
        help_text=_("The post or attachment ID, the author's login or the category's slug."),
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("made into"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object ID"))
    content_object = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(
        _("content fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the post as last imported: a re-run updates the story only when it differs."),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "wp_id"], name="imported_item_once"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_item_object_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} ({self.source})"
