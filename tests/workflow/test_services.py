"""Workflow services: statuses, audit trail, photo checks and the permission matrix."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.stories.models import InlinePhoto, Story
from articles.workflow.models import AuditEntry
from articles.workflow.services import (
    story_note_add,
    story_publication_problems,
    story_publish,
    story_schedule,
    story_submit,
    story_unpublish,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_reporter_submits_and_editor_publishes_with_an_audit_trail(reporter, editor):
    story = factories.make_story(created_by=reporter)
    story_submit(story=story, user=reporter)
    assert Story.objects.submitted().get() == story
    story_publish(story=story, user=editor)
    story_unpublish(story=story, user=editor)
    assert Story.objects.unpublished().get() == story
    assert list(story.audit_entries.order_by("at", "pk").values_list("action", "user_name")) == [
        ("submitted", "reporter"),
        ("published", "editor"),
        ("unpublished", "editor"),
    ]
    assert story.revisions.count() == 3


@pytest.mark.parametrize(
    "step",
    [
        lambda story, user: story_publish(story=story, user=user),
        lambda story, user: story_schedule(story=story, user=user, at=timezone.now() + timedelta(hours=1)),
        lambda story, user: story_unpublish(story=story, user=user),
    ],
    ids=["publish", "schedule", "unpublish"],
)
@pytest.mark.parametrize("role", ["reporter", "photo_desk", "staff_without_role"])
def test_only_editors_publish_schedule_or_unpublish(request, step, role):
    user = request.getfixturevalue(role)
    story = factories.make_story(status=Story.Status.PUBLISHED)
    with pytest.raises(PermissionDenied, match="Only editors"):
        step(story, user)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert not story.audit_entries.exists()


def test_schedule_refuses_a_past_time(editor):
    story = factories.make_story()
    with pytest.raises(ValidationError, match="in the future"):
        story_schedule(story=story, user=editor, at=timezone.now() - timedelta(minutes=1))


def test_schedule_is_audited_with_its_time(editor):
    story = factories.make_story()
    story_schedule(story=story, user=editor, at=timezone.now() + timedelta(hours=3))
    assert story.is_scheduled()
    assert story.audit_entries.get().action == AuditEntry.Action.SCHEDULED


def test_publication_problems_list_every_incomplete_photo():
    lead = factories.make_photo(caption="", credit="")
    inline = factories.make_photo(alt_text="", decorative=True, credit="")
    story = factories.make_story(lead_photo=lead)
    InlinePhoto.objects.create(parent=story, region="body", ordering=10, photo=inline, caption="Given here")
    problems = story_publication_problems(story=story)
    assert problems == [
        f"The lead photo “{lead}” needs a caption, a credit.",
        f"Inline photo 1 “{inline}” needs a credit.",
    ]


def test_publish_refuses_incomplete_photos_and_changes_nothing(editor):
    # Batch uploads may leave alt text empty (or blank); publishing is where it is required.
    lead = factories.make_photo(alt_text="   ", credit="Courtesy")
    story = factories.make_story(lead_photo=lead)
    with pytest.raises(ValidationError) as error:
        story_publish(story=story, user=editor)
    assert error.value.messages == [f"The lead photo “{lead}” needs alt text (or the decorative mark)."]
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT


def test_courtesy_credit_and_story_caption_override_are_enough(editor):
    lead = factories.make_photo(caption="", credit="Courtesy")
    story = factories.make_story(lead_photo=lead, lead_photo_caption="The mayor at the council meeting.")
    story_publish(story=story, user=editor)
    assert story.is_published()


def test_correction_note_raises_modified_time_and_is_audited(editor):
    story = factories.make_story(status=Story.Status.PUBLISHED)
    before = story.updated_at
    note = story_note_add(story=story, user=editor, kind="correction", text="The vote was 7-2, not 6-3.")
    assert Story.objects.get(pk=story.pk).updated_at > before
    entry = story.audit_entries.get()
    assert (entry.action, entry.detail) == ("corrected", note.text)
