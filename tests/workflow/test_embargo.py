"""An embargo time is enforced: nothing publishes a story before it, by any route, and the admin says
why; scheduling for the embargo time or later stays allowed (issue 12, item 13)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.services import story_publish, story_schedule
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:stories_story_changelist")


@pytest.fixture
def embargoed():
    """A draft under embargo for another hour."""
    return factories.make_story(
        headline="Ministry report", embargo_ends_at=timezone.now() + timedelta(hours=1)
    )


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def assert_still_a_draft(story):
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Story.Status.DRAFT, None)
    assert not story.audit_entries.exists()


def test_the_publish_now_action_refuses_an_embargoed_story_and_says_why(editor_client, embargoed):
    response = editor_client.post(
        CHANGELIST, {"action": "publish_now", helpers.ACTION_CHECKBOX_NAME: [embargoed.pk]}, follow=True
    )

    assert response.status_code == 200
    until = f"{timezone.localtime(embargoed.embargo_ends_at):%Y-%m-%d %H:%M}"
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert errors[0].startswith("“Ministry report” was not published: This story is embargoed until " + until)
    assert_still_a_draft(embargoed)


@pytest.mark.parametrize("at", [None, timedelta(minutes=-1)], ids=["now", "a minute early"])
def test_the_service_refuses_any_time_before_the_embargo(editor, embargoed, at):
    when = None if at is None else embargoed.embargo_ends_at + at
    with pytest.raises(ValidationError, match="embargoed until") as refused:
        story_publish(story=embargoed, user=editor, at=when)
    assert refused.value.code == "embargoed"
    assert_still_a_draft(embargoed)


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=30)], ids=["at", "after"])
def test_scheduling_at_or_after_the_embargo_is_allowed_and_appears_then(editor, embargoed, after):
    at = embargoed.embargo_ends_at + after

    story_schedule(story=embargoed, user=editor, at=at)

    assert Story.objects.scheduled().filter(pk=embargoed.pk).exists()
    with mock.patch("django.utils.timezone.now", return_value=at):
        assert Story.objects.published().filter(pk=embargoed.pk).exists()


def test_the_form_refuses_to_publish_before_the_embargo_and_keeps_the_input(editor_client, embargoed):
    data = admin_form_data(editor_client.get(change_url(embargoed)), status="published", deck="New deck")

    response = editor_client.post(change_url(embargoed), data)

    assert response.status_code == 400
    assert "This story is embargoed until" in response.content.decode()
    assert 'value="New deck"' in response.content.decode()
    assert_still_a_draft(embargoed)


def test_the_form_schedules_for_the_embargo_time(editor_client, embargoed):
    local = timezone.localtime(embargoed.embargo_ends_at + timedelta(minutes=1))
    data = admin_form_data(
        editor_client.get(change_url(embargoed)),
        status="published",
        published_at_0=local.date().isoformat(),
        published_at_1=local.strftime("%H:%M:%S"),
    )

    assert editor_client.post(change_url(embargoed), data).status_code == 302

    embargoed.refresh_from_db()
    assert embargoed.is_scheduled()
    assert embargoed.audit_entries.get().action == "scheduled"


def test_moving_the_embargo_past_a_scheduled_time_is_refused(editor_client, editor):
    """A schedule never releases a story early: the embargo cannot be set later than its time."""
    story = factories.make_story()
    story_schedule(story=story, user=editor, at=timezone.now() + timedelta(hours=1))
    later = timezone.localtime(story.published_at + timedelta(hours=1))
    data = admin_form_data(
        editor_client.get(change_url(story)),
        embargo_ends_at_0=later.date().isoformat(),
        embargo_ends_at_1=later.strftime("%H:%M:%S"),
    )

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 400
    assert "This story is embargoed until" in response.content.decode()
    story.refresh_from_db()
    assert story.embargo_ends_at is None


def test_the_change_form_shows_the_embargo(editor_client, embargoed):
    response = editor_client.get(change_url(embargoed))

    assert "Embargoed until" in response.content.decode()


def test_reporters_cannot_lift_an_embargo(reporter_client, reporter):
    story = factories.make_story(created_by=reporter, embargo_ends_at=timezone.now() + timedelta(hours=1))
    data = admin_form_data(reporter_client.get(change_url(story)), embargo_ends_at_0="", embargo_ends_at_1="")

    assert reporter_client.post(change_url(story), data).status_code == 302

    story.refresh_from_db()
    assert story.embargo_ends_at is not None
