"""Resized copies of library photos, made once with Pillow and stored (see articles.renditions)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def rendition_upload_to(instance: Rendition, filename: str) -> str:
    """Renditions live beside nothing else: `renditions/<checksum prefix>/<checksum>-<crop>-<width>.<ext>`.

    The name is derived from the photo's content hash, so it never clashes and
    never carries an uploaded file name; `filename` is ignored.
    """
    checksum = instance.photo.checksum
    crop = f"-{instance.crop}" if instance.crop else ""
    extension = Rendition.EXTENSIONS[instance.format]
    return f"renditions/{checksum[:2]}/{checksum}{crop}-{instance.width}w.{extension}"


class Rendition(models.Model):
    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    EXTENSIONS = {Format.WEBP: "webp", Format.JPEG: "jpg"}
    MIME_TYPES = {Format.WEBP: "image/webp", Format.JPEG: "image/jpeg"}

    photo = models.ForeignKey(
        "articles.Photo", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="renditions"
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=10, choices=Format)
    crop = models.SlugField(
        _("crop"),
        max_length=40,
        blank=True,
        help_text=_("Empty for the whole picture, or a crop named in PHOTO_RENDITION_CROPS."),
    )
    file = models.FileField(_("file"), upload_to=rendition_upload_to, max_length=255)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["photo", "crop", "format", "width"]
        get_latest_by = "created_at"
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(fields=["photo", "width", "format", "crop"], name="rendition_unique"),
            models.CheckConstraint(condition=Q(width__gt=0, height__gt=0), name="rendition_dimensions"),
            models.CheckConstraint(condition=Q(format__in=["webp", "jpeg"]), name="rendition_format_known"),
        ]

    def __str__(self):
        crop = f" {self.crop}" if self.crop else ""
        return f"{self.photo_id}{crop} {self.width}×{self.height} {self.format}"

    @property
    def mime_type(self) -> str:
        return self.MIME_TYPES[self.format]
