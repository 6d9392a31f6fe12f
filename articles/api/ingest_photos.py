"""The pictures of an incoming ninjs item, into the library through `photo_ingest`.

Pictures travel inside the item, as a rendition whose href is a data: URI: Newsroom fetches nothing
from the network. Each is sniffed by content and read for IPTC/XMP like any upload; a file the
library already holds is reused, not stored twice.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify

from articles.api.refusals import IngestRefused
from articles.api.schemas import ItemAssociation
from articles.photos.models import Photo
from articles.photos.services import photo_ingest

DATA_URI = re.compile(r"data:(?P<type>[\w.+-]+/[\w.+-]+)?(?:;[\w-]+=[\w.-]+)*;base64,(?P<data>.*)", re.DOTALL)


@dataclass
class PhotoUse:
    photo: Photo
    caption_override: str


def item_photos_ingest(
    associations: list[ItemAssociation], *, user: AbstractBaseUser, allow_photos: bool
) -> dict[str, PhotoUse]:
    """Each picture association's photo, by association name, through the library's ingest."""
    pictures = [a for a in associations if a.type in (None, "picture", "graphic")]
    if pictures and not allow_photos:
        raise IngestRefused(
            "This token may not send photos (it lacks the ingest:photos scope): send the item without "
            "associations, or ask the newsroom for the scope.",
            status=403,
            code="scope_missing",
        )
    uses: dict[str, PhotoUse] = {}
    for association in pictures:
        if association.name in uses:
            raise IngestRefused(
                f"Two associations are named “{association.name}”: give each its own name.",
                status=422,
                code="duplicate_association",
            )
        content, content_name = _picture_bytes(association)
        caption = next((d.value for d in association.descriptions if d.role in (None, "caption")), "")
        alt_text = next((d.value for d in association.descriptions if d.role == "alt"), "")
        described = Photo(
            caption=caption,
            credit=(association.by or "")[:200],
            alt_text=alt_text[:300],
            photographer=next((p.name or "" for p in association.people if p.rel == "photographer"), "")[
                :200
            ],
            source=next((s.name or "" for s in association.infoSources), "")[:200],
            copyright_notice=association.copyrightNotice or "",
            headline=next((h.value for h in association.headlines), "")[:300],
        )
        try:
            result = photo_ingest(
                file=ContentFile(content, name=content_name),
                uploaded_by=user,
                original_filename=content_name,
                allow_similar=True,
                photo=described,
            )
        except ValidationError as error:
            raise IngestRefused(
                f"The picture of association “{association.name}” was refused: " + " ".join(error.messages),
                status=422,
                code="photo_refused",
                problems=error.messages,
            ) from error
        except PermissionDenied as error:
            raise IngestRefused(str(error), status=403, code="not_allowed") from error
        photo = result.photo
        # A picture the library already holds keeps its own caption; the item's becomes the story's.
        uses[association.name] = PhotoUse(photo, caption if caption and caption != photo.caption else "")
    return uses


def _picture_bytes(association: ItemAssociation) -> tuple[bytes, str]:
    """The picture carried inside the association as a data: URI (Newsroom fetches nothing)."""
    inline = [r for r in association.renditions if r.href and r.href.startswith("data:")]
    if not inline:
        raise IngestRefused(
            f"Association “{association.name}” carries no picture: Newsroom fetches nothing from the "
            "network, so send the file inside a rendition whose href is a data: URI (base64).",
            status=422,
            code="photo_not_inline",
        )
    rendition = next((r for r in inline if r.name == "original"), inline[0])
    match = DATA_URI.fullmatch(rendition.href)
    try:
        if match is None:
            raise ValueError
        content = base64.b64decode(match.group("data"), validate=True)
    except (ValueError, binascii.Error):
        raise IngestRefused(
            f"The data: URI of association “{association.name}” is not base64 data: "
            "write it as data:image/jpeg;base64,… .",
            status=422,
            code="photo_not_base64",
        ) from None
    name = rendition.title or f"{slugify(association.name) or 'photo'}.jpg"
    return content, name
