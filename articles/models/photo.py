from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.images import file_checksum, inspect_image, perceptual_hash
from articles.models.rendition import Rendition
from articles.photo_metadata import provenance_label

CLOSING_PUNCTUATION = (".", "!", "?", "…", '"', "”", "’")


def photo_upload_to(instance: Photo, filename: str) -> str:
    """Store originals under their content hash, so names never clash or escape the folder.

    The uploaded name is kept only in `original_filename`. Changing this function
    changes where new uploads go; existing files keep their stored paths.
    """
    uploaded_at = instance.uploaded_at or timezone.now()
    return f"photos/{uploaded_at:%Y/%m}/{instance.checksum}.{instance.file_extension}"


def validate_photo_file(file) -> None:
    if getattr(file, "_committed", False):
        return  # the stored original was inspected when it was uploaded
    inspect_image(file)


def caption_with_credit(caption: str, credit: str, provenance: str = "") -> str:
    """Print a caption the newsroom way: "Caption text. (Credit)".

    A provenance label ("AI-generated", "Composite") is printed beside the credit:
    "Caption text. (Credit; AI-generated)".
    """
    caption = caption.strip()
    credit = "; ".join(part for part in (credit.strip(), provenance.strip()) if part)
    if caption and not caption.endswith(CLOSING_PUNCTUATION):
        caption += "."
    if not credit:
        return caption
    return f"{caption} ({credit})" if caption else f"({credit})"


class PhotoQuerySet(models.QuerySet):
    def used(self) -> PhotoQuerySet:
        """Photos that are a lead or inline photo of at least one story."""
        return self.filter(Q(lead_for_stories__isnull=False) | Q(placements__isnull=False)).distinct()

    def unused(self) -> PhotoQuerySet:
        """Photos no story uses (they may still be an author's portrait)."""
        return self.exclude(pk__in=self.model.objects.used().values("pk"))

    def usable(self) -> PhotoQuerySet:
        """Photos whose licence has not expired (no "usable until" date, or today or later)."""
        return self.filter(Q(usable_until__isnull=True) | Q(usable_until__gte=timezone.localdate()))

    def expiring_within(self, days: int) -> PhotoQuerySet:
        """Photos still usable today whose licence ends within `days` days."""
        today = timezone.localdate()
        return self.filter(usable_until__gte=today, usable_until__lte=today + timedelta(days=days))

    def missing_alt_text(self) -> PhotoQuerySet:
        return self.filter(alt_text="")

    def with_renditions(self) -> PhotoQuerySet:
        """Prefetch every rendition, narrowest first, as `photo.rendition_list` (see rendition_prefetch)."""
        return self.prefetch_related(rendition_prefetch())


def rendition_prefetch(lookup: str = "renditions") -> Prefetch:
    """Renditions, by format then width, as `rendition_list` on the photo at the end of `lookup`.

    Story querysets prefetch through their photo relations with this, e.g.
    `rendition_prefetch("lead_photo__renditions")`, so templates never query.
    """
    return Prefetch(lookup, queryset=Rendition.objects.order_by("format", "width"), to_attr="rendition_list")


class Photo(models.Model):
    image = models.ImageField(
        _("image file"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_photo_file],
        help_text=_("A JPEG, PNG or WebP file. The original is kept; readers get resized copies."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.TextField(
        _("caption"),
        blank=True,
        help_text=_(
            "What the photo shows, for readers. Printed under the photo in every story "
            "that uses it, followed by the credit."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            'Printed in parentheses after the caption, exactly as typed: "Courtesy", '
            '"Jane Doe/Reuters", "AP Photo/John Roe". A correction here reaches every story.'
        ),
    )
    photographer = models.CharField(_("photographer"), max_length=200, blank=True)
    source = models.CharField(
        _("agency or source"), max_length=200, blank=True, help_text=_('For example "Reuters".')
    )
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describes the picture for people who cannot see it (screen readers, slow "
            "connections). Not the caption: say what is in the frame. Needed before the "
            "photo goes into a story, unless it is marked decorative. Batch uploads arrive "
            'without it: find them with the "missing alt text" filter.'
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only for purely decorative pictures that add no information; screen "
            "readers then skip the photo and no alt text is needed."
        ),
    )
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    date_taken = models.DateField(_("date taken"), null=True, blank=True)
    tags = TaggableManager(
        verbose_name=_("keywords"),
        blank=True,
        help_text=_("Comma-separated. Read from the file's IPTC/XMP keywords; used by the library search."),
    )
    digital_source_type = models.CharField(
        _("digital source type"),
        max_length=200,
        blank=True,
        help_text=_(
            "IPTC Digital Source Type, read from the file. AI-generated and composite pictures "
            "carry a label beside their credit wherever they are printed."
        ),
    )
    usable_until = models.DateField(
        _("usable until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the licence allows use. After it the photo disappears from the "
            "reader site and cannot be added to a story; the desk is warned a week before."
        ),
    )
    focal_x = models.FloatField(
        _("focal point (across)"),
        null=True,
        blank=True,
        help_text=_("0 = left edge, 1 = right edge. Set it by clicking on the preview."),
    )
    focal_y = models.FloatField(
        _("focal point (down)"),
        null=True,
        blank=True,
        help_text=_("0 = top edge, 1 = bottom edge. Cropped renditions keep this point in frame."),
    )
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    checksum = models.CharField(
        _("checksum"),
        max_length=64,
        editable=False,
        help_text=_("SHA-256 of the original file; finds identical re-uploads."),
    )
    perceptual_hash = models.CharField(
        _("perceptual hash"),
        max_length=16,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("64-bit pHash of the picture; finds resized or recompressed copies."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        get_latest_by = "uploaded_at"
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.UniqueConstraint(fields=["checksum"], name="photo_checksum_unique"),
            models.CheckConstraint(condition=~Q(checksum=""), name="photo_checksum_required"),
            models.CheckConstraint(condition=Q(width__gt=0, height__gt=0), name="photo_dimensions_known"),
            models.CheckConstraint(
                condition=Q(focal_x__isnull=True) | Q(focal_x__gte=0, focal_x__lte=1),
                name="photo_focal_x_in_frame",
            ),
            models.CheckConstraint(
                condition=Q(focal_y__isnull=True) | Q(focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_y_in_frame",
            ),
        ]

    def __str__(self):
        label = self.caption or self.alt_text or self.original_filename
        if len(label) > 70:
            label = label[:69].rstrip() + "…"
        return f"{label} ({self.credit})" if self.credit else label

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            # Derived from the new file itself; inspecting also refuses a non-image
            # written by a script that skipped form validation.
            if not getattr(self, "file_extension", ""):  # photo_ingest has inspected it already
                self.file_extension = inspect_image(self.image.file).extension
            self.checksum = file_checksum(self.image.file)
            self.perceptual_hash = self.perceptual_hash or perceptual_hash(self.image.file)
            self.original_filename = self.original_filename or self.image.name[-255:]
        super().save(*args, **kwargs)

    def clean(self):
        if self.image and not self.image._committed:
            self.checksum = file_checksum(self.image.file)
            duplicate = self.duplicate_of()
            if duplicate is not None:
                raise ValidationError(
                    {
                        "image": ValidationError(
                            "This file is already in the library as photo %(pk)s: %(photo)s.",
                            code="duplicate",
                            params={"pk": duplicate.pk, "photo": duplicate},
                        )
                    }
                )

    @property
    def provenance_label(self) -> str:
        """ "AI-generated", "Composite"… for pictures whose Digital Source Type calls for it, else ""."""
        return provenance_label(self.digital_source_type)

    @property
    def printed_credit(self) -> str:
        credit = "; ".join(part for part in (self.credit, self.provenance_label) if part)
        return f"({credit})" if credit else ""

    def caption_with_credit(self, caption_override: str = "") -> str:
        return caption_with_credit(caption_override or self.caption, self.credit, self.provenance_label)

    def is_usable(self) -> bool:
        """False once the licence's "usable until" day has passed (mirrors PhotoQuerySet.usable())."""
        return self.usable_until is None or self.usable_until >= timezone.localdate()

    def duplicate_of(self) -> Photo | None:
        """The library photo with the same file content as this one, if any."""
        if not self.checksum:
            return None
        return Photo.objects.exclude(pk=self.pk).filter(checksum=self.checksum).first()
