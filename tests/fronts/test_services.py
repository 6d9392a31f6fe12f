"""Arranging, scheduling and cancelling front changes: the services' rules, refusals and audit trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.fronts.models import FRONT_SLOTS, Arrangement
from articles.fronts.services import front_arrange, front_schedule, front_schedule_cancel
from articles.stories.models import Story
from articles.workflow.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def live(**fields):
    return factories.make_story(status=Story.Status.PUBLISHED, **fields)


def test_arranging_a_front_stores_the_stories_in_slot_order_and_audits_each(editor):
    first, second = live(), live()

    arrangement = front_arrange(section=None, stories=[second, first], user=editor)

    assert [(slot.position, slot.story) for slot in arrangement.slots.order_by("position")] == [
        (1, second),
        (2, first),
    ]
    assert arrangement.is_live() and arrangement.created_by == editor
    placed = AuditEntry.objects.filter(action=AuditEntry.Action.FRONT_PLACED)
    assert {(entry.story, entry.detail) for entry in placed} == {
        (second, "Home page: the lead, now"),
        (first, "Home page: slot 2, now"),
    }


def test_a_scheduled_change_waits_for_its_time_and_cancelling_removes_it(editor):
    story = live()
    at = timezone.now() + timedelta(hours=1)

    scheduled = front_schedule(section=None, stories=[story], user=editor, takes_effect_at=at)

    assert scheduled.is_scheduled() and not scheduled.is_live()
    assert list(Arrangement.objects.of_front(None).in_effect()) == []
    front_schedule_cancel(arrangement=scheduled, user=editor)
    assert not Arrangement.objects.exists()
    assert AuditEntry.objects.filter(story=story, action=AuditEntry.Action.FRONT_CHANGE_CANCELLED).exists()


def test_a_live_arrangement_cannot_be_cancelled(editor):
    arrangement = front_arrange(section=None, stories=[live()], user=editor)

    with pytest.raises(ValidationError, match="already taken effect") as refusal:
        front_schedule_cancel(arrangement=arrangement, user=editor)

    assert refusal.value.code == "already_live"
    assert Arrangement.objects.filter(pk=arrangement.pk).exists()


@pytest.mark.parametrize(
    ("make", "code", "sentence"),
    [
        (lambda section: [factories.make_story(section=section)], "not_published", "publish or schedule it"),
        (
            lambda section: [factories.make_story(section=section, status=Story.Status.UNPUBLISHED)],
            "not_published",
            "cannot go on a front",
        ),
        (lambda section: [live()], "other_section", "shows its own stories only"),
        (lambda section: [story := live(section=section), story], "story_twice", "only one slot"),
        (
            lambda section: [live(section=section) for _ in range(FRONT_SLOTS + 1)],
            "too_many",
            f"at most {FRONT_SLOTS} stories",
        ),
    ],
    ids=["draft", "unpublished", "other-section", "twice", "too-many"],
)
def test_refusals_are_sentences_and_write_nothing(editor, make, code, sentence):
    section = factories.make_section(name="News")
    kept = front_arrange(section=section, stories=[live(section=section)], user=editor)

    with pytest.raises(ValidationError, match=sentence) as refusal:
        front_arrange(section=section, stories=make(section), user=editor)

    assert refusal.value.code == code
    assert list(Arrangement.objects.all()) == [kept]


def test_a_scheduled_change_needs_a_future_time_and_a_free_one(editor):
    story = live()
    with pytest.raises(ValidationError, match="time in the future"):
        front_schedule(section=None, stories=[story], user=editor, takes_effect_at=timezone.now())

    at = timezone.now() + timedelta(hours=2)
    front_schedule(section=None, stories=[story], user=editor, takes_effect_at=at)
    with pytest.raises(ValidationError, match="already changes at that time"):
        front_schedule(section=None, stories=[], user=editor, takes_effect_at=at)
    assert Arrangement.objects.count() == 1


def test_a_change_based_on_an_outdated_front_is_refused(editor):
    """Two editors open the front; the second to save would silently undo the first's change."""
    story = live()
    seen = front_arrange(section=None, stories=[story], user=editor)
    front_arrange(
        section=None, stories=[live(), story], user=editor, check_stale=True, expected_live_id=seen.pk
    )

    with pytest.raises(ValidationError, match="Someone else changed this front") as refusal:
        front_arrange(section=None, stories=[], user=editor, check_stale=True, expected_live_id=seen.pk)

    assert refusal.value.code == "stale"
    assert Arrangement.objects.count() == 2


def test_only_editors_may_arrange_or_cancel(reporter, editor):
    story = live()
    with pytest.raises(PermissionDenied):
        front_arrange(section=None, stories=[story], user=reporter)
    scheduled = front_schedule(
        section=None, stories=[story], user=editor, takes_effect_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(PermissionDenied):
        front_schedule_cancel(arrangement=scheduled, user=reporter)
    assert Arrangement.objects.count() == 1
