"""The ownership rule (permissions.py): reporters change only the drafts they created, are bylined on
or are assigned to, read everyone's, and editors change every story. Checked on every route
(issue 12, items 9 and 10)."""

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.models import PreviewLink
from articles.workflow.previews import preview_link_create, preview_link_revoke
from articles.workflow.revisions import story_revision_create, story_revision_restore
from articles.workflow.services import story_change_slug, story_submit
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:stories_story_changelist")


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


@pytest.fixture
def colleague(db):
    """Another reporter, the owner of `their_draft`."""
    from django.contrib.auth.models import Group

    user = factories.make_user(username="colleague", is_staff=True)
    user.groups.add(Group.objects.get(name="Reporters"))
    return user


@pytest.fixture
def their_draft(colleague):
    return factories.make_story(headline="Colleague's scoop", created_by=colleague, with_revision=True)


# Reading is open; changing is not.


def test_a_reporter_reads_another_reporters_draft_read_only(reporter_client, their_draft):
    response = reporter_client.get(change_url(their_draft))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="headline"' not in response.content.decode()
    assert "Save and submit for review" not in response.content.decode()


def test_a_reporter_cannot_save_another_reporters_draft(reporter_client, their_draft):
    data = {"headline": "Taken over", "slug": their_draft.slug, "section": their_draft.section_id}

    response = reporter_client.post(change_url(their_draft), data)

    assert response.status_code == 403
    their_draft.refresh_from_db()
    assert their_draft.headline == "Colleague's scoop"
    assert their_draft.revisions.count() == 1


def owned_by_byline(reporter):
    return factories.make_story(bylines=[factories.make_author(user=reporter)])


def owned_by_assignment(reporter):
    story = factories.make_story()
    story.assigned_to.add(reporter)
    return story


@pytest.mark.parametrize(
    "make_owned",
    [lambda reporter: factories.make_story(created_by=reporter), owned_by_byline, owned_by_assignment],
    ids=["created", "bylined", "assigned"],
)
def test_a_reporter_changes_a_draft_they_own(reporter_client, reporter, make_owned):
    story = make_owned(reporter)
    data = admin_form_data(reporter_client.get(change_url(story)), headline="Sharper headline")

    response = reporter_client.post(change_url(story), data)

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Sharper headline"


def test_a_story_a_reporter_adds_is_theirs(reporter_client, reporter):
    section = factories.make_section()
    data = admin_form_data(
        reporter_client.get(reverse("admin:stories_story_add")),
        headline="New from the reporter",
        slug="new-from-the-reporter",
        section=str(section.pk),
    )

    assert reporter_client.post(reverse("admin:stories_story_add"), data).status_code == 302

    story = Story.objects.get(slug="new-from-the-reporter")
    assert story.created_by == reporter
    assert reporter_client.get(change_url(story)).context["has_change_permission"] is True


def test_an_editor_changes_any_reporters_draft(editor_client, their_draft):
    data = admin_form_data(editor_client.get(change_url(their_draft)), headline="Edited by the desk")

    assert editor_client.post(change_url(their_draft), data).status_code == 302
    their_draft.refresh_from_db()
    assert their_draft.headline == "Edited by the desk"


# Preview links, revisions and the services behind every route.


def test_a_reporter_cannot_make_or_revoke_preview_links_for_another_reporters_draft(
    reporter_client, reporter, colleague, their_draft
):
    link = preview_link_create(story=their_draft, user=colleague, note="Legal")

    create = reporter_client.post(reverse("admin:stories_story_preview_create", args=[their_draft.pk]))
    revoke = reporter_client.post(
        reverse("admin:stories_story_preview_revoke", args=[their_draft.pk, link.pk])
    )
    page = reporter_client.get(change_url(their_draft)).content.decode()

    assert (create.status_code, revoke.status_code) == (403, 403)
    assert list(PreviewLink.objects.values_list("pk", "revoked_at")) == [(link.pk, None)]
    assert link.token not in page  # the working link is not handed out either
    with pytest.raises(PermissionDenied, match="not yours"):
        preview_link_create(story=their_draft, user=reporter)
    with pytest.raises(PermissionDenied, match="not yours"):
        preview_link_revoke(link=link, user=reporter)


def test_a_reporter_cannot_restore_a_revision_of_another_reporters_draft(
    reporter_client, reporter, their_draft
):
    their_draft.headline = "Second version"
    their_draft.save()
    story_revision_create(story=their_draft, user=None)
    restore = reverse("admin:stories_story_revision_restore", args=[their_draft.pk, 1])

    history = reporter_client.get(reverse("admin:stories_story_history", args=[their_draft.pk]))
    response = reporter_client.post(restore)

    assert history.status_code == 200 and history.context["can_restore"] is False
    assert response.status_code == 403
    their_draft.refresh_from_db()
    assert their_draft.headline == "Second version"
    with pytest.raises(PermissionDenied, match="not yours"):
        story_revision_restore(revision=their_draft.revisions.get(number=1), user=reporter)


def test_the_services_refuse_a_reporter_who_does_not_own_the_draft(reporter, their_draft):
    with pytest.raises(PermissionDenied, match="not yours"):
        story_submit(story=their_draft, user=reporter)
    with pytest.raises(PermissionDenied, match="not yours"):
        story_change_slug(story=their_draft, user=reporter, slug="hijacked")
    their_draft.refresh_from_db()
    assert (their_draft.status, their_draft.slug) == (Story.Status.DRAFT, their_draft.slug)
    assert not their_draft.audit_entries.exists()


# The list action asks the same question as the form (item 9).


def test_the_submit_action_asks_each_story_what_the_form_asks(reporter_client, reporter, their_draft):
    """A reporter's own draft is submitted; another reporter's draft and an unpublished story are not,
    and the admin says why for each (no 403 halfway through the list)."""
    own = factories.make_story(headline="My own draft", created_by=reporter)
    withdrawn = factories.make_story(
        headline="Withdrawn story",
        status=Story.Status.UNPUBLISHED,
        published_at=timezone.now(),
        created_by=reporter,
    )

    response = reporter_client.post(
        CHANGELIST,
        {"action": "submit_for_review", helpers.ACTION_CHECKBOX_NAME: [own.pk, their_draft.pk, withdrawn.pk]},
        follow=True,
    )

    assert response.status_code == 200
    statuses = dict(Story.objects.values_list("pk", "status"))
    assert statuses == {
        own.pk: Story.Status.SUBMITTED,
        their_draft.pk: Story.Status.DRAFT,
        withdrawn.pk: Story.Status.UNPUBLISHED,
    }
    shown = [str(message) for message in response.context["messages"]]
    assert "“Colleague's scoop” was not submitted: “Colleague's scoop” is not yours" in " ".join(shown)
    assert any("“Withdrawn story” was not submitted: Only editors" in message for message in shown)
    assert "Submitted 1 stories for review." in shown
    # And taking the withdrawn story over by the form is refused as well.
    assert reporter_client.post(change_url(withdrawn), {"headline": "Mine now"}).status_code == 403
