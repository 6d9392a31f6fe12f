"""Scheduled publishing without cron: visibility is decided against the clock."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.services import story_schedule
from tests import factories

pytestmark = pytest.mark.django_db


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def scheduled(editor):
    story = factories.make_story()
    story_schedule(story=story, user=editor, at=timezone.now() + timedelta(hours=2))
    return Story.objects.get(pk=story.pk)


@pytest.mark.parametrize(
    ("offset", "visible"),
    [(timedelta(seconds=-1), False), (timedelta(0), True), (timedelta(seconds=1), True)],
    ids=["before", "at", "after"],
)
def test_scheduled_story_becomes_public_at_its_time(scheduled, offset, visible):
    with at(scheduled.published_at + offset):
        assert Story.objects.published().filter(pk=scheduled.pk).exists() is visible
        assert Story.objects.scheduled().filter(pk=scheduled.pk).exists() is not visible
        assert scheduled.is_published() is visible


def test_unpublished_story_is_never_public(editor):
    story = factories.make_story(status=Story.Status.UNPUBLISHED, published_at=timezone.now())
    assert not Story.objects.published().filter(pk=story.pk).exists()
