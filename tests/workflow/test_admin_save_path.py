"""The story form proposes and the workflow services write: one path for status, slug, audit and revisions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story, StorySlugRedirect
from articles.workflow.models import AuditEntry, StoryRevision
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def save(client, story, **changes):
    data = admin_form_data(client.get(change_url(story)), **changes)
    return client.post(change_url(story), data)


def actions(story):
    return list(story.audit_entries.order_by("at", "pk").values_list("action", flat=True))


def test_the_form_does_not_write_the_status_itself(editor_client, monkeypatch):
    """With the publish service doing nothing, asking the form to publish leaves the story a draft."""
    story = factories.make_story(with_revision=True)
    monkeypatch.setattr("articles.workflow.admin.story_publish", lambda **kwargs: kwargs["story"])

    response = save(editor_client, story, status="published")

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Story.Status.DRAFT, None)


def test_publishing_from_the_form_goes_through_the_service(editor_client, editor):
    story = factories.make_story(with_revision=True)

    assert save(editor_client, story, status="published").status_code == 302

    story.refresh_from_db()
    assert story.is_published()
    assert actions(story) == [AuditEntry.Action.PUBLISHED]
    latest = story.revisions.latest()
    assert (latest.number, latest.comment, latest.user) == (2, "Published", editor)


def test_saving_a_live_story_again_does_not_publish_it_again(editor_client):
    story = factories.make_story(with_revision=True)
    save(editor_client, story, status="published")

    assert (
        save(editor_client, Story.objects.get(pk=story.pk), headline="A better headline").status_code == 302
    )

    assert actions(story) == [AuditEntry.Action.PUBLISHED]
    assert story.revisions.latest().comment == ""
    assert Story.objects.get(pk=story.pk).headline == "A better headline"


def test_a_future_time_schedules_through_the_service(editor_client):
    story = factories.make_story(with_revision=True)
    at = timezone.localtime() + timedelta(days=2)

    save(
        editor_client,
        story,
        status="published",
        published_at_0=at.date().isoformat(),
        published_at_1=at.strftime("%H:%M:%S"),
    )

    story.refresh_from_db()
    assert story.is_scheduled()
    assert actions(story) == [AuditEntry.Action.SCHEDULED]


def test_unpublishing_and_returning_to_draft_from_the_form(editor_client):
    story = factories.make_story(status=Story.Status.PUBLISHED, with_revision=True)

    save(editor_client, story, status="unpublished")
    save(editor_client, Story.objects.get(pk=story.pk), status="draft")

    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT
    assert actions(story) == [AuditEntry.Action.UNPUBLISHED, AuditEntry.Action.RETURNED_TO_DRAFT]


def test_a_slug_edit_goes_through_the_slug_service(editor_client, editor):
    story = factories.make_story(slug="old-address", with_revision=True)

    assert save(editor_client, story, slug="new-address").status_code == 302

    story.refresh_from_db()
    assert story.slug == "new-address"
    assert StorySlugRedirect.objects.get().old_slug == "old-address"
    entry = story.audit_entries.get()
    assert (entry.action, entry.detail, entry.user) == (
        AuditEntry.Action.ADDRESS_CHANGED,
        "old-address → new-address",
        editor,
    )


def test_a_new_story_from_the_form_gets_revision_one(editor_client, editor):
    section = factories.make_section()
    form_page = editor_client.get(reverse("admin:stories_story_add"))
    data = admin_form_data(form_page, headline="Ferry strike", slug="ferry-strike", section=str(section.pk))

    assert editor_client.post(reverse("admin:stories_story_add"), data).status_code == 302

    story = Story.objects.get(slug="ferry-strike")
    assert story.status == Story.Status.DRAFT
    revision = StoryRevision.objects.get(story=story)
    assert (revision.number, revision.comment, revision.user) == (1, "Created", editor)


def test_a_reporters_draft_edit_records_one_revision_and_no_audit(reporter_client, reporter):
    story = factories.make_story(with_revision=True, created_by=reporter)

    assert save(reporter_client, story, deck="A sharper deck.").status_code == 302

    assert story.revisions.count() == 2
    assert story.revisions.latest().user == reporter
    assert not story.audit_entries.exists()


def test_opening_the_form_writes_nothing(editor_client):
    story = factories.make_story()

    assert editor_client.get(change_url(story)).status_code == 200

    assert not StoryRevision.objects.exists()
    assert not AuditEntry.objects.exists()
