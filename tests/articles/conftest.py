import pytest
from django.utils import timezone

from articles.models import Story
from tests import factories


def make_full_story(count, **overrides):
    """A published story with `count` of each: bylines, contributors, topics, related stories, body blocks."""
    section = factories.make_section()
    related = [factories.make_story(section=section, status=Story.Status.PUBLISHED) for _ in range(count)]
    story = factories.make_story(
        section=section,
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=1),
        lead_photo=factories.make_photo(),
        bylines=[factories.make_author() for _ in range(count)],
        contributors=[factories.make_author() for _ in range(count)],
        tags=[f"Topic {number}" for number in range(count)],
        related=related,
        **overrides,
    )
    for number in range(count):
        factories.add_text(story, f"<p>Paragraph {number}.</p>", ordering=30 * number + 10)
        factories.add_quote(story, quote=f"Quote {number}", ordering=30 * number + 20)
        factories.add_inline_photo(story, ordering=30 * number + 30)
    return story


@pytest.fixture
def full_story(db):
    return make_full_story


def make_published_stories(count, **overrides):
    stories = []
    for number in range(count):
        fields = {
            "status": Story.Status.PUBLISHED,
            "published_at": timezone.now() - timezone.timedelta(minutes=number + 1),
            "lead_photo": factories.make_photo(),
            "bylines": [factories.make_author()],
            "tags": ["Budget"],
        } | overrides
        stories.append(factories.make_story(**fields))
    return stories
