"""Responsive renditions: each library photo resized once with Pillow, stored, and served with srcset.

`photo_create_renditions` makes the renditions a photo is missing (widths from
PHOTO_RENDITION_WIDTHS, formats from PHOTO_RENDITION_FORMATS, optional named
crops from PHOTO_RENDITION_CROPS) and never upscales: widths larger than the
original are replaced by the original width. Pages read renditions prefetched by
`PhotoQuerySet.with_renditions()`; nothing is resized while a page renders.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ExifTags, Image, ImageOps

from articles.models import Photo, Rendition

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
    return [
        RenditionSpec(width=rendition_width, format=format, crop=crop)
        for crop in crops
        for format in settings.PHOTO_RENDITION_FORMATS
        for rendition_width in rendition_widths(_cropped_size(width, height, crop)[0])
    ]


@transaction.atomic
def photo_create_renditions(*, photo: Photo) -> list[Rendition]:
    """Create and store the renditions `photo` is missing; return the new ones (none if complete)."""
    existing = set(photo.renditions.values_list("width", "format", "crop"))
    created = []
    with photo.image.open("rb") as original_file, Image.open(original_file) as original:
        # Only the header is read here; pixels are decoded only when something is missing.
        width, height = _upright_size(original)
        missing = [
            spec
            for spec in rendition_specs(width, height)
            if (spec.width, spec.format, spec.crop) not in existing
        ]
        if not missing:
            return []
        _decode_no_larger_than_needed(original, width, missing)
        # Phones store rotation as an EXIF flag: bake it in, and drop alpha and palettes.
        picture = ImageOps.exif_transpose(original).convert("RGB")
    for spec in missing:
        resized = _resize(picture, spec)
        rendition = Rendition(photo=photo, format=spec.format, crop=spec.crop)
        rendition.width, rendition.height = resized.size
        rendition.file.save("rendition", ContentFile(_encode(resized, spec.format)), save=False)
        rendition.full_clean()
        rendition.save()
        created.append(rendition)
    return created


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
        original.draft("RGB", (math.ceil(original.width * scale), math.ceil(original.height * scale)))


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


def _resize(picture: Image.Image, spec: RenditionSpec) -> Image.Image:
    if spec.crop:
        picture = ImageOps.fit(picture, _cropped_size(*picture.size, spec.crop), Image.Resampling.LANCZOS)
    width, height = picture.size
    if spec.width >= width:
        return picture
    # reducing_gap first shrinks by whole factors in C, then finishes with Lanczos: several
    # times faster on large originals with no visible difference at these ratios.
    size = (spec.width, max(1, round(height * spec.width / width)))
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(picture: Image.Image, format: str) -> bytes:
    buffer = io.BytesIO()
    options = {"quality": settings.PHOTO_RENDITION_QUALITY}
    if format == Rendition.Format.JPEG:
        options |= {"optimize": True, "progressive": True}
    picture.save(buffer, format=PILLOW_FORMATS[format], **options)
    return buffer.getvalue()


# Reading renditions for pages. These use the list prefetched by rendition_prefetch()
# (`photo.rendition_list`) and fall back to a query only for a photo loaded without it.


def renditions_of(photo: Photo, *, format: str, crop: str = "") -> list[Rendition]:
    """The photo's renditions in `format`, narrowest first."""
    renditions = getattr(photo, "rendition_list", None)
    if renditions is None:
        renditions = list(photo.renditions.order_by("format", "width"))
    return [rendition for rendition in renditions if rendition.format == format and rendition.crop == crop]


def best_rendition(photo: Photo, *, width: int, format: str, crop: str = "") -> Rendition | None:
    """The widest rendition no wider than `width` (or the narrowest there is), None if there are none."""
    renditions = renditions_of(photo, format=format, crop=crop)
    if not renditions:
        return None
    fitting = [rendition for rendition in renditions if rendition.width <= width]
    return fitting[-1] if fitting else renditions[0]


def srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{rendition.file.url} {rendition.width}w" for rendition in renditions)
