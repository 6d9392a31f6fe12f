"""The plain JSON form of stories, sections, authors, topics and photos: flat names, no ninjs vocabulary."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from taggit.models import Tag

from articles.api.ninjs import absolute, byline_text, iso
from articles.photos.models import Photo
from articles.stories.models import Author, Section, Story
from articles.stories.sanitizer import render_html


def section_plain(section: Section, *, base_url: str) -> dict[str, Any]:
    return {
        "slug": section.slug,
        "name": section.name,
        "description": section.description,
        "url": absolute(base_url, section.get_absolute_url()),
    }


def author_plain(author: Author, *, base_url: str) -> dict[str, Any]:
    """An author; the portrait (when its licence runs) needs `Author.objects.with_portrait()`."""
    portrait = author.portrait_for_readers
    return {
        "slug": author.slug,
        "name": author.name,
        "job_title": author.job_title,
        "bio": author.bio,
        "url": absolute(base_url, author.get_absolute_url()),
        "portrait": photo_plain(portrait, caption=portrait.caption, base_url=base_url) if portrait else None,
    }


def topic_plain(topic: Tag, *, base_url: str) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "url": absolute(base_url, reverse("articles:topic-detail", kwargs={"slug": topic.slug})),
    }


def photo_plain(photo: Photo, *, caption: str, base_url: str) -> dict[str, Any]:
    """A photo's descriptions and its public renditions (`photo.rendition_list`); never the original."""
    return {
        "id": photo.pk,
        "caption": caption,
        "credit": photo.credit,
        "caption_with_credit": photo.caption_with_credit(caption if caption != photo.caption else ""),
        "alt_text": photo.alt_text,
        "decorative": photo.decorative,
        "photographer": photo.photographer,
        "source": photo.source,
        "copyright_notice": photo.copyright_notice,
        "usable_until": photo.usable_until.isoformat() if photo.usable_until else None,
        "width": photo.width,
        "height": photo.height,
        "renditions": [
            {
                "url": absolute(base_url, rendition.file.url),
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format,
                "crop": rendition.crop,
            }
            for rendition in getattr(photo, "rendition_list", ())
        ],
    }


def story_plain(story: Story, *, base_url: str) -> dict[str, Any]:
    """A story loaded by `stories_for_api()`, as plain JSON."""
    lead = story.lead_photo_for_readers
    body: list[dict[str, Any]] = []
    for kind, block in story.body_blocks:
        if kind == "text":
            body.append({"type": "text", "html": str(render_html(block.text, story.external_link_rel))})
        elif kind == "quote":
            body.append({"type": "quote", "quote": block.quote, "attribution": block.attribution})
        else:
            photo = photo_plain(block.photo, caption=block.caption or block.photo.caption, base_url=base_url)
            body.append({"type": "photo", "photo": photo})
    return {
        "id": story.pk,
        "slug": story.slug,
        "url": absolute(base_url, story.get_absolute_url()),
        "kicker": story.kicker,
        "headline": story.headline,
        "deck": story.deck,
        "section": section_plain(story.section, base_url=base_url),
        "byline": byline_text(story),
        "authors": [
            {"slug": credit.author.slug, "name": credit.author.name} for credit in story.ordered_bylines
        ],
        "contributors": [
            {"slug": credit.author.slug, "name": credit.author.name} for credit in story.ordered_contributions
        ],
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in story.topics],
        "published_at": iso(story.published_at),
        "updated_at": iso(story.updated_at),
        "lead_photo": photo_plain(lead, caption=story.lead_caption, base_url=base_url) if lead else None,
        "body": body,
    }
