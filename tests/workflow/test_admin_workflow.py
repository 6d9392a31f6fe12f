"""The story admin's workflow: stale saves refused, presence, publishing checks, notes, audit, permissions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.models import AuditEntry, StoryRevision
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


@pytest.fixture
def second_editor(db):
    from django.contrib.auth.models import Group

    user = factories.make_user(username="second", first_name="Sam", last_name="Second", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_stale_save_is_refused_with_name_time_and_changes_and_keeps_the_edits(
    client, editor, second_editor, django_user_model
):
    """Two editors open a story; the first saves; the second is refused (400) and keeps their edits."""
    from django.test import Client

    story = factories.make_story(headline="Council approves budget", with_revision=True)
    first, second = Client(), Client()
    first.force_login(second_editor)
    second.force_login(editor)
    first_data = admin_form_data(first.get(change_url(story)))
    second_data = admin_form_data(second.get(change_url(story)))

    first_data["headline"] = "Council approves record budget"
    assert first.post(change_url(story), first_data).status_code == 302

    second_data["deck"] = "My own careful rewrite of the deck."
    response = second.post(change_url(story), second_data)

    assert response.status_code == 400
    revision = StoryRevision.objects.filter(story=story).latest()
    saved_at = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M:%S")
    assert f"Changed by Sam Second at {saved_at} since you opened it." in response.content.decode()
    # The refused editor's edits are still on the form, and the other editor's change is shown.
    assert response.context["adminform"].form["deck"].value() == "My own careful rewrite of the deck."
    changes = response.context["conflict_changes"]
    assert [change.label for change in changes] == ["Headline"]
    assert "<ins>record</ins>" in changes[0].marked_up
    story.refresh_from_db()
    assert story.headline == "Council approves record budget"
    assert story.deck != "My own careful rewrite of the deck."

    # Having seen the change, saving again is a deliberate decision and goes through.
    again = second_data | {"opened_revision": response.context["adminform"].form.data["opened_revision"]}
    assert second.post(change_url(story), again).status_code == 302
    story.refresh_from_db()
    assert story.deck == "My own careful rewrite of the deck."


def test_presence_shows_who_else_is_editing(client, editor, second_editor):
    from django.test import Client

    story = factories.make_story()
    first, second = Client(), Client()
    first.force_login(second_editor)
    second.force_login(editor)
    first.get(change_url(story))
    response = second.get(change_url(story))
    assert response.context["editing_others"] == ["Sam Second"]
    assert "is editing this story" in response.content.decode()
    ping = first.get(reverse("admin:stories_story_presence", args=[story.pk]))
    assert ping.json() == {"others": ["editor"]}


def test_every_admin_save_records_a_revision(editor_client):
    story = factories.make_story(with_revision=True)
    data = admin_form_data(editor_client.get(change_url(story)))
    data["headline"] = "Edited once"
    editor_client.post(change_url(story), data)
    data = admin_form_data(editor_client.get(change_url(story)))
    data["headline"] = "Edited twice"
    editor_client.post(change_url(story), data)
    headlines = [revision.snapshot["fields"]["headline"] for revision in story.revisions.order_by("number")]
    # Revision 1 was recorded when the story was created.
    assert headlines == [story.headline, "Edited once", "Edited twice"]


def test_publishing_is_blocked_with_a_list_of_what_photos_lack(editor_client):
    lead = factories.make_photo(caption="", credit="")
    story = factories.make_story(lead_photo=lead)
    data = admin_form_data(editor_client.get(change_url(story)))
    data.update(status="published", published_at_0="2026-01-01", published_at_1="09:00:00")
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 400
    problems = [str(problem) for problem in response.context["publish_problems"]]
    assert problems[0] == "This story cannot be published yet."
    assert "needs a caption, a credit." in problems[1]
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_courtesy_credit_and_decorative_photo_may_be_published(editor_client):
    lead = factories.make_photo(credit="Courtesy", alt_text="", decorative=True)
    story = factories.make_story(lead_photo=lead)
    data = admin_form_data(editor_client.get(change_url(story)))
    data.update(status="published", published_at_0="2026-01-01", published_at_1="09:00:00")
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.is_published()
    assert story.audit_entries.get().action == AuditEntry.Action.PUBLISHED


def test_scheduling_in_the_admin_is_audited_and_shows_the_embargo_banner(editor_client, editor):
    story = factories.make_story()
    data = admin_form_data(editor_client.get(change_url(story)))
    at = timezone.localtime(timezone.now() + timedelta(days=1))
    data.update(
        status="published",
        published_at_0=at.strftime("%Y-%m-%d"),
        published_at_1=at.strftime("%H:%M:%S"),
        embargo_note="Embargoed by the ministry until 09:00",
    )
    assert editor_client.post(change_url(story), data).status_code == 302
    entry = story.audit_entries.get()
    assert (entry.action, entry.user) == (AuditEntry.Action.SCHEDULED, editor)
    page = editor_client.get(change_url(story)).content.decode()
    assert "Scheduled:" in page
    assert "Embargoed by the ministry until 09:00" in page


def test_correction_note_from_the_admin_is_stamped_audited_and_raises_modified_time(editor_client, editor):
    story = factories.make_story(status=Story.Status.PUBLISHED)
    before = Story.objects.get(pk=story.pk).updated_at
    data = admin_form_data(editor_client.get(change_url(story)))
    data.update({"notes-TOTAL_FORMS": 1, "notes-0-kind": "correction", "notes-0-text": "The vote was 7-2."})
    assert editor_client.post(change_url(story), data).status_code == 302
    note = story.notes.get()
    assert note.created_by == editor
    assert story.audit_entries.filter(action=AuditEntry.Action.CORRECTED).count() == 1
    assert Story.objects.get(pk=story.pk).updated_at > before


def test_audit_trail_is_read_only_in_the_admin(editor_client, editor):
    story = factories.make_story()
    AuditEntry.objects.create(
        story=story, action=AuditEntry.Action.SUBMITTED, user=editor, user_name="editor"
    )
    entry = AuditEntry.objects.get()
    assert editor_client.get(reverse("admin:workflow_auditentry_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:workflow_auditentry_add")).status_code == 403
    response = editor_client.post(
        reverse("admin:workflow_auditentry_change", args=[entry.pk]), {"action": "published"}
    )
    assert response.status_code == 403
    assert editor_client.post(reverse("admin:workflow_auditentry_delete", args=[entry.pk])).status_code == 403
    assert AuditEntry.objects.get().action == AuditEntry.Action.SUBMITTED


def test_photo_desk_marks_a_photo_decorative_instead_of_writing_alt_text(client, editor):
    from articles.photos.models import Photo

    client.force_login(editor)
    response = client.post(
        reverse("admin:photos_photo_add"),
        {"image": factories.image_upload(), "caption": "A border", "credit": "Courtesy", "decorative": "on"},
    )
    assert response.status_code == 302
    assert Photo.objects.get().decorative is True
    refused = client.post(
        reverse("admin:photos_photo_add"),
        {"image": factories.image_upload(), "caption": "x", "credit": "y"},
    )
    assert refused.status_code == 400
    assert "Describe the picture, or mark the photo as decorative." in refused.content.decode()
