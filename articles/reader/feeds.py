"""RSS 2.0 and Atom feeds of published stories, with the lead photo as Media RSS `media:content`.

Feed readers read RSS `<description>` and Atom `<summary type="html">` as HTML, so every stored
text that lands there (deck, search description, notes, section descriptions, author and topic
names) is HTML-escaped first; titles, names and categories are plain-text elements and stay as typed.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html_join
from taggit.models import Tag

from articles.control_characters import strip_control_characters
from articles.photos.renditions import best_rendition, rendition_url
from articles.stories.models import Author, Section, Story

MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"
FEED_LENGTH = 30


def _add_media_content(handler, item) -> None:
    media = item.get("media")
    if not media:
        return
    handler.startElement(
        "media:content",
        {
            "url": media["url"],
            "type": media["type"],
            "medium": "image",
            "width": str(media["width"]),
            "height": str(media["height"]),
        },
    )
    handler.addQuickElement("media:description", media["caption"])
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    handler.endElement("media:content")


def _xml_safe(value):
    """`value` (a text, or lists and dicts of them) without the control characters XML 1.0 cannot carry.

    Text typed or imported with one (a stray \\x07 in a headline) would otherwise make Django's
    feed writer raise, and the whole feed answer 500.
    """
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    return value


class XmlSafeFeed:
    """Cleans the channel's and every item's texts before the feed writer sees them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_xml_safe(args), **_xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*_xml_safe(args), **_xml_safe(kwargs))


class MediaRssFeed(XmlSafeFeed, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _add_media_content(handler, item)


class MediaAtomFeed(XmlSafeFeed, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _add_media_content(handler, item)


class StoryFeed(Feed):
    """The whole site's latest stories; subclasses narrow `items()` to one section, topic or author."""

    feed_types = {"rss": MediaRssFeed, "atom": MediaAtomFeed}

    def __call__(self, request, *args, **kwargs):
        # Feed instances are shared by every request: work on a copy that knows this request.
        feed = copy.copy(self)
        feed.request = request
        feed.feed_type = self.feed_types[kwargs.pop("feed_format")]
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        return settings.NEWSROOM_NAME

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return escape(f"The latest stories from {settings.NEWSROOM_NAME}.")

    def stories(self, obj):
        return Story.objects.published()

    def items(self, obj=None):
        return self.stories(obj).for_feed().order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        """The summary and each correction or update note, as escaped paragraphs of HTML."""
        notes = [f"{note.get_kind_display()}: {note.text}" for note in story.ordered_notes]
        return format_html_join("", "<p>{}</p>", ((part,) for part in [story.description, *notes] if part))

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return max(story.updated_at, story.published_at)

    def item_author_name(self, story):
        names = [byline.author.name for byline in story.ordered_bylines]
        return ", ".join(names) or story.desk_byline or None

    def item_categories(self, story):
        return [tag.name for tag in story.topics]

    def item_extra_kwargs(self, story):
        photo = story.lead_photo_for_readers
        if photo is None:  # none, or its licence ran out: no image at all
            return {}
        rendition = best_rendition(photo, width=1200, format="jpeg")
        if rendition is None:  # renditions not made yet; the original is never public
            return {}
        site = get_current_site(self.request)
        return {
            "media": {
                "url": add_domain(site.domain, rendition_url(rendition), self.request.is_secure()),
                "type": "image/jpeg",
                "width": rendition.width,
                "height": rendition.height,
                "caption": story.lead_caption,
                "credit": photo.credit,
            }
        }


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} — {settings.NEWSROOM_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return escape(section.description or f"The latest {section.name} stories.")

    def stories(self, section):
        return Story.objects.published().filter(section=section)


class TopicFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, topic):
        return f"{topic.name} — {settings.NEWSROOM_NAME}"

    def link(self, topic):
        return reverse("articles:topic-detail", kwargs={"slug": topic.slug})

    def description(self, topic):
        return escape(f"Stories about {topic.name}.")

    def stories(self, topic):
        return Story.objects.published().tagged(topic)


class AuthorFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.name} — {settings.NEWSROOM_NAME}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return escape(f"Stories by {author.name}.")

    def stories(self, author):
        # The same stories as the author's page: bylined and contributed.
        return Story.objects.published().credited_to(author)
