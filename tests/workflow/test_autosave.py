"""Autosave: each editor's unsaved form kept as their own copy, never the story, offered back on reopening.

A restore only fills the form; saving it is the normal admin save, stale-save check included.
"""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.stories.models import RichText, Story
from articles.workflow.autosave import AUTOSAVE_MAX_BYTES, story_autosave_save
from articles.workflow.models import StoryAutosave
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def make_editor(username):
    user = factories.make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def autosave_url(story=None):
    if story is None:
        return reverse("admin:stories_story_autosave_new")
    return reverse("admin:stories_story_autosave", args=[story.pk])


def as_pairs(data):
    """Form data as the page's script sends it: [name, value] pairs in a JSON body."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append([name, item])
    return json.dumps({"form": pairs})


def restored_form_data(copy):
    """What the restored page submits: its fields are bound to the copy's data, so they hold exactly it."""
    copy.refresh_from_db()
    return dict(copy.form_data)


def post_copy(client, story=None, body=None, **changes):
    if body is None:
        url = change_url(story) if story else reverse("admin:stories_story_add")
        body = as_pairs(admin_form_data(client.get(url), **changes))
    return client.post(autosave_url(story), body, content_type="application/json")


@pytest.fixture
def story(editor):
    story = factories.make_story(headline="Council approves budget", with_revision=True)
    factories.add_text(story, "<p>The council met on Tuesday.</p>")
    return story


def test_a_copy_keeps_the_whole_form_and_never_touches_the_story(editor_client, editor, story):
    opened = admin_form_data(editor_client.get(change_url(story)))
    edited = {
        **opened,
        "headline": "Council approves record budget",
        "stories_richtext_set-0-text": "<p>The council met late on Tuesday.</p>",
    }
    response = post_copy(editor_client, story, body=as_pairs(edited))

    assert response.status_code == 200
    assert response.json()["status"].startswith("Saved draft copy at ")
    copy = StoryAutosave.objects.get()
    assert (copy.story, copy.user, copy.base_revision) == (story, editor, 1)
    assert copy.form_data["headline"] == ["Council approves record budget"]
    assert copy.form_data["stories_richtext_set-0-text"] == ["<p>The council met late on Tuesday.</p>"]
    assert "csrfmiddlewaretoken" not in copy.form_data
    story.refresh_from_db()
    assert story.headline == "Council approves budget"
    assert story.revisions.count() == 1

    # The next copy replaces this one: one per editor and story.
    post_copy(editor_client, story, body=as_pairs({**edited, "headline": "Council approves a record budget"}))
    assert StoryAutosave.objects.get().form_data["headline"] == ["Council approves a record budget"]


def test_who_may_keep_a_copy(client, editor, reporter, photo_desk, staff_without_role):
    """Those who may change the story (permissions.py); everyone else a 403 with the reason, nothing kept."""
    theirs = factories.make_story(created_by=reporter, with_revision=True)
    someone_elses = factories.make_story(with_revision=True)
    live = factories.make_story(status=Story.Status.PUBLISHED, created_by=reporter, with_revision=True)
    body = as_pairs({"headline": "Edited"})
    cases = [
        (editor, live, 200, ""),
        (editor, None, 200, ""),
        (reporter, theirs, 200, ""),
        (reporter, None, 200, ""),
        (reporter, someone_elses, 403, "is not yours"),
        (reporter, live, 403, "Only editors can change a published"),
        (photo_desk, theirs, 403, "You cannot change stories"),
        (photo_desk, None, 403, "You cannot write new stories"),
        (staff_without_role, theirs, 403, ""),
    ]
    for user, story, status, sentence in cases:
        client.force_login(user)
        response = post_copy(client, story, body=body)
        assert response.status_code == status, (user, story)
        if status != 200:
            assert sentence in response.json()["error"]
    assert StoryAutosave.objects.count() == 4

    # Signed out (a session that expired mid-edit) or never staff: the script is told, in a sentence.
    client.logout()
    for signed_out in (theirs, None):
        response = post_copy(client, signed_out, body=body)
        assert response.status_code == 401
        assert "You are signed out" in response.json()["error"]
    client.force_login(factories.make_user(username="reader", is_staff=False))
    assert post_copy(client, theirs, body=body).status_code == 401
    assert StoryAutosave.objects.count() == 4


def test_bad_requests_are_refused_with_a_sentence_and_keep_the_last_copy(editor_client, story):
    post_copy(editor_client, story, body=as_pairs({"headline": "Kept"}))
    too_large = as_pairs({"headline": "x" * AUTOSAVE_MAX_BYTES})
    refusals = [
        (post_copy(editor_client, story, body=too_large), 413, "larger than"),
        (post_copy(editor_client, story, body="not json"), 400, "could not be read"),
        (post_copy(editor_client, story, body=json.dumps({"form": [["headline", 3]]})), 400, "text value"),
        (post_copy(editor_client, story, body=json.dumps({"form": {"headline": "x"}})), 400, "text value"),
        (editor_client.get(autosave_url(story)), 405, "POST"),
        (
            editor_client.post(
                reverse("admin:stories_story_autosave", args=[999999]), "{}", "application/json"
            ),
            404,
            "no longer exists",
        ),
    ]
    for response, status, sentence in refusals:
        assert response.status_code == status
        assert sentence in response.json()["error"]
    assert StoryAutosave.objects.get().form_data["headline"] == ["Kept"]


def test_reopening_offers_the_copy_and_restore_brings_it_back_without_saving(editor_client, story):
    post_copy(
        editor_client,
        story,
        headline="Council approves record budget",
        **{"stories_richtext_set-0-text": "<p>The council met late on Tuesday.</p>"},
    )
    copy = StoryAutosave.objects.get()

    page = editor_client.get(change_url(story))
    assertContains(page, f"You have unsaved changes from {timezone.localtime(copy.saved_at):%H:%M}.")
    assertContains(page, f'href="{change_url(story)}?autosave=restore"')
    assertContains(page, "data-paused")  # autosave waits for Restore or Discard

    restored = editor_client.get(change_url(story), {"autosave": "restore"})
    assert restored.status_code == 200
    assertContains(restored, "Restored your unsaved changes from")
    assertContains(restored, 'value="Council approves record budget"')
    assertContains(restored, "The council met late on Tuesday.")
    assertNotContains(restored, "errornote")
    story.refresh_from_db()
    assert story.headline == "Council approves budget"
    assert StoryAutosave.objects.exists()  # kept until a save or a discard

    # Saving the restored form is a normal save: the story changes and the copy is gone.
    saved = editor_client.post(change_url(story), restored_form_data(copy))
    assert saved.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Council approves record budget"
    assert RichText.objects.get(parent=story).text == "<p>The council met late on Tuesday.</p>"
    assert not StoryAutosave.objects.exists()


def test_restore_then_save_still_meets_the_stale_save_rule(client, editor, story):
    ann, ben = editor, make_editor("ben")
    client.force_login(ann)
    opened = admin_form_data(client.get(change_url(story)))
    post_copy(client, story, body=as_pairs({**opened, "deck": "Ann's unsaved deck."}))

    client.force_login(ben)  # Ben opened the same revision, and saves first
    assert client.post(change_url(story), {**opened, "headline": "Ben's saved headline"}).status_code == 302

    client.force_login(ann)
    assertContains(client.get(change_url(story)), "(before the story's last save)")
    restored = client.get(change_url(story), {"autosave": "restore"})
    assertContains(restored, "saved the story at")  # Ben's save, named before Ann saves
    refused = client.post(change_url(story), restored_form_data(StoryAutosave.objects.get(user=ann)))
    assert refused.status_code == 400
    assertContains(refused, "since you opened it", status_code=400)
    assertContains(refused, "Ann&#x27;s unsaved deck.", status_code=400)
    story.refresh_from_db()
    assert (story.headline, story.deck) == (
        "Ben's saved headline",
        "The vote ends months of debate over school funding.",
    )
    assert StoryAutosave.objects.filter(user=ann).exists()


def test_other_editors_copies_are_invisible(client, editor, story):
    story_autosave_save(story=story, user=editor, form_data={"headline": ["Ann's unsaved headline"]})
    ben = make_editor("ben")
    client.force_login(ben)

    page = client.get(change_url(story))
    assertNotContains(page, "You have unsaved changes")
    assertNotContains(page, "Ann&#x27;s unsaved headline")
    restore = client.get(change_url(story), {"autosave": "restore"}, follow=True)
    assertContains(restore, "There are no unsaved changes to restore.")
    assertNotContains(restore, "Ann&#x27;s unsaved headline")
    client.post(reverse("admin:stories_story_autosave_discard", args=[story.pk]))
    assert StoryAutosave.objects.filter(user=editor).exists()


def test_discard_deletes_the_copy(editor_client, editor, story):
    story_autosave_save(story=story, user=editor, form_data={"headline": ["Unwanted"]})
    response = editor_client.post(
        reverse("admin:stories_story_autosave_discard", args=[story.pk]), follow=True
    )
    assertContains(response, "were discarded")
    assertNotContains(response, "You have unsaved changes")
    assert not StoryAutosave.objects.exists()


def test_a_new_story_copy_comes_back_on_the_add_form_and_goes_when_it_is_saved(editor_client, editor):
    section = factories.make_section()
    add_url = reverse("admin:stories_story_add")
    pairs = {"headline": "Ferry crew rescued", "slug": "ferry-crew-rescued", "section": str(section.pk)}
    data = admin_form_data(editor_client.get(add_url), **pairs, desk_byline="Staff")
    assert post_copy(editor_client, body=as_pairs(data)).status_code == 200
    assert StoryAutosave.objects.get().story is None

    assertContains(editor_client.get(add_url), "You have unsaved changes from")
    restored = editor_client.get(add_url, {"autosave": "restore"})
    assertContains(restored, 'value="Ferry crew rescued"')
    assert not Story.objects.filter(slug="ferry-crew-rescued").exists()

    assert editor_client.post(add_url, restored_form_data(StoryAutosave.objects.get())).status_code == 302
    assert Story.objects.filter(slug="ferry-crew-rescued").exists()
    assert not StoryAutosave.objects.exists()


def test_a_save_prunes_copies_nobody_came_back_to(editor_client, editor, story):
    forgotten = factories.make_story(with_revision=True)
    StoryAutosave.objects.create(
        story=forgotten, user=editor, form_data={}, saved_at=timezone.now() - timedelta(days=31)
    )
    assertNotContains(editor_client.get(change_url(forgotten)), "You have unsaved changes")

    editor_client.post(change_url(story), admin_form_data(editor_client.get(change_url(story))))

    assert not StoryAutosave.objects.exists()


def test_two_tabs_racing_to_create_the_copy_leave_one(editor, story, monkeypatch):
    """The second tab's insert meets the row the first tab created after it looked: it updates that row."""
    StoryAutosave.objects.create(story=story, user=editor, form_data={"headline": ["First tab"]})
    real_update = QuerySet.update
    # The second tab looked for the row before the first tab's insert committed, and found none.
    calls = []

    def update(self, **fields):
        calls.append(fields)
        return 0 if len(calls) == 1 else real_update(self, **fields)

    monkeypatch.setattr(QuerySet, "update", update)

    copy = story_autosave_save(story=story, user=editor, form_data={"headline": ["Second tab"]})

    assert StoryAutosave.objects.get() == copy
    assert copy.form_data == {"headline": ["Second tab"]}
    assert len(calls) == 2  # the insert failed on the unique constraint and became an update


def test_a_copy_needs_the_csrf_token(editor, story):
    """The page's script sends the token in a header (a JSON body has no form field for it)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    body = as_pairs({"headline": "Edited"})

    refused = client.post(autosave_url(story), body, content_type="application/json")
    assert refused.status_code == 403
    assert not StoryAutosave.objects.exists()

    token = "k" * 32
    client.cookies["csrftoken"] = token
    accepted = client.post(autosave_url(story), body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
    assert StoryAutosave.objects.exists()


def test_a_read_only_form_keeps_no_copy(reporter_client, reporter):
    """A reporter reading a published story gets no autosave: there is nothing of theirs to keep."""
    live = factories.make_story(status=Story.Status.PUBLISHED, created_by=reporter, with_revision=True)
    page = reporter_client.get(change_url(live))
    assert page.status_code == 200
    assertNotContains(page, "workflow-autosave-status")
    assertNotContains(page, "autosave.js")
