"""Putting a front together from its loaded stories: the pinned ones in their slots, the rest newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articles.stories.models import Story


@dataclass(frozen=True)
class ComposedFront:
    top: list[Story]  # the front's slots in order: top[0] is the lead
    rest: list[Story]  # everything else, newest first, without the stories in `top`


def newest_first(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda story: (story.published_at, story.pk), reverse=True)


def front_compose(stories: Iterable[Story], *, unarranged_lead: bool = True) -> ComposedFront:
    """Fill each slot of the live arrangement with its pinned story, or else with the newest unpinned one.

    Reads the `front_position`/`front_slots` annotations of `with_front()`. Pinned stories readers
    may not see were never loaded, so their slots fall back like empty ones. An unarranged front
    has one slot, the lead (the newest story, as the home page had before fronts), or none
    without `unarranged_lead` (a section page is a plain list until its editors arrange it).
    """
    stories = list(stories)
    arranged = max((story.front_slots or 0 for story in stories), default=0)
    slot_count = arranged or (1 if unarranged_lead else 0)
    pinned = {story.front_position: story for story in stories if story.front_position}
    rest = newest_first(story for story in stories if not story.front_position)
    top = []
    for position in range(1, slot_count + 1):
        if position in pinned:
            top.append(pinned[position])
        elif rest:
            top.append(rest.pop(0))
    return ComposedFront(top=top, rest=rest)
