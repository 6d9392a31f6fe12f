"""Revisions: snapshot, readable diff and restore, including bylines, contributors, body blocks, tags."""

import pytest
from django.urls import reverse

from articles.stories.models import Byline, Quote, RichText, Story
from articles.workflow.revisions import snapshot_diff, story_revision_create, story_revision_restore
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_story(editor):
    """A story saved twice: revision 1 as first written, revision 2 after edits everywhere."""
    ada, bo, cy = (factories.make_author(name=name) for name in ("Ada Reporter", "Bo Writer", "Cy Helper"))
    story = factories.make_story(
        headline="Council approves budget", bylines=[ada], tags=["Budget", "Schools"]
    )
    RichText.objects.create(
        parent=story, region="body", ordering=10, text="<p>The council voted on Tuesday.</p>"
    )
    Quote.objects.create(
        parent=story, region="body", ordering=20, quote="We did it.", attribution="The mayor"
    )
    story_revision_create(story=story, user=editor)

    story.headline = "Council approves record budget"
    story.save()
    Byline.objects.filter(story=story).delete()
    Byline.objects.create(story=story, author=bo, position=1)
    Byline.objects.create(story=story, author=ada, position=2)
    story.contributions.create(author=cy, position=1)
    story.tags.set(["Budget", "Taxes"])
    RichText.objects.filter(parent=story).update(text="<p>The council voted late on Tuesday.</p>")
    Quote.objects.filter(parent=story).delete()
    story_revision_create(story=story, user=editor)
    return story


def test_snapshot_holds_fields_bylines_body_and_tags(edited_story):
    snapshot = edited_story.revisions.get(number=1).snapshot
    assert snapshot["fields"]["headline"] == "Council approves budget"
    assert [credit["label"] for credit in snapshot["bylines"]] == ["Ada Reporter"]
    assert snapshot["tags"] == ["Budget", "Schools"]
    assert [block["type"] for block in snapshot["body"]] == ["richtext", "quote"]


def test_diff_is_readable_for_every_changed_part(edited_story):
    old, new = (edited_story.revisions.get(number=number).snapshot for number in (1, 2))
    changes = {change.label: change for change in snapshot_diff(old, new)}
    assert set(changes) == {"Headline", "Bylines", "Contributors", "Topics", "Body"}
    assert changes["Bylines"].before == "Ada Reporter"
    assert changes["Bylines"].after == "Bo Writer, Ada Reporter"
    assert "<ins>record</ins>" in changes["Headline"].marked_up
    assert "<del>Schools</del>" in changes["Topics"].marked_up
    assert "“We did it.”" in changes["Body"].before
    assert "late" in changes["Body"].after


def test_restore_brings_everything_back_as_a_new_revision(edited_story, editor):
    new = story_revision_restore(revision=edited_story.revisions.get(number=1), user=editor)
    assert new.number == 3
    story = Story.objects.get(pk=edited_story.pk)
    assert story.headline == "Council approves budget"
    assert [byline.author.name for byline in story.bylines.order_by("position")] == ["Ada Reporter"]
    assert not story.contributions.exists()
    assert sorted(story.tags.names()) == ["Budget", "Schools"]
    assert list(RichText.objects.filter(parent=story).values_list("text", flat=True)) == [
        "<p>The council voted on Tuesday.</p>"
    ]
    assert Quote.objects.get(parent=story).attribution == "The mayor"
    # Nothing was overwritten: revisions 1 and 2 are still there, and 3 equals 1.
    assert story.revisions.count() == 3
    assert snapshot_diff(story.revisions.get(number=1).snapshot, new.snapshot) == []
    assert story.audit_entries.get().action == "restored"


def test_restore_keeps_the_publication_state(edited_story, editor):
    Story.objects.filter(pk=edited_story.pk).update(status="unpublished")
    story_revision_restore(revision=edited_story.revisions.get(number=1), user=editor)
    assert Story.objects.get(pk=edited_story.pk).status == "unpublished"


def test_history_compare_and_restore_in_the_admin(edited_story, editor_client):
    history = editor_client.get(reverse("admin:stories_story_history", args=[edited_story.pk]))
    assert history.status_code == 200
    assert [revision.number for revision in history.context["revisions"]] == [2, 1]
    compare = editor_client.get(
        reverse("admin:stories_story_revision_compare", args=[edited_story.pk]), {"a": 2, "b": 1}
    )
    assert compare.status_code == 200
    assert "<ins>record</ins>" in compare.content.decode()
    missing = editor_client.get(
        reverse("admin:stories_story_revision_compare", args=[edited_story.pk]), {"a": 1, "b": 9}
    )
    assert missing.status_code == 404
    restore = reverse("admin:stories_story_revision_restore", args=[edited_story.pk, 1])
    assert editor_client.get(restore).status_code == 405
    assert editor_client.post(restore).status_code == 302
    assert Story.objects.get(pk=edited_story.pk).headline == "Council approves budget"


def test_restore_refuses_when_an_author_no_longer_exists(edited_story, editor_client):
    revision = edited_story.revisions.get(number=2)
    revision.snapshot["bylines"].append({"id": 999999, "label": "Gone Person", "position": 3})
    revision.save()
    restore = reverse("admin:stories_story_revision_restore", args=[edited_story.pk, 2])
    response = editor_client.post(restore)
    assert response.status_code == 409
    assert "author “Gone Person”" in response.content.decode()
