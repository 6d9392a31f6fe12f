"""Responsive renditions: each library photo resized once with Pillow, stored, and served with srcset.

`photo_create_renditions` makes the renditions a photo is missing or that are out
of date (widths from PHOTO_RENDITION_WIDTHS, formats from PHOTO_RENDITION_FORMATS,
optional named crops from PHOTO_RENDITION_CROPS) and never upscales: widths larger
than the original are replaced by the original width. Pages read renditions prefetched by
`PhotoQuerySet.with_renditions()`; nothing is resized while a page renders.

Every rendition is upright (EXIF orientation applied) and sRGB: CMYK and
pictures with an embedded ICC profile are converted with LittleCMS
(PIL.ImageCms). Nothing of the original's metadata is copied — no EXIF, GPS or
camera data — and then the photo's credit line, creator and copyright notice are
written back in: XMP (with the IPTC Digital Source Type) and IPTC IIM in JPEGs, XMP
in WebP (which has no IIM). Named crops keep the photo's focal point in frame. Each
rendition records a fingerprint of those inputs, so a corrected right or a moved focal
point makes the affected renditions again under new names. Renditions are made by the
task `articles.photos.tasks.create_photo_renditions`, enqueued when an upload or an
edit commits.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from PIL import ExifTags, Image, ImageCms, ImageOps

from articles.photos.metadata import embed_rights_in_jpeg, rights_iim, rights_xmp
from articles.photos.models import Photo, Rendition

PILLOW_FORMATS = {Rendition.Format.WEBP: "WEBP", Rendition.Format.JPEG: "JPEG"}


@dataclass(frozen=True)
class RenditionSpec:
    width: int
    format: str
    crop: str = ""


def rendition_widths(original_width: int) -> list[int]:
    """The configured widths a photo of `original_width` gets; never wider than the original."""
    return sorted({min(width, original_width) for width in settings.PHOTO_RENDITION_WIDTHS})


def rendition_specs(width: int, height: int) -> list[RenditionSpec]:
    """Every rendition a picture of this (upright) size should have: whole picture, then named crops."""
    crops = ["", *settings.PHOTO_RENDITION_CROPS]
    crop_widths = getattr(settings, "PHOTO_RENDITION_CROP_WIDTHS", {})
    crop_formats = getattr(settings, "PHOTO_RENDITION_CROP_FORMATS", {})
    specs = []
    for crop in crops:
        cropped_width = _cropped_size(width, height, crop)[0]
        widths = (
            sorted({min(w, cropped_width) for w in crop_widths[crop]})
            if crop in crop_widths
            else rendition_widths(cropped_width)
        )
        specs += [
            RenditionSpec(width=rendition_width, format=format, crop=crop)
            for format in crop_formats.get(crop, settings.PHOTO_RENDITION_FORMATS)
            for rendition_width in widths
        ]
    return specs


def photo_create_renditions(*, photo: Photo) -> list[Rendition]:
    """Create and store the renditions `photo` is missing or that are out of date; return the new ones.

    A rendition is out of date when its fingerprint no longer matches the photo: the rights
    written into it changed (every rendition) or the focal point moved (the crops). It is
    replaced by a file under a new name; the old file is deleted once the new rows commit,
    so pages show the old picture until then, never none.

    The slow part (decoding, resizing, encoding, writing files) runs outside any transaction,
    so it never holds the database's write lock; the rows are then written in one short
    transaction, which also marks the photo's renditions ready. If that fails, or the photo
    changed again meanwhile (a newer task will make its files), the files just written are
    deleted again, so no orphan is left.
    """
    current = {(r.width, r.format, r.crop): r for r in photo.renditions.all()}
    fingerprints = _fingerprints(photo)
    created = []
    with photo.image.open("rb") as original_file, Image.open(original_file) as original:
        # Only the header is read here; pixels are decoded only when something is to be made.
        width, height = _upright_size(original)
        todo = [
            spec
            for spec in rendition_specs(width, height)
            if (key := (spec.width, spec.format, spec.crop)) not in current
            or current[key].fingerprint != fingerprints[spec.crop]
        ]
        if not todo:
            _commit(photo, fingerprints, created=[], replaced=[])
            return []
        _decode_no_larger_than_needed(original, width, todo)
        icc_profile = original.info.get("icc_profile")
        # Phones store rotation as an EXIF flag: bake it in; then convert to sRGB.
        picture = _to_srgb(ImageOps.exif_transpose(original), icc_profile)
    rights = _rights(photo)
    focus = _focus(photo)
    # Each crop is cut once and each size resized once, whatever the number of formats.
    # Sizes go widest first and each is resized from the one before (1600 → 1200 → 960 …):
    # far less work than resizing every size from the full picture, and still sharp with
    # Lanczos. Only the current crop and size are held in memory.
    resized = None
    current_crop = current_size = None
    for spec in sorted(todo, key=lambda spec: (spec.crop, -spec.width, spec.format)):
        if spec.crop != current_crop:
            resized, current_crop, current_size = _crop(picture, spec.crop, focus), spec.crop, None
        if spec.width != current_size:
            resized, current_size = _resize(resized, spec.width), spec.width
        rendition = Rendition(
            photo=photo, format=spec.format, crop=spec.crop, fingerprint=fingerprints[spec.crop]
        )
        rendition.width, rendition.height = resized.size
        try:
            encoded = _encode(resized, spec.format, rights)
            # The name carries the hash of the bytes (rendition_upload_to): new content, new address.
            digest = hashlib.sha256(encoded).hexdigest()[:16]
            rendition.file.save(digest, ContentFile(encoded), save=False)
        except BaseException:
            _delete_files(created)
            raise
        created.append(rendition)
    replaced = [current[key] for spec in todo if (key := (spec.width, spec.format, spec.crop)) in current]
    try:
        committed = _commit(photo, fingerprints, created=created, replaced=replaced)
    except BaseException:
        _delete_files(created)
        raise
    if not committed:
        _delete_files(created)
        return []
    return created


def rendition_fingerprint(photo: Photo, crop: str) -> str:
    """SHA-256 of what a rendition of `photo` is made from: its rights and, for a crop, the focal point."""
    inputs: dict = {"rights": _rights(photo)}
    if crop:
        inputs["focus"] = _focus(photo)
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _fingerprints(photo: Photo) -> dict[str, str]:
    return {crop: rendition_fingerprint(photo, crop) for crop in ["", *settings.PHOTO_RENDITION_CROPS]}


def _commit(photo: Photo, fingerprints: dict[str, str], *, created: list, replaced: list) -> bool:
    """Put `created` in place of `replaced` and mark the photo ready, unless the photo changed since
    `fingerprints` were taken (another file, other rights, another focal point): then write nothing
    and return False, leaving the state to the task that change queued."""
    with transaction.atomic():
        stored = Photo.objects.select_for_update().filter(pk=photo.pk).first()
        if stored is None or stored.checksum != photo.checksum or _fingerprints(stored) != fingerprints:
            return False
        Rendition.objects.filter(pk__in=[rendition.pk for rendition in replaced]).delete()
        for rendition in created:
            rendition.full_clean()
            rendition.save()
        _mark_ready(photo)
        transaction.on_commit(lambda: _delete_files(replaced))
    return True


def photo_prune_renditions(*, photo: Photo) -> int:
    """Delete the renditions the settings no longer ask for (a dropped crop, width or format).

    Returns how many went. Their files are deleted once the rows' deletion commits.
    """
    with photo.image.open("rb") as original_file, Image.open(original_file) as original:
        wanted = {(spec.width, spec.format, spec.crop) for spec in rendition_specs(*_upright_size(original))}
    stale = [
        rendition
        for rendition in photo.renditions.all()
        if (rendition.width, rendition.format, rendition.crop) not in wanted
    ]
    if stale:
        with transaction.atomic():
            Rendition.objects.filter(pk__in=[rendition.pk for rendition in stale]).delete()
            transaction.on_commit(lambda: _delete_files(stale))
    return len(stale)


def _mark_ready(photo: Photo) -> None:
    photo.renditions_status, photo.renditions_error = Photo.RenditionsStatus.READY, ""
    Photo.objects.filter(pk=photo.pk).update(renditions_status=photo.renditions_status, renditions_error="")


def _delete_files(renditions: list[Rendition]) -> None:
    for rendition in renditions:
        if rendition.file.name:
            rendition.file.storage.delete(rendition.file.name)


def _decode_no_larger_than_needed(
    original: Image.Image, upright_width: int, specs: list[RenditionSpec]
) -> None:
    """Let libjpeg decode a JPEG at 1/2, 1/4 or 1/8 scale when even the largest rendition fits.

    A 24-megapixel original is then never held in memory at full size just to make
    1600-pixel copies. `draft` never goes below the requested size, so quality is kept.
    """
    if original.format != "JPEG":
        return
    upright_height = original.height if upright_width == original.width else original.width
    scale = max(spec.width / _cropped_size(upright_width, upright_height, spec.crop)[0] for spec in specs)
    if scale < 1:
        # Keep the stored mode (CMYK stays CMYK) so the colour conversion sees what the profile describes.
        original.draft(original.mode, (math.ceil(original.width * scale), math.ceil(original.height * scale)))


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """The size after EXIF orientation is applied: orientations 5 to 8 swap width and height."""
    width, height = image.size
    if image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
        return height, width
    return width, height


def _cropped_size(width: int, height: int, crop: str) -> tuple[int, int]:
    if not crop:
        return width, height
    ratio_width, ratio_height = settings.PHOTO_RENDITION_CROPS[crop]
    if width * ratio_height > height * ratio_width:  # too wide: keep the height
        return height * ratio_width // ratio_height, height
    return width, width * ratio_height // ratio_width


SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(picture: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """An RGB picture in sRGB: embedded profiles (CMYK or wide-gamut RGB) converted, 16-bit scaled."""
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        picture = picture.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if icc_profile and picture.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(
                picture,
                source,
                SRGB_PROFILE,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to Pillow's plain conversion
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        background = Image.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
        return background
    return picture.convert("RGB")


def _rights(photo: Photo) -> dict[str, str]:
    """What `_encode` writes into each rendition (XMP; IIM in JPEGs, which has no Digital Source Type)."""
    return {
        "credit": photo.credit,
        "creator": photo.photographer,
        "copyright_notice": photo.copyright_notice,
        "digital_source_type": photo.digital_source_type,
    }


def _focus(photo: Photo) -> tuple[float, float]:
    """The focal point crops keep in frame; the middle when the desk has not set one."""
    if photo.focal_x is None or photo.focal_y is None:
        return (0.5, 0.5)
    return (photo.focal_x, photo.focal_y)


def _crop(picture: Image.Image, crop: str, focus: tuple[float, float]) -> Image.Image:
    """The named crop's box, placed so the focal point sits at the same relative position inside it.

    That keeps the point in frame whatever the ratio (the box's left edge is
    (width - crop width) × focal x, and likewise down).
    """
    if not crop:
        return picture
    width, height = picture.size
    crop_width, crop_height = _cropped_size(width, height, crop)
    left = round((width - crop_width) * focus[0])
    top = round((height - crop_height) * focus[1])
    return picture.crop((left, top, left + crop_width, top + crop_height))


def _resize(picture: Image.Image, target_width: int) -> Image.Image:
    width, height = picture.size
    if target_width >= width:
        return picture.copy()
    size = (target_width, max(1, round(height * target_width / width)))
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(picture: Image.Image, format: str, rights: dict[str, str]) -> bytes:
    """Encode with no metadata from the original, then with the photo's rights written in."""
    picture.info.clear()  # never carry EXIF, GPS, XMP or comments over from the original
    buffer = io.BytesIO()
    options = {"quality": settings.PHOTO_RENDITION_QUALITY}
    xmp = rights_xmp(**rights) if any(rights.values()) else b""
    if format == Rendition.Format.JPEG:
        options |= {"optimize": True, "progressive": True}
    elif xmp:
        options["xmp"] = xmp
    picture.save(buffer, format=PILLOW_FORMATS[format], **options)
    encoded = buffer.getvalue()
    if format == Rendition.Format.JPEG and xmp:
        iim = rights_iim(
            credit=rights["credit"], creator=rights["creator"], copyright_notice=rights["copyright_notice"]
        )
        encoded = embed_rights_in_jpeg(encoded, xmp=xmp, iim=iim)
    return encoded


# Reading renditions for pages. These use the list prefetched by rendition_prefetch()
# (`photo.rendition_list`, holding only the crops the page prints) and fall back to a query,
# of just the crop and format asked for, only for a photo loaded without it.


def renditions_of(photo: Photo, *, format: str, crop: str = "") -> list[Rendition]:
    """The photo's renditions in `format`, narrowest first."""
    renditions = getattr(photo, "rendition_list", None)
    if renditions is None:
        return list(photo.renditions.filter(format=format, crop=crop).order_by("width"))
    return [rendition for rendition in renditions if rendition.format == format and rendition.crop == crop]


def best_rendition(photo: Photo, *, width: int, format: str, crop: str = "") -> Rendition | None:
    """The widest rendition no wider than `width` (or the narrowest there is), None if there are none."""
    renditions = renditions_of(photo, format=format, crop=crop)
    if not renditions:
        return None
    fitting = [rendition for rendition in renditions if rendition.width <= width]
    return fitting[-1] if fitting else renditions[0]


def srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{rendition_url(rendition)} {rendition.width}w" for rendition in renditions)


def rendition_url(rendition: Rendition) -> str:
    """The address readers fetch `rendition` from."""
    return _stored_url(rendition.file.storage, rendition.file.name)


# A rendition's name is the hash of its content, so the address of a name never changes: each is
# worked out once per process (on S3 storage each is botocore's URL builder; a list page needs 100 or more).
@lru_cache(maxsize=100_000)
def _stored_url(storage, name: str) -> str:
    return storage.url(name)


@receiver(setting_changed)
def _forget_stored_urls(*, setting, **kwargs):
    # Storages follow these settings when a test changes them; their addresses must too.
    if setting in {"STORAGES", "MEDIA_URL"}:
        _stored_url.cache_clear()
