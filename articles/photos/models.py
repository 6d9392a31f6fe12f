"""The photo library: photos with their caption, credit and rights, their keywords and their renditions."""

from __future__ import annotations

import functools
import re
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles.json_rows import instances_from_rows, json_rows, row_fields
from articles.photos.inspection import ImageFacts, inspect_image
from articles.photos.metadata import provenance_label

CLOSING_PUNCTUATION = (".", "!", "?", "…", '"', "”", "’")


def photo_upload_to(instance: Photo, filename: str) -> str:
    """Store originals under their content hash, so names never clash or escape the folder.

    The uploaded name is kept only in `original_filename`. Changing this function
    changes where new uploads go; existing files keep their stored paths.
    """
    uploaded_at = instance.uploaded_at or timezone.now()
    return f"photos/{uploaded_at:%Y/%m}/{instance.checksum}.{instance.file_extension}"


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


def rendition_upload_to(instance: Rendition, filename: str) -> str:
    """`renditions/<checksum prefix>/<checksum>-<crop>-<width>w-<content hash>.<ext>`.

    The photo's hash keeps names from clashing; `filename` is the hash of the rendition's own
    bytes (hex, anything else is dropped), so a rewritten rendition gets a new address and
    readers' caches, which keep renditions for good, never serve the old bytes under it.
    """
    checksum = instance.photo.checksum
    crop = f"-{instance.crop}" if instance.crop else ""
    digest = PurePath(filename).stem
    digest = f"-{digest}" if re.fullmatch(r"[0-9a-f]{8,64}", digest) else ""
    extension = Rendition.EXTENSIONS[instance.format]
    return f"renditions/{checksum[:2]}/{checksum}{crop}-{instance.width}w{digest}.{extension}"


def rendition_storage():
    """The public storage readers get renditions from (settings.STORAGES["renditions"]).

    Originals stay in the private default storage; a callable keeps the choice out of migrations.
    """
    return storages["renditions"]


class Rendition(models.Model):
    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    EXTENSIONS = {Format.WEBP: "webp", Format.JPEG: "jpg"}

    photo = models.ForeignKey(
        "photos.Photo", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="renditions"
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
    file = models.FileField(
        _("file"), upload_to=rendition_upload_to, storage=rendition_storage, max_length=255
    )
    fingerprint = models.CharField(
        _("made from"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "SHA-256 of what the file was made from: the rights written into it and, for a crop, "
            "the focal point. A rendition whose fingerprint no longer matches the photo is made again."
        ),
    )
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


class Keyword(TagBase):
    """A photo's IPTC/XMP keyword. Kept apart from story topics, so keywords never become reader pages."""

    class Meta:
        ordering = ["name"]
        get_latest_by = "pk"
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")


class PhotoKeyword(TaggedItemBase):
    tag = models.ForeignKey(
        Keyword, verbose_name=_("keyword"), on_delete=models.CASCADE, related_name="photo_links"
    )
    content_object = models.ForeignKey(
        "photos.Photo", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="keyword_links"
    )

    class Meta:
        ordering = ["content_object", "tag"]
        get_latest_by = "pk"
        verbose_name = _("photo keyword")
        verbose_name_plural = _("photo keywords")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="photo_keyword_once")]

    def __str__(self):
        return str(self.tag)


# What the chooser's search box looks through, with the keywords (PhotoQuerySet.matching).
PHOTO_SEARCH_FIELDS = (
    "caption",
    "credit",
    "photographer",
    "source",
    "headline",
    "alt_text",
    "original_filename",
)


class PhotoQuerySet(models.QuerySet):
    def usable(self) -> PhotoQuerySet:
        """Photos whose licence has not expired (no "usable until" date, or today or later)."""
        return self.filter(usable_condition())

    def expiring_within(self, days: int) -> PhotoQuerySet:
        """Photos still usable today whose licence ends within `days` days."""
        today = timezone.localdate()
        return self.filter(usable_until__gte=today, usable_until__lte=today + timedelta(days=days))

    def missing_alt_text(self) -> PhotoQuerySet:
        return self.filter(alt_text="")

    def matching(self, text: str) -> PhotoQuerySet:
        """Photos whose caption, credit, photographer, source, headline, alt text, file name or a
        keyword contains every word of `text` (case-insensitive), in any of those fields.

        A word that is a number also matches the photo of that number, so "75" finds photo 75.
        Keywords are matched in a subquery, so a photo with several matching keywords appears once.
        """
        queryset = self
        for word in text.split():
            keyword = PhotoKeyword.objects.filter(
                content_object=models.OuterRef("pk"), tag__name__icontains=word
            )
            condition = Q(models.Exists(keyword))
            for name in PHOTO_SEARCH_FIELDS:
                condition |= Q(**{f"{name}__icontains": word})
            if re.fullmatch(r"[0-9]{1,18}", word):  # ASCII digits only; longer overflows a bigint
                condition |= Q(pk=int(word))
            queryset = queryset.filter(condition)
        return queryset

    def with_renditions(self) -> PhotoQuerySet:
        """Prefetch every rendition, crops too, narrowest first, as `photo.rendition_list` (for the desk).

        Reader pages load only the crops they print, through `rendition_prefetch(..., crops=...)`.
        """
        return self.prefetch_related(rendition_prefetch(crops=None))


def usable_condition(prefix: str = "") -> Q:
    """The licence rule as a filter: true for photos usable today; `prefix` reaches a photo across a relation.

    Pages loading photos with their stories check `Photo.is_usable()` on the loaded row instead.
    """
    today = timezone.localdate()
    return Q(**{f"{prefix}usable_until__isnull": True}) | Q(**{f"{prefix}usable_until__gte": today})


# The crops each kind of page prints: cards, portraits and body photos the whole picture only;
# the story page's lead photo also the link-preview crop its og:image names.
WHOLE_PICTURE = ("",)
WHOLE_PICTURE_AND_SOCIAL = ("", "social")


def rendition_prefetch(
    lookup: str = "renditions", *, crops: tuple[str, ...] | None = WHOLE_PICTURE
) -> Prefetch:
    """Renditions of `crops`, by format then width, as `rendition_list` on the photo at the end of `lookup`.

    Story querysets prefetch through their photo relations with this, e.g.
    `rendition_prefetch("lead_photo__renditions")`, so templates never query. Only the crops a
    page prints are loaded (the whole picture unless told otherwise); `crops=None` loads every one.
    """
    renditions = Rendition.objects.order_by("format", "width")
    if crops is not None:
        renditions = renditions.filter(crop__in=crops)
    return Prefetch(lookup, queryset=renditions, to_attr="rendition_list")


# What a page reads of a rendition: enough to print a srcset, not the bookkeeping columns.
RENDITION_ROW = ("photo", "width", "height", "format", "crop", "file")


@functools.cache  # built once per process; annotate() resolves a copy for each query
def rendition_rows(outer: str, *, crops: tuple[str, ...] = WHOLE_PICTURE):
    """The renditions of `crops` of the photo named by the outer row's `outer` column, as JSON rows.

    Reader querysets select this beside the photo (`rendition_rows("lead_photo_id")`) and hand
    the rows to `attach_renditions()`, so a page's photos cost no query of their own.
    """
    return json_rows(
        Rendition.objects.filter(crop__in=crops),
        parent="photo",
        outer=outer,
        row=row_fields(Rendition, only=RENDITION_ROW),
    )


def attach_renditions(photo: Photo, rows: list[dict] | None) -> Photo:
    """Set `photo.rendition_list` from `rendition_rows()` output, by format then width like the prefetch."""
    renditions = instances_from_rows(Rendition, rows, db=photo._state.db or "default")
    photo.rendition_list = sorted(renditions, key=lambda rendition: (rendition.format, rendition.width))
    return photo


class Photo(models.Model):
    class RenditionsStatus(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    image = models.ImageField(
        _("image file"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
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
            "connections). Not the caption: say what is in the frame. Batch uploads "
            'arrive without it: find them with the "missing alt text" filter. A story cannot '
            "be published with a photo that has none, unless the photo is marked decorative."
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
    keywords = TaggableManager(
        verbose_name=_("keywords"),
        through="photos.PhotoKeyword",
        blank=True,
        help_text=_(
            "Comma-separated. Read from the file's IPTC/XMP keywords; used by the library search "
            "only, never shown to readers."
        ),
    )
    digital_source_type = models.CharField(
        _("digital source type"),
        max_length=200,
        blank=True,
        help_text=_(
            "IPTC Digital Source Type: how the picture was made, read from the file. AI-generated and "
            "composite pictures carry a label beside their credit wherever they are printed, and every "
            "resized copy carries the type in its metadata."
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
    renditions_status = models.CharField(
        _("renditions"),
        max_length=10,
        choices=RenditionsStatus,
        default=RenditionsStatus.PENDING,
        editable=False,
        help_text=_(
            "Readers see a photo only once its resized copies are ready. A story cannot be "
            "published while one of its photos is waiting or failed; failed photos can be retried."
        ),
    )
    renditions_error = models.CharField(_("rendition error"), max_length=300, blank=True, editable=False)
    renditions_attempts = models.PositiveSmallIntegerField(_("rendition attempts"), default=0, editable=False)
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
        indexes = [
            # The library's own order: at 100,000 photos its first page was a 60 ms sort of them all.
            models.Index(fields=["-uploaded_at", "-id"], name="photo_newest_first"),
            # Licences about to end (expiring_within), for the desk's and the library's warnings.
            models.Index(fields=["usable_until"], name="photo_usable_until"),
            # The library's Source filter lists the distinct sources: read from the index, not the table.
            models.Index(fields=["source"], name="photo_source"),
        ]

    def __str__(self):
        label = self.caption or self.alt_text or self.original_filename
        if len(label) > 70:
            label = label[:69].rstrip() + "…"
        return f"{label} ({self.credit})" if self.credit else label

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed and not self.checksum:
            # Saved without the ingest service (a script): inspect here, so no non-image is stored.
            self.apply_facts(inspect_image(self.image.file))
        self.original_filename = self.original_filename or (self.image.name or "")[-255:]
        super().save(*args, **kwargs)

    def apply_facts(self, facts: ImageFacts) -> None:
        """Take the content-derived fields from an inspection of the file about to be stored."""
        self.checksum = facts.checksum
        self.perceptual_hash = facts.perceptual_hash
        self.file_extension = facts.extension  # read by photo_upload_to

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

    @property
    def image_format(self) -> str:
        """The stored original's image type for a Content-Type: "jpeg", "png" or "webp"."""
        extension = self.image.name.rsplit(".", 1)[-1].lower()
        return {"jpg": "jpeg"}.get(extension, extension)

    def is_accessible(self) -> bool:
        """True when screen readers are served: the photo has alt text or is marked decorative."""
        return bool(self.alt_text.strip()) or self.decorative

    def missing_descriptions(self, *, caption_override: str = "") -> list[str]:
        """What the photo lacks before readers may see it: caption, credit, alt text (or decorative).

        The one rule for "described"; `caption_override` is a story's own caption for the photo.
        """
        missing = []
        if not (caption_override.strip() or self.caption.strip()):
            missing.append("a caption")
        if not self.credit.strip():
            missing.append("a credit")
        if not self.is_accessible():
            missing.append("alt text (or the decorative mark)")
        return missing

    def is_usable(self) -> bool:
        """False once the licence's "usable until" day has passed (mirrors PhotoQuerySet.usable())."""
        return self.usable_until is None or self.usable_until >= timezone.localdate()
