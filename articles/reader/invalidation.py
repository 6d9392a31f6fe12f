"""Every write readers could see retires the cached pages (content_changed), whoever makes it.

This is the one place the house rule "services, not signals" is bent, on purpose: the cache is
the reader app's own concern, and model signals catch every write path at once — the admin, the
services, the demo seed, an import or a shell — where a call in each service would be missed by
the next one written. Writes to drafts and submitted stories are skipped: readers never see
them. A bulk `QuerySet.update()` sends no signal; code that writes that way calls
`content_changed()` itself.

Each handler also names, for the optional CDN purge (purge.py), the surrogate keys of the pages
that showed what changed; that costs nothing while READER_PURGE_URL is empty.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles.fronts.models import Arrangement, Slot
from articles.photos.models import Photo, Rendition
from articles.reader.content_version import content_changed
from articles.reader.purge import every_page_keys, purge_after_commit, stories_keys, story_keys
from articles.reader.surrogate_keys import author_key, page_key, section_key, story_key, topic_key
from articles.stories.models import (
    Author,
    Byline,
    Contribution,
    InlinePhoto,
    Quote,
    RelatedStory,
    RichText,
    Section,
    Story,
    StorySlugRedirect,
)
from articles.workflow.models import StoryNote

UNSEEN_STATUSES = (Story.Status.DRAFT, Story.Status.SUBMITTED)


def _story_changed(sender, instance, **kwargs):
    if instance.status not in UNSEEN_STATUSES:
        content_changed()
        purge_after_commit(lambda: story_keys(instance))


def _story_part_changed(sender, instance, **kwargs):
    story_id = getattr(instance, "story_id", None) or getattr(instance, "parent_id", None)
    # A byline or a contribution also puts the story on (or takes it off) its author's page.
    extra = [author_key(instance.author_id)] if isinstance(instance, Byline | Contribution) else []
    _if_readers_see(story_id, extra)


def _tagging_changed(sender, instance, **kwargs):
    if instance.content_type.model_class() is Story:
        _if_readers_see(instance.object_id, [topic_key(instance.tag_id)])


def _if_readers_see(story_id, extra_keys: list[str]) -> None:
    if Story.objects.filter(pk=story_id).exclude(status__in=UNSEEN_STATUSES).exists():
        content_changed()
        purge_after_commit(lambda: [story_key(story_id), *extra_keys])


def _photo_changed(sender, instance, **kwargs):
    photo_id = instance.photo_id if isinstance(instance, Rendition) else instance.pk
    seen = ~Q(status__in=UNSEEN_STATUSES)
    stories = Story.objects.filter(
        seen, Q(lead_photo_id=photo_id) | Q(stories_inlinephoto_set__photo_id=photo_id)
    ).distinct()
    authors = Author.objects.filter(portrait_id=photo_id)
    if stories.exists() or authors.exists():
        content_changed()
        purge_after_commit(
            lambda: [*stories_keys(stories), *map(author_key, authors.values_list("pk", flat=True))]
        )


def _section_changed(sender, instance, **kwargs):
    content_changed()
    purge_after_commit(every_page_keys)  # every page's menu names the sections


def _author_changed(sender, instance, created=False, **kwargs):
    content_changed()
    if created:
        return  # on no page until a story names them
    bylined = Story.objects.exclude(status__in=UNSEEN_STATUSES).credited_to(instance)
    purge_after_commit(lambda: [author_key(instance.pk), page_key("author-feed"), *stories_keys(bylined)])


def _topic_changed(sender, instance, created=False, **kwargs):
    content_changed()
    if created:
        return  # on no page until a story is tagged with it
    tagged = Story.objects.exclude(status__in=UNSEEN_STATUSES).filter(tags__id=instance.pk)
    purge_after_commit(lambda: [topic_key(instance.pk), page_key("topic-feed"), *stories_keys(tagged)])


def _front_changed(sender, instance, **kwargs):
    # Always, even for a change scheduled later: the current version's end must become its time.
    content_changed()
    purge_after_commit(lambda: [_front_key(instance)])


def _front_key(instance) -> str:
    """The key of the page showing the front `instance` (an arrangement or one of its slots) belongs to."""
    if isinstance(instance, Slot):
        section_ids = Arrangement.objects.filter(pk=instance.arrangement_id).values_list(
            "section_id", flat=True
        )
        section_id = section_ids.first()
    else:
        section_id = instance.section_id
    return page_key("home") if section_id is None else section_key(section_id)


def _redirect_changed(sender, instance, **kwargs):
    content_changed()
    purge_after_commit(lambda: [story_key(instance.story_id)])  # the old address answered for the story


def connect() -> None:
    """Called once from ReaderConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_story_changed, sender=Story, dispatch_uid=f"reader-cache-story-{signal}")
        for part in (RichText, Quote, InlinePhoto, Byline, Contribution, RelatedStory, StoryNote):
            signal.connect(_story_part_changed, sender=part, dispatch_uid=f"reader-cache-{part}-{signal}")
        signal.connect(_tagging_changed, sender=TaggedItem, dispatch_uid=f"reader-cache-tagged-{signal}")
        for model in (Photo, Rendition):
            signal.connect(_photo_changed, sender=model, dispatch_uid=f"reader-cache-{model}-{signal}")
        for model, handler in (
            (Section, _section_changed),
            (Author, _author_changed),
            (Tag, _topic_changed),
            (StorySlugRedirect, _redirect_changed),
            (Arrangement, _front_changed),
            (Slot, _front_changed),
        ):
            signal.connect(handler, sender=model, dispatch_uid=f"reader-cache-{model}-{signal}")
