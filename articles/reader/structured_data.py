"""schema.org JSON-LD for story pages (Google's NewsArticle)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static

from articles.photos.models import Photo
from articles.photos.renditions import best_rendition, rendition_url
from articles.stories.models import Story


def story_json_ld(story: Story, request: HttpRequest) -> dict[str, Any]:
    """A NewsArticle for `story`; reads only what `Story.objects.for_detail()` prefetched."""
    authors = [
        {
            "@type": "Person",
            "name": byline.author.name,
            "url": request.build_absolute_uri(byline.author.get_absolute_url()),
        }
        for byline in story.ordered_bylines
    ]
    if not authors:
        authors = [{"@type": "Organization", "name": story.desk_byline or settings.NEWSROOM_NAME}]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": request.build_absolute_uri(story.get_absolute_url()),
        "headline": story.headline,
        "description": story.description,
        "datePublished": story.published_at.isoformat(),
        "dateModified": max(story.updated_at, story.published_at).isoformat(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_NAME,
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static("reader/logo.png")),
                "width": 600,
                "height": 60,
            },
        },
        "articleSection": story.section.name,
        "keywords": [tag.name for tag in story.topics],
    }
    notes = story.ordered_notes
    if notes:
        # schema.org CorrectionComment: each correction or update note, with its time.
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{note.get_kind_display()}: {note.text}",
                "datePublished": note.created_at.isoformat(),
            }
            for note in notes
        ]
    if story.lead_photo_for_readers is not None:
        data["image"] = [image_object(story.lead_photo_for_readers, request, caption=story.lead_caption)]
    return data


def image_object(photo: Photo, request: HttpRequest, *, caption: str) -> dict[str, Any]:
    rendition = best_rendition(photo, width=1200, format="jpeg")
    image: dict[str, Any] = {"@type": "ImageObject", "caption": caption, "creditText": photo.credit}
    if rendition is not None:  # none until renditions are made: the original is never public
        image |= {
            "url": request.build_absolute_uri(rendition_url(rendition)),
            "width": rendition.width,
            "height": rendition.height,
        }
    if photo.copyright_notice:
        image["copyrightNotice"] = photo.copyright_notice
    return image
