"""Surrogate keys: the names a shared cache (a CDN, Varnish) files reader pages under.

A page's Surrogate-Key header lists them (page_cache.py) and, after a write, the purge hook
(purge.py) names the same keys so the shared cache drops exactly the pages that showed the
change. Both build them here, so the two can never spell a key differently.
"""

from __future__ import annotations

from taggit.models import Tag

from articles.stories.models import Author, Section, Story


def page_key(url_name: str) -> str:
    """Every response of one reader view (home, story-detail, feed, sitemap-news…) carries this key."""
    return f"page-{url_name}"


def story_key(story_id: int) -> str:
    return f"story-{story_id}"


def section_key(section_id: int) -> str:
    return f"section-{section_id}"


def author_key(author_id: int) -> str:
    return f"author-{author_id}"


def topic_key(tag_id: int) -> str:
    return f"topic-{tag_id}"


def keys_of(item: object) -> list[str] | None:
    """The keys naming `item` when it is a story, section, author or topic; None for anything else."""
    match item:
        case Story():
            return [story_key(item.pk), section_key(item.section_id)]
        case Section():
            return [section_key(item.pk)]
        case Author():
            return [author_key(item.pk)]
        case Tag():
            return [topic_key(item.pk)]
    return None
