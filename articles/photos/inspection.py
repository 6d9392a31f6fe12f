"""Inspecting uploaded image files by their content, before anything is stored.

The browser's content type and the file name are never trusted: the bytes are
decoded with Pillow, and only the formats below are accepted.
"""

import hashlib
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> the file extension we store it under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# The perceptual hash is taken from a copy this small (it looks at 32×32 pixels).
HASH_SOURCE_SIZE = 512


@dataclass(frozen=True)
class ImageFacts:
    format: str
    width: int
    height: int
    checksum: str = ""  # SHA-256 of the bytes, hex
    perceptual_hash: str = ""  # 64-bit pHash of the upright picture, 16 hex digits

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS[self.format]


def inspect_image(file: IO[bytes]) -> ImageFacts:
    """Read `file` once and decode it once: its format, size, checksum and perceptual hash.

    Raises a coded ValidationError for anything that is not an acceptable image.
    """
    size = _file_size(file)
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    limit = settings.PHOTO_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            "The file is %(size)s; the limit is %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    checksum = file_checksum(file)
    try:
        with warnings.catch_warnings():
            # Pillow warns (rather than raises) between 1x and 2x its own limit;
            # our own pixel limit below is the one that decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                facts = _facts_within_limits(image)
                # A JPEG is decoded at reduced scale (libjpeg still reads every block, so a
                # truncated or corrupt file fails here all the same): 5× faster for 24 MP.
                image.draft(image.mode, (HASH_SOURCE_SIZE, HASH_SOURCE_SIZE))
                image.load()  # decodes every pixel: truncated or corrupt files fail here
                fingerprint = _perceptual_hash(image)
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise _too_many_pixels_error() from error
    except UnidentifiedImageError as error:
        raise ValidationError("This file is not a JPEG, PNG or WebP image.", code="not_an_image") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "The image file is damaged or incomplete and cannot be read.", code="corrupt"
        ) from error
    finally:
        file.seek(0)
    return ImageFacts(
        format=facts.format,
        width=facts.width,
        height=facts.height,
        checksum=checksum,
        perceptual_hash=fingerprint,
    )


def file_checksum(file: IO[bytes]) -> str:
    """SHA-256 of the file's bytes, as hex; the file position is restored to the start."""
    file.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(block)
    file.seek(0)
    return digest.hexdigest()


def _perceptual_hash(image: Image.Image) -> str:
    """64-bit pHash of the upright picture as 16 hex digits; survives resizing and recompression.

    Works on a small copy of the decoded picture (the hash looks at 32×32 pixels).
    """
    image.thumbnail(
        (HASH_SOURCE_SIZE, HASH_SOURCE_SIZE)
    )  # in place: the full-size pixels are not needed any more
    import imagehash  # brings numpy (about 17 MiB): loaded by the upload paths, not by every web worker

    return str(imagehash.phash(ImageOps.exif_transpose(image).convert("L")))


def hash_distance(first: str, second: str) -> int:
    """How many of the 64 bits two perceptual hashes differ in."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def _facts_within_limits(image: Image.Image) -> ImageFacts:
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted; upload a JPEG, PNG or WebP file.",
            code="unsupported_format",
            params={"format": image.format or "This kind of"},
        )
    width, height = image.size
    if width * height > settings.PHOTO_MAX_PIXELS:
        raise _too_many_pixels_error()
    return ImageFacts(format=image.format, width=width, height=height)


def _too_many_pixels_error() -> ValidationError:
    return ValidationError(
        "The image has more than %(limit)s million pixels; scale it down before uploading.",
        code="too_many_pixels",
        params={"limit": settings.PHOTO_MAX_PIXELS // 1_000_000},
    )


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    file.seek(0, 2)
    return file.tell()
