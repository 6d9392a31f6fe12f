"""What a topic may be called, and the shape of its address.

Topics are django-taggit tags. A topic keeps taggit's own slug, `slugify(name, allow_unicode=True)`
with "_1", "_2"… added when it is taken, so "Élections" lives at /topics/élections/ and "Москва" at
/topics/москва/ (as Wagtail's slugs do by default). Every such slug matches TOPIC_SLUG_REGEX, which
the topic URLs use; that keeps topics stored by any route, or by two saves racing to create the same
name in two spellings, reachable without rewriting a slug. A name with no letter or digit ("😀")
would get an empty slug and no page, so the story form refuses it, along with over-long names and
more topics than a story can use.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from taggit.models import Tag

from articles.control_characters import CONTROL_CHARACTERS

# Every slug taggit makes: word characters of any script, and hyphens (`[-\w]+`).
TOPIC_SLUG_REGEX = r"[-\w]+"
# Room left in the 100-character slug column for the "_12" taggit adds to a taken slug.
SLUG_SUFFIX_ROOM = 6


def topic_slug(name: str) -> str:
    """The slug taggit gives a new topic called `name` (before any "_1" for a taken slug)."""
    return Tag().slugify(name)


def validate_topic_names(names: Sequence[str]) -> None:
    """Raise ValidationError, one coded message per problem, unless `names` may be a story's topics."""
    limit = settings.STORY_MAX_TOPICS
    if len(names) > limit:
        # Checked first and alone: thousands of names are refused without looking at each.
        raise ValidationError(
            "A story can have at most %(limit)d topics; this one has %(count)d. Keep the ones "
            "readers would follow.",
            code="too_many_topics",
            params={"limit": limit, "count": len(names)},
        )
    slug_length = Tag._meta.get_field("slug").max_length - SLUG_SUFFIX_ROOM
    problems = []
    for name in names:
        shown = Truncator(name).chars(40)
        if CONTROL_CHARACTERS.search(name):
            problems.append(
                ValidationError(
                    "The topic “%(name)s” contains invisible control characters; type it again.",
                    code="topic_control_characters",
                    params={"name": CONTROL_CHARACTERS.sub("", shown)},
                )
            )
            continue
        slug = topic_slug(name)
        if len(name) > settings.TOPIC_MAX_LENGTH or len(slug) > slug_length:
            problems.append(
                ValidationError(
                    "The topic “%(name)s” is too long: a topic has at most %(limit)d characters "
                    "(this one has %(length)d).",
                    code="topic_too_long",
                    params={"name": shown, "limit": settings.TOPIC_MAX_LENGTH, "length": len(name)},
                )
            )
        elif not slug:
            problems.append(
                ValidationError(
                    "The topic “%(name)s” needs at least one letter or digit, so that it can have "
                    "a page of its own.",
                    code="topic_without_letters",
                    params={"name": shown},
                )
            )
    if problems:
        raise ValidationError(problems)
