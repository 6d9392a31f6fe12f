"""The audit trail names drafts' headlines: only those who may read the stories see it (issue 12, item 8)."""

import pytest
from django.urls import reverse

from articles.workflow.audit import audit_record
from articles.workflow.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:workflow_auditentry_changelist")


@pytest.fixture
def entry(editor):
    story = factories.make_story(headline="Mayor to resign, draft says")
    return audit_record(story=story, action=AuditEntry.Action.SUBMITTED, user=editor)


@pytest.mark.parametrize("role", ["photo_desk", "staff_without_role"])
def test_staff_who_cannot_read_stories_cannot_read_the_audit_trail(client, request, entry, role):
    """The Photo desk and staff with no role get 403 on the list and on an entry, and no menu link."""
    client.force_login(request.getfixturevalue(role))

    listing = client.get(CHANGELIST)
    detail = client.get(reverse("admin:workflow_auditentry_change", args=[entry.pk]))
    index = client.get(reverse("admin:index"))

    assert (listing.status_code, detail.status_code) == (403, 403)
    for response in (listing, detail, index):
        assert b"Mayor to resign" not in response.content
    assert CHANGELIST.encode() not in index.content


@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_editors_and_reporters_read_the_audit_trail(client, request, entry, role):
    """Both may read every story (permissions.py), so both read every story's trail."""
    client.force_login(request.getfixturevalue(role))

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert b"Mayor to resign" in response.content


def test_the_trail_on_the_story_form_is_shown_to_story_readers_only(client, reporter, entry):
    """A reporter reading someone else's draft sees its trail; the inline is not offered to others."""
    client.force_login(reporter)

    response = client.get(reverse("admin:stories_story_change", args=[entry.story.pk]))

    assert response.status_code == 200
    assert "Submitted for review" in response.content.decode()
