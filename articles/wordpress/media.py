"""Where an attachment's file is in the local copy of `wp-content/uploads`, and which attachment an
image address in a post means. No network: files come from the media folder only."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from articles.wordpress.wxr import WxrItem

# Files the library may take; anything else (PDFs, audio, video) is not a photo.
PICTURE_EXTENSIONS = {
    ".jpg",
    ".jpeg",
    ".jpe",
    ".png",
    ".webp",
    ".gif",
    ".tif",
    ".tiff",
    ".bmp",
    ".avif",
    ".heic",
}
UPLOADS = "/wp-content/uploads/"
# WordPress's resized copies: "photo-300x200.jpg", and the big-image copy "photo-scaled.jpg".
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")


def attachment_relative_path(item: WxrItem) -> str:
    """The file's path inside the uploads folder, e.g. "2024/05/photo.jpg"."""
    attached = item.meta.get("_wp_attached_file", "").strip()
    if attached:
        return attached.lstrip("/")
    path = unquote(urlsplit(item.attachment_url).path)
    if UPLOADS in path:
        return path.split(UPLOADS, 1)[1]
    return PurePosixPath(path).name


def attachment_file(item: WxrItem, media_dir: Path) -> Path | None:
    """The attachment's file under `media_dir`, or None when it is not there (or would be outside it)."""
    relative = attachment_relative_path(item)
    if not relative:
        return None
    candidate = (media_dir / relative).resolve()
    if not candidate.is_relative_to(media_dir.resolve()) or not candidate.is_file():
        return None
    return candidate


def is_picture(item: WxrItem) -> bool:
    return PurePosixPath(attachment_relative_path(item)).suffix.lower() in PICTURE_EXTENSIONS


def image_key(url: str) -> str:
    """An image address reduced to what names the file: the path under uploads, without WordPress's
    size suffix, so every resized copy a post shows leads to its attachment."""
    path = unquote(urlsplit(url).path)
    if UPLOADS in path:
        path = path.split(UPLOADS, 1)[1]
    return SIZE_SUFFIX.sub("", path.lstrip("/"))
