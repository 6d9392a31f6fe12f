"""Every write readers could see retires the cached pages (content_changed), whoever makes it.

This is the one place the house rule "services, not signals" is bent, on purpose: the cache is
the reader app's own concern, and model signals catch every write path at once — the admin, the
services, the demo seed, an import or a shell — where a call in each service would be missed by
the next one written. Writes to drafts and submitted stories are skipped: readers never see
them. A bulk `QuerySet.update()` sends no signal; code that writes that way calls
`content_changed()` itself.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles.photos.models import Photo, Rendition
from articles.reader.content_version import content_changed
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


def _story_part_changed(sender, instance, **kwargs):
    _if_readers_see(getattr(instance, "story_id", None) or getattr(instance, "parent_id", None))


def _tagging_changed(sender, instance, **kwargs):
    if instance.content_type.model_class() is Story:
        _if_readers_see(instance.object_id)


def _if_readers_see(story_id) -> None:
    if Story.objects.filter(pk=story_id).exclude(status__in=UNSEEN_STATUSES).exists():
        content_changed()


def _photo_changed(sender, instance, **kwargs):
    photo_id = instance.photo_id if isinstance(instance, Rendition) else instance.pk
    seen = ~Q(status__in=UNSEEN_STATUSES)
    if (
        Story.objects.filter(seen, Q(lead_photo_id=photo_id) | Q(stories_inlinephoto_set__photo_id=photo_id))
        .distinct()
        .exists()
        or Author.objects.filter(portrait_id=photo_id).exists()
    ):
        content_changed()


def _always(sender, **kwargs):
    content_changed()


def connect() -> None:
    """Called once from ReaderConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_story_changed, sender=Story, dispatch_uid=f"reader-cache-story-{signal}")
        for part in (RichText, Quote, InlinePhoto, Byline, Contribution, RelatedStory, StoryNote):
            signal.connect(_story_part_changed, sender=part, dispatch_uid=f"reader-cache-{part}-{signal}")
        signal.connect(_tagging_changed, sender=TaggedItem, dispatch_uid=f"reader-cache-tagged-{signal}")
        for model in (Photo, Rendition):
            signal.connect(_photo_changed, sender=model, dispatch_uid=f"reader-cache-{model}-{signal}")
        for model in (Section, Author, Tag, StorySlugRedirect):
            signal.connect(_always, sender=model, dispatch_uid=f"reader-cache-{model}-{signal}")
