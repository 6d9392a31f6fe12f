"""Published stories as ninjs 3.1 (IPTC's News in JSON) documents.

Field names follow the 3.1 schema (camelCase since ninjs 2.0: `versionCreated`, `firstCreated`,
`copyrightNotice`, `usageTerms`, and `by` for the byline). The mapping is tabled in docs/api.md.
Reads only what `stories_for_api()` loaded, so a page of documents costs one query.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import get_text_list

from articles.api.body_html import photo_html, quote_html
from articles.photos.models import Photo, Rendition
from articles.stories.models import Story, StoryQuerySet
from articles.stories.sanitizer import sanitize_html
from articles.workflow.models import StoryRevision

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
CONTENT_TYPES = {Rendition.Format.WEBP: "image/webp", Rendition.Format.JPEG: "image/jpeg"}
ORIGINAL_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
LEAD = "lead"


def stories_for_api(queryset: StoryQuerySet) -> StoryQuerySet:
    """`queryset` with everything a ninjs or plain document prints, in one query per page.

    The story page's loading (`for_detail()`), plus the newest revision number as the ninjs version.
    """
    newest_revision = (
        StoryRevision.objects.filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        .annotate(newest=Max("number"))
        .values("newest")
    )
    return queryset.for_detail().annotate(revision_number=Subquery(newest_revision))


def item_uri(kind: str, pk: int) -> str:
    """The item's lasting identifier: the site's host and the row, never the slug (slugs change)."""
    host = urlsplit(settings.NEWSROOM_SITE_URL).hostname or "localhost"
    return f"urn:newsroom:{host}:{kind}:{pk}"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def absolute(base_url: str, path: str) -> str:
    return urljoin(base_url + "/", path)


def byline_text(story: Story) -> str:
    names = [byline.author.name for byline in story.ordered_bylines]
    return str(get_text_list(names, "and")) if names else story.desk_byline


def story_ninjs(story: Story, *, base_url: str, with_originals: bool = False) -> dict[str, Any]:
    """One story as a ninjs 3.1 document; `with_originals` embeds each photo's original (export only)."""
    associations = []
    lead = story.lead_photo_for_readers
    if lead is not None:
        associations.append(
            photo_association(
                lead,
                name=LEAD,
                caption=story.lead_caption,
                base_url=base_url,
                with_original=with_originals,
            )
        )
    body: list[str] = []
    for number, (kind, block) in enumerate(story.body_blocks, start=1):
        if kind == "text":
            body.append(sanitize_html(block.text))
        elif kind == "quote":
            body.append(quote_html(block.quote, block.attribution))
        else:
            name = f"inline-{number}"
            caption = block.caption or block.photo.caption
            association = photo_association(
                block.photo, name=name, caption=caption, base_url=base_url, with_original=with_originals
            )
            associations.append(association)
            first = next(iter(association.get("renditions", ())), {})
            body.append(
                photo_html(
                    association=name,
                    src=first.get("href", "") if first.get("name") != "original" else "",
                    alt=block.photo.alt_text,
                    width=first.get("width", 0),
                    height=first.get("height", 0),
                    caption=block.photo.caption_with_credit(block.caption),
                )
            )
    html = "".join(body)
    text = strip_tags(html)
    document: dict[str, Any] = {
        "standard": NINJS_STANDARD,
        "uri": item_uri("story", story.pk),
        "type": "text",
        "representationType": "full",
        "version": str(story.revision_number or 1),
        "firstCreated": iso(story.published_at),
        "versionCreated": iso(story.updated_at),
        "pubStatus": "usable",
        "language": settings.LANGUAGE_CODE,
        "slugline": story.slug,
        "headlines": [{"role": "main", "value": story.headline}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": html,
                "charCount": len(text),
                "wordCount": len(text.split()),
            }
        ],
        "by": byline_text(story),
        "subjects": [
            {
                "name": story.section.name,
                "rel": "section",
                "literal": story.section.slug,
                "uri": absolute(base_url, story.section.get_absolute_url()),
            },
            *(
                {
                    "name": topic.name,
                    "rel": "topic",
                    "literal": topic.slug,
                    "uri": absolute(base_url, reverse("articles:topic-detail", kwargs={"slug": topic.slug})),
                }
                for topic in story.topics
            ),
        ],
        "renditions": [
            {"name": "web", "href": absolute(base_url, story.get_absolute_url()), "contentType": "text/html"}
        ],
    }
    if story.kicker:
        document["headlines"].append({"role": "kicker", "value": story.kicker})
    if story.deck:
        document["descriptions"] = [{"role": "summary", "value": story.deck}]
    people = [
        *(_person(credit.author, "author", base_url) for credit in story.ordered_bylines),
        *(_person(credit.author, "contributor", base_url) for credit in story.ordered_contributions),
    ]
    if people:
        document["people"] = people
    if associations:
        document["associations"] = associations
    return document


def _person(author, rel: str, base_url: str) -> dict[str, str]:
    return {
        "name": author.name,
        "rel": rel,
        "literal": author.slug,
        "uri": absolute(base_url, author.get_absolute_url()),
    }


def photo_association(
    photo: Photo, *, name: str, caption: str, base_url: str, with_original: bool = False
) -> dict[str, Any]:
    """A photo as a ninjs association: public renditions only, unless `with_original` (the export)."""
    association: dict[str, Any] = {
        "name": name,
        "rel": LEAD if name == LEAD else "inline",
        "uri": item_uri("photo", photo.pk),
        "type": "picture",
    }
    descriptions = [{"role": "caption", "value": caption}] if caption else []
    if photo.alt_text:
        descriptions.append({"role": "alt", "value": photo.alt_text})
    if descriptions:
        association["descriptions"] = descriptions
    if photo.headline:
        association["headlines"] = [{"role": "main", "value": photo.headline}]
    if photo.credit:
        association["by"] = photo.credit
    if photo.photographer:
        association["people"] = [{"name": photo.photographer, "rel": "photographer"}]
    if photo.source:
        association["infoSources"] = [{"name": photo.source, "role": "source"}]
    if photo.copyright_notice:
        association["copyrightNotice"] = photo.copyright_notice
    if photo.usable_until is not None:
        association["usageTerms"] = f"Licensed for use until {photo.usable_until.isoformat()}."
    if photo.digital_source_type:
        association["digitalSourceType"] = (
            {"uri": photo.digital_source_type}
            if photo.digital_source_type.startswith("http")
            else {"name": photo.digital_source_type}
        )
    renditions = [
        {
            "name": f"{rendition.crop or 'full'}-{rendition.width}-{rendition.format}",
            "href": absolute(base_url, rendition.file.url),
            "contentType": CONTENT_TYPES[rendition.format],
            "width": rendition.width,
            "height": rendition.height,
        }
        for rendition in getattr(photo, "rendition_list", ())
    ]
    if with_original:
        renditions.insert(0, _original(photo))
    if renditions:
        association["renditions"] = renditions
    return association


def _original(photo: Photo) -> dict[str, Any]:
    content_type = ORIGINAL_TYPES.get(photo.image_format, "application/octet-stream")
    with photo.image.open("rb") as stream:
        data = base64.b64encode(stream.read()).decode()
    return {
        "name": "original",
        "href": f"data:{content_type};base64,{data}",
        "contentType": content_type,
        "title": photo.original_filename,
        "width": photo.width,
        "height": photo.height,
    }
