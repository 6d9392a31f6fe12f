"""The photo library's writes: ingesting uploaded files and replacing a photo's file.

Keyword-only, atomic, `full_clean()` before saving; renditions are made by a task
once the write has committed. (Swapping a photo in stories is a story change: see
`articles.workflow.services.photo_swap`.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from articles.photos.inspection import ImageFacts, hash_distance, inspect_image
from articles.photos.metadata import PhotoMetadata, read_metadata
from articles.photos.models import Photo
from articles.photos.tasks import create_photo_renditions

logger = logging.getLogger(__name__)


class IngestStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    SIMILAR = "similar"


@dataclass
class SimilarPhoto:
    photo: Photo
    distance: int
    stories: list  # the stories showing the photo (objects with pk and headline)

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
    photo: Photo | None = None,
    facts: ImageFacts | None = None,
) -> IngestResult:
    """Add one uploaded file to the library, filled from its IPTC/XMP metadata.

    The one way photos enter the library: batch upload, "Add photo", the demo seed
    and importers. `photo` is an unsaved Photo whose fields the desk already typed
    (they win over the file's metadata); `facts` is the file's inspection when the
    caller has made it already, so each upload is read and decoded once.

    Raises a coded ValidationError for anything that is not an acceptable image
    (decided by content). An identical file already in the library is not stored
    again (status "duplicate", pointing to it); a perceptually similar one stops
    the upload with status "similar" unless `allow_similar`. Either a complete Photo
    row and its file exist afterwards, or neither does.
    """
    if uploaded_by is not None and not uploaded_by.has_perm("photos.add_photo"):
        raise PermissionDenied("You may not add photos to the library.")
    name = _display_name(original_filename or file.name or "upload")
    facts = facts or inspect_image(file)

    existing = Photo.objects.filter(checksum=facts.checksum).first()
    if existing is not None:
        return IngestResult(IngestStatus.DUPLICATE, name, photo=existing)
    if not allow_similar:
        similar = photos_similar_to(facts.perceptual_hash)
        if similar:
            return IngestResult(IngestStatus.SIMILAR, name, similar=similar)

    metadata = read_metadata(file)
    photo = _fill_from_metadata(photo or Photo(), metadata)
    photo.uploaded_by = uploaded_by
    photo.original_filename = name
    photo.apply_facts(facts)
    photo.image = File(file, name=name)
    try:
        _save_new_photo(photo, metadata)
    except IntegrityError:
        # Another upload of the same file won the race for the unique checksum.
        existing = Photo.objects.filter(checksum=photo.checksum).first()
        if existing is None:
            raise
        return IngestResult(IngestStatus.DUPLICATE, name, photo=existing)
    return IngestResult(IngestStatus.CREATED, name, photo=photo, notes=metadata.notes)


def photo_replace_file(
    *, photo: Photo, file: File, user: AbstractBaseUser | None, facts: ImageFacts | None = None
) -> Photo:
    """Put a new picture file under an existing library photo, in every story that uses it.

    The file is inspected and hashed again; the old renditions and the old original are
    deleted once the change commits, and new renditions are made. The desk's caption,
    credit and rights stay as they are. Refuses a file that another library photo already holds.
    """
    if user is not None and not user.has_perm("photos.change_photo"):
        raise PermissionDenied("You may not change library photos.")
    facts = facts or inspect_image(file)
    other = Photo.objects.exclude(pk=photo.pk).filter(checksum=facts.checksum).first()
    if other is not None:
        raise ValidationError(
            "This file is already in the library as photo %(pk)s.", code="duplicate", params={"pk": other.pk}
        )
    stored = Photo.objects.get(pk=photo.pk)
    old_files = _stored_files(stored)
    storage = stored.image.storage
    try:
        with transaction.atomic():
            photo.apply_facts(facts)
            photo.renditions_status = Photo.RenditionsStatus.PENDING
            photo.renditions_error, photo.renditions_attempts = "", 0
            photo.original_filename = _display_name(file.name or "upload")
            photo.image = File(file, name=photo.original_filename)
            photo.focal_x = photo.focal_y = None  # the old point may not be in the new picture
            photo.full_clean(exclude=["image"])
            photo.save()
            photo.renditions.all().delete()
            transaction.on_commit(lambda: _delete_files(old_files))
            transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    except BaseException:
        # The row is rolled back to the old file: the new one must not stay behind in storage.
        if photo.image._committed and photo.image.name and photo.image.name != stored.image.name:
            storage.delete(photo.image.name)
            logger.info("Removed %s after a failed file replacement.", photo.image.name)
        raise
    return photo


# What a story prints with a photo; a photo in a story readers see must keep them (see photo_update).
DESCRIPTION_FIELDS = ("caption", "credit", "alt_text", "decorative")
# What every rendition carries inside its file, and what crops are cut around.
EMBEDDED_FIELDS = ("credit", "photographer", "copyright_notice", "digital_source_type")
FOCAL_FIELDS = ("focal_x", "focal_y")

# Given a photo as it would be saved, one sentence per use that would print it without a
# caption, credit or alt text. The photos app knows no stories: the workflow app supplies it.
PhotoUseCheck = Callable[[Photo], list[str]]


def photo_descriptions_lost(*, photo: Photo, check_uses: PhotoUseCheck | None) -> list[str]:
    """The sentences of `check_uses` that saving `photo` would make true and are not true now.

    Only a loss counts: a use that already printed the photo without a credit does not stop
    the desk from improving the caption.
    """
    if check_uses is None or photo.pk is None:
        return []
    stored = Photo.objects.get(pk=photo.pk)
    if all(getattr(stored, name) == getattr(photo, name) for name in DESCRIPTION_FIELDS):
        return []
    before = set(check_uses(stored))
    return [problem for problem in check_uses(photo) if problem not in before]


def photo_update(
    *,
    photo: Photo,
    user: AbstractBaseUser | None,
    fields: Iterable[str],
    check_uses: PhotoUseCheck | None = None,
) -> Photo:
    """Save the desk's edits of `fields`, already set on `photo`; the one write path for library edits.

    Refuses (code "photo_in_live_story") an edit that `check_uses` says would leave a story
    printing the photo without a caption, credit or alt text. A changed credit, photographer,
    copyright notice or Digital Source Type, or a moved focal point, marks the renditions as
    being made and queues the task that rewrites them, once the edit commits.
    """
    if user is not None and not user.has_perm("photos.change_photo"):
        raise PermissionDenied("You may not change library photos.")
    fields = [name for name in fields if name not in ("image", "keywords", "allow_similar")]
    with transaction.atomic():
        stored = Photo.objects.select_for_update().get(pk=photo.pk)
        photo.full_clean(exclude=["image"])
        lost = photo_descriptions_lost(photo=photo, check_uses=check_uses)
        if lost:
            raise ValidationError(live_story_refusal(photo, lost), code="photo_in_live_story")
        outdated = any(
            getattr(stored, name) != getattr(photo, name) for name in (*EMBEDDED_FIELDS, *FOCAL_FIELDS)
        )
        if outdated:
            photo.renditions_status = Photo.RenditionsStatus.PENDING
            photo.renditions_error, photo.renditions_attempts = "", 0
            fields += ["renditions_status", "renditions_error", "renditions_attempts"]
        photo.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
        if outdated:
            transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    return photo


def live_story_refusal(photo: Photo, problems: list[str]) -> str:
    """The desk's sentence for an edit refused because stories readers see would lose a description."""
    return (
        f"Photo {photo.pk} is in stories that readers see or will see, so it keeps its caption, "
        f"credit and alt text: {' '.join(problems)} Keep them, or swap another photo into those "
        "stories first."
    )


@transaction.atomic
def photo_delete(*, photo: Photo, user: AbstractBaseUser | None) -> None:
    """Remove `photo` from the library, and its original and renditions from storage once that commits.

    Raises ProtectedError while a story or author still uses it (the admin lists them).
    """
    if user is not None and not user.has_perm("photos.delete_photo"):
        raise PermissionDenied("You may not delete library photos.")
    files = _stored_files(photo)
    photo.delete()
    transaction.on_commit(lambda: _delete_files(files))


def _stored_files(photo: Photo) -> list[tuple[Storage, str]]:
    """(storage, name) of the photo's original and of each of its renditions."""
    renditions = [(rendition.file.storage, rendition.file.name) for rendition in photo.renditions.all()]
    return [(photo.image.storage, photo.image.name), *renditions]


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        if name:
            storage.delete(name)


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
            stories=_stories_using(photos[pk]),
        )
        for distance, pk in close
    ]


def house_credit(*, photographer: str, agency: str) -> str:
    """The credit line by the house rule (setting PHOTO_CREDIT_RULE, "{photographer}/{agency}")."""
    if photographer and agency:
        return settings.PHOTO_CREDIT_RULE.format(photographer=photographer, agency=agency)
    return photographer or agency


def _fill_from_metadata(photo: Photo, metadata: PhotoMetadata) -> Photo:
    """Fill what the desk left blank from the file's metadata; a missing credit follows the house rule."""
    for name in ("caption", "photographer", "source", "copyright_notice", "headline", "digital_source_type"):
        if not getattr(photo, name):
            setattr(photo, name, getattr(metadata, name))
    if not photo.credit:
        photo.credit = metadata.credit or house_credit(photographer=photo.photographer, agency=photo.source)
    photo.date_taken = photo.date_taken or metadata.date_taken
    for field_name in (
        "credit",
        "photographer",
        "source",
        "copyright_notice",
        "headline",
        "digital_source_type",
    ):
        max_length = Photo._meta.get_field(field_name).max_length
        value = getattr(photo, field_name)
        if len(value) > max_length:
            setattr(photo, field_name, value[: max_length - 1] + "…")
            metadata.notes.append(
                f"The {field_name.replace('_', ' ')} was shortened to {max_length} characters."
            )
    return photo


def _save_new_photo(photo: Photo, metadata: PhotoMetadata) -> None:
    """Save row, file and keywords together; on any failure delete the stored file again.

    That includes a failure while the file itself is written (a full disk leaves a partial
    file behind, under a name the storage chose and never returned).
    """
    storage = photo.image.storage
    try:
        with transaction.atomic():
            photo.full_clean(exclude=["image"])  # the file itself was inspected above
            photo.save()
            if metadata.keywords:
                photo.keywords.set([keyword[:100] for keyword in metadata.keywords])
            transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    except BaseException as error:
        if photo.image and photo.image._committed and photo.image.name:
            storage.delete(photo.image.name)
            logger.info("Removed %s after a failed ingest.", photo.image.name)
        elif isinstance(error, OSError) and photo.checksum:
            _delete_partial_original(photo)
        raise


def _delete_partial_original(photo: Photo) -> None:
    """Delete what an interrupted write of `photo`'s original left in storage.

    The stored name starts with the content hash (`photo_upload_to`), possibly followed by
    the storage's suffix for a taken name; a file so named that no library photo holds is
    this upload's leftover. Cleaning up never hides the error that made it necessary.
    """
    storage = photo.image.storage
    intended = photo.image.field.generate_filename(photo, photo.original_filename or "upload")
    folder, stem = PurePath(intended).parent.as_posix(), PurePath(intended).stem
    try:
        if not storage.exists(folder):
            return
        _folders, names = storage.listdir(folder)
        held = set(Photo.objects.filter(checksum=photo.checksum).values_list("image", flat=True))
        for name in names:
            path = f"{folder}/{name}"
            if name.startswith(stem) and path not in held:
                storage.delete(path)
                logger.info("Removed the partial file %s after a failed ingest.", path)
    except Exception:
        logger.exception("Could not clean up after a failed ingest of %s.", intended)


def _display_name(name: str) -> str:
    """The uploaded name without folders, for metadata and messages only (never a storage path)."""
    return get_valid_filename(PurePath(name.replace("\\", "/")).name)[-255:] or "upload"


def _stories_using(photo: Photo) -> list:
    """The stories showing `photo`, found through the reverse relations the stories app declares
    (lead photo and inline photo blocks), so this app never imports it."""
    stories = {story.pk: story for story in photo.lead_for_stories.all()}
    for block in photo.placements.select_related("parent"):
        stories.setdefault(block.parent.pk, block.parent)
    return sorted(stories.values(), key=lambda story: story.pk)


def photo_renditions_failed(*, photo: Photo, error: Exception) -> Photo:
    """Record that making `photo`'s renditions failed: try again later with a growing wait, or,
    once the attempts are used up (or where nothing can wait), mark it failed for the desk."""
    photo.renditions_attempts += 1
    photo.renditions_error = f"{type(error).__name__}: {error}"[:300]
    backend = create_photo_renditions.get_backend()
    if backend.supports_defer and photo.renditions_attempts < settings.PHOTO_RENDITION_ATTEMPTS:
        photo.renditions_status = Photo.RenditionsStatus.PENDING
        wait = timedelta(seconds=30 * 2 ** (photo.renditions_attempts - 1))
        transaction.on_commit(
            lambda: create_photo_renditions.using(run_after=timezone.now() + wait).enqueue(photo.pk)
        )
    else:
        photo.renditions_status = Photo.RenditionsStatus.FAILED
    photo.save(update_fields=["renditions_status", "renditions_error", "renditions_attempts"])
    logger.warning(
        "Renditions of photo %s failed (attempt %s): %s", photo.pk, photo.renditions_attempts, error
    )
    return photo


def photo_renditions_retry(*, photo: Photo, user: AbstractBaseUser | None) -> Photo:
    """Make `photo`'s renditions again after a failure: a fresh set of attempts, queued after commit."""
    if user is not None and not user.has_perm("photos.change_photo"):
        raise PermissionDenied("You may not change library photos.")
    photo.renditions_status, photo.renditions_error, photo.renditions_attempts = (
        Photo.RenditionsStatus.PENDING,
        "",
        0,
    )
    photo.save(update_fields=["renditions_status", "renditions_error", "renditions_attempts"])
    transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    return photo
