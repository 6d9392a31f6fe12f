"""Making a preview link from the story form saves the edits first, or refuses and makes no link."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.stories.models import Story
from articles.workflow.models import PreviewLink
from articles.workflow.previews import preview_link_create
from articles.workflow.revisions import story_revision_create
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

PREVIEW_BUTTON = '<input type="submit" value="Save and create preview link" name="_save_and_preview">'


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def test_the_link_is_made_after_the_edits_are_saved(editor_client):
    story = factories.make_story(headline="Council approves budget", with_revision=True)
    page = editor_client.get(change_url(story))
    assertContains(page, PREVIEW_BUTTON, html=True)
    data = admin_form_data(page, headline="Council approves record budget", preview_note="Legal: J. Smith")

    response = editor_client.post(change_url(story), {**data, "_save_and_preview": "1"}, follow=True)

    story.refresh_from_db()
    assert story.headline == "Council approves record budget"
    link = PreviewLink.objects.get(story=story)
    assert link.note == "Legal: J. Smith"
    assertContains(response, "Your edits were saved and a preview link made")
    # The link shows the saved words.
    assertContains(
        editor_client.get(response.context["preview_links"][0][1]), "Council approves record budget"
    )


@pytest.mark.parametrize(
    "changes, saved_meanwhile, reason",
    [({"headline": ""}, False, "This field is required."), ({}, True, "since you opened it")],
    ids=["invalid", "stale"],
)
def test_an_edit_that_cannot_be_saved_makes_no_link_and_says_so(
    editor_client, editor, changes, saved_meanwhile, reason
):
    story = factories.make_story(headline="Council approves budget", with_revision=True)
    data = admin_form_data(editor_client.get(change_url(story)), deck="A new deck.", **changes)
    if saved_meanwhile:
        story_revision_create(story=story, user=editor, comment="Saved in another tab")

    response = editor_client.post(change_url(story), {**data, "_save_and_preview": "1"})

    assert response.status_code == 400
    assertContains(response, "No preview link was made", status_code=400)
    assertContains(response, reason, status_code=400)
    assertContains(response, "A new deck.", status_code=400)  # the edits are still in the form
    assert not PreviewLink.objects.exists()
    story.refresh_from_db()
    assert story.deck != "A new deck."


def test_a_public_story_offers_no_preview_link(editor_client):
    story = factories.make_story(status=Story.Status.PUBLISHED, with_revision=True)
    assertNotContains(editor_client.get(change_url(story)), PREVIEW_BUTTON, html=True)


def test_enter_in_a_field_saves_rather_than_makes_or_revokes_a_link(editor_client, editor):
    """A browser's Enter presses the form's first submit button: it is Save, not a link's button."""
    story = factories.make_story(with_revision=True)
    preview_link_create(story=story, user=editor, note="Legal")
    page = editor_client.get(change_url(story)).content.decode()

    form = page[page.index('id="story_form"') : page.index('name="_save"')]
    buttons = re.findall(r"<(?:button|input)\b[^>]*>", form)
    owned_by_the_story_form = [
        tag for tag in buttons if ('type="submit"' in tag or tag.startswith("<button")) and "form=" not in tag
    ]
    assert [tag for tag in owned_by_the_story_form if 'type="button"' not in tag] == []
    assert '<button type="submit" form="preview-revoke-' in form
