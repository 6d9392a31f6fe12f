"""Scheduled publishing without cron: visibility is decided against the clock, and caches yield to it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.caching import reader_cache_timeout
from articles.models import Story
from articles.services import story_schedule
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


def test_cache_timeout_never_outlives_the_next_scheduled_story(scheduled):
    with at(scheduled.published_at - timedelta(seconds=90)):
        assert reader_cache_timeout(default=600) == 90
    with at(scheduled.published_at - timedelta(hours=1)):
        assert reader_cache_timeout(default=600) == 600
    with at(scheduled.published_at - timedelta(milliseconds=300)):
        assert reader_cache_timeout(default=600) == 1
    with at(scheduled.published_at + timedelta(seconds=1)):
        assert reader_cache_timeout(default=600) == 600


def test_cache_timeout_without_scheduled_stories_is_the_default():
    assert reader_cache_timeout(default=300) == 300
