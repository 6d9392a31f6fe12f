"""A Reporter cannot publish, schedule or unpublish by any admin route, crafted POSTs and actions included."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from articles.stories.models import Story
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:stories_story_changelist")


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


@pytest.mark.parametrize(
    "crafted",
    [
        {"status": "published"},
        {"status": "unpublished"},
        {"status": "draft", "published_at_0": "2030-01-01", "published_at_1": "09:00:00"},
    ],
    ids=["publish", "unpublish", "schedule"],
)
def test_crafted_change_form_post_is_refused(reporter_client, reporter, crafted):
    story = factories.make_story(created_by=reporter)  # their own draft: only publishing is refused
    data = admin_form_data(reporter_client.get(change_url(story)))
    data.update(crafted)
    response = reporter_client.post(change_url(story), data)
    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Story.Status.DRAFT, None)
    assert not story.audit_entries.exists()


def test_crafted_add_form_post_is_refused(reporter_client):
    section = factories.make_section()
    response = reporter_client.post(
        reverse("admin:stories_story_add"),
        {"headline": "Sneaky", "slug": "sneaky", "section": section.pk, "status": "published"},
    )
    assert response.status_code == 403
    assert not Story.objects.exists()


@pytest.mark.parametrize("action", ["publish_now", "unpublish"])
def test_publish_actions_are_refused_for_reporters(reporter_client, action):
    draft = factories.make_story()
    live = factories.make_story(status=Story.Status.PUBLISHED)
    response = reporter_client.post(
        CHANGELIST, {"action": action, helpers.ACTION_CHECKBOX_NAME: [draft.pk, live.pk]}
    )
    assert response.status_code == 403
    assert Story.objects.get(pk=draft.pk).status == Story.Status.DRAFT
    assert Story.objects.get(pk=live.pk).status == Story.Status.PUBLISHED
    actions = reporter_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert action not in [name for name, _label in actions]


def test_reporter_cannot_change_or_restore_a_published_story(reporter_client, editor):
    story = factories.make_story(status=Story.Status.PUBLISHED)
    assert reporter_client.get(change_url(story)).status_code == 200  # view only
    data = {"headline": "Rewritten", "status": "published"}
    assert reporter_client.post(change_url(story), data).status_code == 403
    from articles.workflow.revisions import story_revision_create

    revision = story_revision_create(story=story, user=editor)
    restore = reverse("admin:stories_story_revision_restore", args=[story.pk, revision.number])
    assert reporter_client.post(restore).status_code == 403


def test_reporter_submits_for_review_from_the_form(reporter_client, reporter):
    story = factories.make_story(created_by=reporter)
    data = admin_form_data(reporter_client.get(change_url(story)))
    data["_submit_for_review"] = "Save and submit for review"
    assert reporter_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.SUBMITTED
    assert story.audit_entries.get().user == reporter


def test_editor_actions_publish_and_unpublish(editor_client):
    draft = factories.make_story()
    editor_client.post(CHANGELIST, {"action": "publish_now", helpers.ACTION_CHECKBOX_NAME: [draft.pk]})
    assert Story.objects.get(pk=draft.pk).is_published()
    editor_client.post(CHANGELIST, {"action": "unpublish", helpers.ACTION_CHECKBOX_NAME: [draft.pk]})
    assert Story.objects.get(pk=draft.pk).status == Story.Status.UNPUBLISHED


def test_publish_action_reports_what_photos_lack(editor_client):
    story = factories.make_story(lead_photo=factories.make_photo(credit=""))
    response = editor_client.post(
        CHANGELIST, {"action": "publish_now", helpers.ACTION_CHECKBOX_NAME: [story.pk]}, follow=True
    )
    assert "was not published" in response.content.decode()
    assert "needs a credit" in response.content.decode()
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT


def test_reporter_cannot_add_a_correction_note_by_crafted_post(reporter_client, reporter):
    story = factories.make_story(created_by=reporter)
    data = admin_form_data(reporter_client.get(change_url(story)))
    data.update({"notes-TOTAL_FORMS": 1, "notes-0-kind": "correction", "notes-0-text": "Sneaky"})
    response = reporter_client.post(change_url(story), data)
    # The notes inline is read-only for reporters: the draft saves, the crafted note is ignored.
    assert response.status_code == 302
    assert not story.notes.exists()
    assert not story.audit_entries.filter(action="corrected").exists()
