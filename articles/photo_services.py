"""The photo desk's multi-step writes: ingesting uploaded files and swapping expiring photos.

Kept apart from `articles/services.py` (the stories' writes) so each stays short;
the conventions are the same: keyword-only, atomic, `full_clean()` before saving.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import get_valid_filename

from articles.images import file_checksum, hash_distance, inspect_image, perceptual_hash
from articles.models import InlinePhoto, Photo, Story
from articles.photo_metadata import PhotoMetadata, read_metadata
from articles.tasks import create_photo_renditions

logger = logging.getLogger(__name__)

# The desk is warned this many days before a licence used in a published story ends.
EXPIRY_WARNING_DAYS = 7


class IngestStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    SIMILAR = "similar"


@dataclass
class SimilarPhoto:
    photo: Photo
    distance: int
    stories: list[Story]

    @property
    def message(self) -> str:
        used = (
            "used in stories " + ", ".join(f"“{story.headline}”" for story in self.stories)
            if self.stories
            else "not used in any story"
        )
        return f"Looks like photo {self.photo.pk}, {used}."


@dataclass
class IngestResult:
    status: IngestStatus
    original_filename: str
    photo: Photo | None = None
    similar: list[SimilarPhoto] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.status == IngestStatus.CREATED:
            return f"Added as photo {self.photo.pk}."
        if self.status == IngestStatus.DUPLICATE:
            return f"This file is already in the library as photo {self.photo.pk}."
        return " ".join(similar.message for similar in self.similar)


def photo_ingest(
    *,
    file: File,
    uploaded_by: AbstractBaseUser | None,
    original_filename: str = "",
    allow_similar: bool = False,
) -> IngestResult:
    """Add one uploaded file to the library, filled from its IPTC/XMP metadata.

    Raises a coded ValidationError for anything that is not an acceptable image
    (decided by content). An identical file already in the library is not stored
    again (status "duplicate", pointing to it); a perceptually similar one stops
    the upload with status "similar" unless `allow_similar`. Either a complete Photo
    row and its file exist afterwards, or neither does.
    """
    if uploaded_by is not None and not uploaded_by.has_perm("articles.add_photo"):
        raise PermissionDenied("You may not add photos to the library.")
    name = _display_name(original_filename or file.name or "upload")
    facts = inspect_image(file)

    existing = Photo.objects.filter(checksum=file_checksum(file)).first()
    if existing is not None:
        return IngestResult(IngestStatus.DUPLICATE, name, photo=existing)

    try:
        fingerprint = perceptual_hash(file)
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "The image file is damaged or incomplete and cannot be read.", code="corrupt"
        ) from error
    if not allow_similar:
        similar = photos_similar_to(fingerprint)
        if similar:
            return IngestResult(IngestStatus.SIMILAR, name, similar=similar)

    metadata = read_metadata(file)
    photo = _photo_from_metadata(metadata, uploaded_by=uploaded_by, original_filename=name)
    photo.perceptual_hash = fingerprint
    photo.file_extension = facts.extension
    photo.image = File(file, name=name)
    try:
        _save_photo(photo, metadata)
    except IntegrityError:
        # Another upload of the same file won the race for the unique checksum.
        existing = Photo.objects.filter(checksum=photo.checksum).first()
        if existing is None:
            raise
        return IngestResult(IngestStatus.DUPLICATE, name, photo=existing)
    return IngestResult(IngestStatus.CREATED, name, photo=photo, notes=metadata.notes)


def photos_similar_to(
    fingerprint: str, *, exclude_pk: int | None = None, limit: int = 5
) -> list[SimilarPhoto]:
    """Library photos whose perceptual hash is within the near-duplicate distance, closest first.

    The comparison runs in Python over one column; at a few hundred thousand
    photos it would move into the database (a BK-tree or bit-count index).
    """
    threshold = settings.PHOTO_NEAR_DUPLICATE_DISTANCE
    candidates = Photo.objects.exclude(perceptual_hash="")
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    close = sorted(
        (distance, pk)
        for pk, other in candidates.values_list("pk", "perceptual_hash").iterator()
        if (distance := hash_distance(fingerprint, other)) <= threshold
    )[:limit]
    photos = Photo.objects.in_bulk([pk for _distance, pk in close])
    return [
        SimilarPhoto(
            photo=photos[pk],
            distance=distance,
            stories=list(Story.objects.using_photo(photos[pk]).only("pk", "headline")),
        )
        for distance, pk in close
    ]


def house_credit(*, photographer: str, agency: str) -> str:
    """The credit line by the house rule (setting PHOTO_CREDIT_RULE, "{photographer}/{agency}")."""
    if photographer and agency:
        return settings.PHOTO_CREDIT_RULE.format(photographer=photographer, agency=agency)
    return photographer or agency


def _photo_from_metadata(
    metadata: PhotoMetadata, *, uploaded_by: AbstractBaseUser | None, original_filename: str
) -> Photo:
    credit = metadata.credit or house_credit(photographer=metadata.photographer, agency=metadata.source)
    photo = Photo(
        caption=metadata.caption,
        credit=credit,
        photographer=metadata.photographer,
        source=metadata.source,
        copyright_notice=metadata.copyright_notice,
        headline=metadata.headline,
        date_taken=metadata.date_taken,
        digital_source_type=metadata.digital_source_type,
        original_filename=original_filename,
        uploaded_by=uploaded_by,
    )
    for field_name in ("credit", "photographer", "source", "copyright_notice", "headline"):
        max_length = Photo._meta.get_field(field_name).max_length
        value = getattr(photo, field_name)
        if len(value) > max_length:
            setattr(photo, field_name, value[: max_length - 1] + "…")
            metadata.notes.append(
                f"The {field_name.replace('_', ' ')} was shortened to {max_length} characters."
            )
    return photo


def _save_photo(photo: Photo, metadata: PhotoMetadata) -> None:
    """Save row, file and keywords together; on any failure delete the stored file again."""
    storage = photo.image.storage
    try:
        with transaction.atomic():
            photo.full_clean(exclude=["image"])  # the file itself was inspected above
            photo.save()
            if metadata.keywords:
                photo.tags.set([keyword[:100] for keyword in metadata.keywords])
            transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    except BaseException:
        if photo.image and photo.image._committed and photo.image.name:
            storage.delete(photo.image.name)
            logger.info("Removed %s after a failed ingest.", photo.image.name)
        raise


def _display_name(name: str) -> str:
    """The uploaded name without folders, for metadata and messages only (never a storage path)."""
    return get_valid_filename(PurePath(name.replace("\\", "/")).name)[-255:] or "upload"


def published_stories_using_expiring_photos(days: int = EXPIRY_WARNING_DAYS):
    """Published stories showing a photo whose licence ends within `days` days (lead or inline)."""
    expiring = Photo.objects.expiring_within(days)
    return (
        Story.objects.published()
        .filter(Q(lead_photo__in=expiring) | Q(articles_inlinephoto_set__photo__in=expiring))
        .distinct()
    )


@transaction.atomic
def photo_swap(*, old: Photo, new: Photo, user: AbstractBaseUser) -> list[Story]:
    """Put `new` wherever `old` is used (lead and inline), for example before `old`'s licence expires.

    Only the photo references change; the stories' text, captions and status stay
    as they are. A photo desk member (change photo permission) may do this.
    """
    if not user.has_perm("articles.change_photo"):
        raise PermissionDenied("You may not swap photos.")
    if old.pk == new.pk:
        raise ValidationError("Choose a different photo to swap in.", code="same_photo")
    if not new.is_usable():
        raise ValidationError(
            "Photo %(pk)s's licence has expired; choose another.", code="expired", params={"pk": new.pk}
        )
    stories = list(Story.objects.using_photo(old).order_by("pk"))
    for story in Story.objects.filter(lead_photo=old):
        story.lead_photo = new
        story.save(update_fields=["lead_photo", "updated_at"])
    InlinePhoto.objects.filter(photo=old).update(photo=new)
    return stories
