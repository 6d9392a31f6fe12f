"""What the alerts box offers to follow on the page it is on; reads only what the page loaded."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class FollowOffer:
    label: str  # "" for breaking news in general
    value: str  # the signup form's "follow" value: "breaking" or "<kind>:<id>"


def _story_topics(story) -> list:
    # Story.topics (the editor's order) where the model has it, else the prefetched tags.
    topics = getattr(story, "topics", None)
    return list(topics) if topics is not None else list(story.tags.all())


@register.simple_tag(takes_context=True)
def alerts_follow_offer(context) -> FollowOffer:
    """A topic, author or section page offers itself; a story page its main topic, else its section;
    any other page breaking news in general."""
    for kind in ("topic", "author", "section"):
        target = context.get(kind)
        if target is not None and getattr(target, "pk", None) is not None:
            return FollowOffer(label=target.name, value=f"{kind}:{target.pk}")
    story = context.get("story")
    if story is not None and getattr(story, "pk", None) is not None:
        topics = _story_topics(story)
        if topics:
            return FollowOffer(label=topics[0].name, value=f"topic:{topics[0].pk}")
        return FollowOffer(label=story.section.name, value=f"section:{story.section_id}")
    return FollowOffer(label="", value="breaking")
