"""Library photo edits as the newsroom makes them: the photos app's service, plus the rule it cannot
know by itself: a photo that a published or scheduled story prints keeps its caption, credit and alt text.

The publish gate (`story_publication_problems` in services.py) checks a story's photos when it
goes out; this keeps them so afterwards. (`photo_swap`, the other photo write that touches
stories, lives in services.py and refuses an undescribed replacement.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from articles.photos.models import Photo
from articles.photos.services import photo_update
from articles.stories.models import InlinePhoto, Story


def live_story_description_gaps(photo: Photo) -> list[str]:
    """One sentence per published or scheduled story that would print `photo`, as it stands in memory,
    without a caption, a credit or alt text. A story's own caption for the photo counts as its caption."""
    live = Story.objects.published() | Story.objects.scheduled()
    uses: dict[int, tuple[Story, list[str]]] = {}
    for story in live.filter(lead_photo=photo.pk).order_by("pk"):
        uses[story.pk] = (story, photo.missing_descriptions(caption_override=story.lead_photo_caption))
    blocks = InlinePhoto.objects.filter(photo=photo.pk, parent__in=live).select_related("parent")
    for block in blocks.order_by("parent_id", "ordering"):
        story, missing = uses.setdefault(block.parent_id, (block.parent, []))
        missing += [
            gap for gap in photo.missing_descriptions(caption_override=block.caption) if gap not in missing
        ]
    return [
        f"“{story.headline}” ({'scheduled' if story.is_scheduled() else 'published'}) would print it "
        f"without {', '.join(missing)}."
        for story, missing in uses.values()
        if missing
    ]


def photo_update_in_stories(*, photo: Photo, user: AbstractBaseUser | None, fields: Iterable[str]) -> Photo:
    """`photo_update` with the live-story rule: refuses (code "photo_in_live_story") to let a
    published or scheduled story print the photo without a caption, credit or alt text."""
    return photo_update(photo=photo, user=user, fields=fields, check_uses=live_story_description_gaps)
