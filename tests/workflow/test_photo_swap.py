"""Swapping a photo in every story that uses it: one audit entry and one revision per story touched.

The photo desk swaps from the licences page (or anyone calls `photo_swap`); each
story using the old photo, as its lead or inside its body, records who swapped
which photo, and a revision whose snapshot holds the new photo. Refusals answer
400 and leave stories, audit trail and revisions as they were.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.stories.models import InlinePhoto, Story
from articles.workflow.models import AuditEntry, StoryRevision
from articles.workflow.revisions import story_revision_create
from articles.workflow.services import photo_swap
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

LICENCES_URL = "admin:photos_photo_licences"


@pytest.fixture
def old_photo(db):
    """A photo whose licence ends in three days."""
    return factories.make_photo(usable_until=timezone.localdate() + datetime.timedelta(days=3))


@pytest.fixture
def new_photo(db):
    return factories.make_photo()


@pytest.fixture
def lead_story(old_photo):
    """A published story with the old photo as its lead photo, revision 1 recorded."""
    return factories.make_story(
        headline="Harbour reopens", status=Story.Status.PUBLISHED, lead_photo=old_photo, with_revision=True
    )


@pytest.fixture
def inline_story(old_photo):
    """A published story with the old photo in its body, revision 1 recorded."""
    story = factories.make_story(headline="Fleet stays in port", status=Story.Status.PUBLISHED)
    factories.add_inline_photo(story, old_photo, caption="The fleet at anchor")
    factories.add_text(story, "<p>The boats stayed in.</p>", ordering=10)
    story_revision_create(story=story, user=None, comment="Created")
    return story


@pytest.fixture
def desk_client(client, photo_desk):
    client.force_login(photo_desk)
    return client


def swap_entries():
    return AuditEntry.objects.filter(action=AuditEntry.Action.PHOTO_SWAPPED)


def snapshot_photo_ids(revision) -> dict:
    """The lead photo and the inline photos a revision's snapshot holds."""
    snapshot = revision.snapshot
    lead = snapshot["fields"]["lead_photo"]
    return {
        "lead": lead["id"] if lead else None,
        "inline": [block["photo"]["id"] for block in snapshot["body"] if block["type"] == "inlinephoto"],
    }


def assert_swap_recorded(*, stories, old, new, user):
    """Each story: exactly one "photo swapped" entry by `user`, and one new revision (2) holding `new`."""
    assert swap_entries().count() == len(stories)
    for story in stories:
        entry = swap_entries().get(story=story)
        assert entry.user == user
        assert entry.user_name == user.get_username()
        assert entry.detail == f"Photo {old.pk} → {new.pk}"
        revisions = StoryRevision.objects.filter(story=story).order_by("number")
        assert [revision.number for revision in revisions] == [1, 2]
        latest = revisions.last()
        assert latest.user == user
        assert latest.comment == f"Photo {old.pk} replaced by photo {new.pk}"
        photos = snapshot_photo_ids(latest)
        assert old.pk not in [photos["lead"], *photos["inline"]]
        assert new.pk in [photos["lead"], *photos["inline"]]


def unchanged_state():
    """What a refused swap must leave exactly as it was."""
    return (
        list(Story.objects.order_by("pk").values_list("pk", "lead_photo_id", "updated_at")),
        list(InlinePhoto.objects.order_by("pk").values_list("pk", "photo_id")),
        AuditEntry.objects.count(),
        StoryRevision.objects.count(),
    )


# The service


def test_swap_records_an_audit_entry_and_a_revision_per_story(
    lead_story, inline_story, old_photo, new_photo, photo_desk
):
    untouched = factories.make_story(status=Story.Status.PUBLISHED, lead_photo=factories.make_photo())

    swapped = photo_swap(old=old_photo, new=new_photo, user=photo_desk)

    assert [story.pk for story in swapped] == [lead_story.pk, inline_story.pk]
    lead_story.refresh_from_db()
    assert lead_story.lead_photo == new_photo
    assert InlinePhoto.objects.get(parent=inline_story).photo == new_photo
    assert_swap_recorded(stories=[lead_story, inline_story], old=old_photo, new=new_photo, user=photo_desk)
    revision = StoryRevision.objects.filter(story=inline_story).latest()
    assert snapshot_photo_ids(revision) == {"lead": None, "inline": [new_photo.pk]}
    assert revision.snapshot["body"][1]["caption"] == "The fleet at anchor"  # captions stay
    assert not AuditEntry.objects.filter(story=untouched).exists()
    assert not StoryRevision.objects.filter(story=untouched).exists()


def test_a_story_using_the_photo_twice_gets_one_entry_and_one_revision(old_photo, new_photo, photo_desk):
    story = factories.make_story(status=Story.Status.PUBLISHED, lead_photo=old_photo, with_revision=True)
    factories.add_inline_photo(story, old_photo, ordering=30)
    factories.add_inline_photo(story, old_photo, ordering=40)

    photo_swap(old=old_photo, new=new_photo, user=photo_desk)

    assert_swap_recorded(stories=[story], old=old_photo, new=new_photo, user=photo_desk)
    assert snapshot_photo_ids(StoryRevision.objects.filter(story=story).latest()) == {
        "lead": new_photo.pk,
        "inline": [new_photo.pk, new_photo.pk],
    }


def test_swapping_an_inline_photo_marks_the_story_changed(inline_story, old_photo, new_photo, photo_desk):
    """The page changed: its modification time moves, as it does for a lead photo swap."""
    before = Story.objects.get(pk=inline_story.pk).updated_at

    photo_swap(old=old_photo, new=new_photo, user=photo_desk)

    assert Story.objects.get(pk=inline_story.pk).updated_at > before


@pytest.mark.parametrize(
    ("make_new", "code"),
    [
        (lambda old: old, "same_photo"),
        (
            lambda old: factories.make_photo(usable_until=timezone.localdate() - datetime.timedelta(days=1)),
            "expired",
        ),
        (lambda old: factories.make_photo(alt_text=""), "photo_without_alt_text"),
    ],
    ids=["same photo", "expired", "no alt text"],
)
def test_refused_swaps_change_nothing(lead_story, inline_story, old_photo, photo_desk, make_new, code):
    new = make_new(old_photo)
    before = unchanged_state()

    with pytest.raises(ValidationError) as refusal:
        photo_swap(old=old_photo, new=new, user=photo_desk)

    assert refusal.value.code == code
    assert unchanged_state() == before
    assert not swap_entries().exists()


def test_a_decorative_photo_needs_no_alt_text(lead_story, old_photo, photo_desk):
    decorative = factories.make_photo(alt_text="", decorative=True)

    photo_swap(old=old_photo, new=decorative, user=photo_desk)

    assert_swap_recorded(stories=[lead_story], old=old_photo, new=decorative, user=photo_desk)


def test_a_reporter_may_not_swap(lead_story, old_photo, new_photo, reporter):
    before = unchanged_state()

    with pytest.raises(PermissionDenied):
        photo_swap(old=old_photo, new=new_photo, user=reporter)

    assert unchanged_state() == before


# The licences page


def test_licences_page_swap_records_audit_and_revisions(
    desk_client, lead_story, inline_story, old_photo, new_photo, photo_desk
):
    response = desk_client.post(
        reverse(LICENCES_URL), {"old": old_photo.pk, "new": new_photo.pk}, follow=True
    )

    assert response.redirect_chain == [(reverse(LICENCES_URL), 302)]
    assertContains(response, f"Photo {new_photo.pk} now replaces photo {old_photo.pk} in 2 stories.")
    lead_story.refresh_from_db()
    assert lead_story.lead_photo == new_photo
    assert InlinePhoto.objects.get(parent=inline_story).photo == new_photo
    assert_swap_recorded(stories=[lead_story, inline_story], old=old_photo, new=new_photo, user=photo_desk)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("same", "Choose a different photo to swap in."),
        ("expired", "licence has expired; choose another."),
        ("999999", "Give the number of a photo in the library to swap in."),
        ("twelve", "Give the number of a photo in the library to swap in."),
        ("", "Give the number of a photo in the library to swap in."),
    ],
)
def test_licences_page_refusals_answer_400_and_change_nothing(
    desk_client, lead_story, inline_story, old_photo, new, message
):
    if new == "same":
        new = old_photo.pk
    elif new == "expired":
        new = factories.make_photo(usable_until=timezone.localdate() - datetime.timedelta(days=1)).pk
    before = unchanged_state()

    response = desk_client.post(reverse(LICENCES_URL), {"old": old_photo.pk, "new": new})

    assertContains(response, message, status_code=400)
    assert unchanged_state() == before
    assert not swap_entries().exists()


@pytest.mark.parametrize("old", ["999999", "abc", ""])
def test_licences_page_refuses_an_unknown_old_photo(desk_client, lead_story, new_photo, old):
    before = unchanged_state()

    response = desk_client.post(reverse(LICENCES_URL), {"old": old, "new": new_photo.pk})

    assertContains(response, "Give the number of a photo in the library", status_code=400)
    assert unchanged_state() == before


def test_a_reporter_cannot_open_or_post_the_licences_page(reporter_client, lead_story, old_photo, new_photo):
    before = unchanged_state()

    assert reporter_client.get(reverse(LICENCES_URL)).status_code == 403
    assert (
        reporter_client.post(reverse(LICENCES_URL), {"old": old_photo.pk, "new": new_photo.pk}).status_code
        == 403
    )
    assert unchanged_state() == before
    assert Story.objects.get(pk=lead_story.pk).lead_photo == old_photo


def test_an_editor_with_the_story_open_is_told_of_the_swap_and_does_not_undo_it(
    editor, lead_story, old_photo, new_photo, photo_desk
):
    """The swap's revision makes the editor's open form stale: saving it is refused, not a silent revert."""
    editor_client = Client()
    editor_client.force_login(editor)
    url = reverse("admin:stories_story_change", args=[lead_story.pk])
    opened = admin_form_data(editor_client.get(url), deck="An editor's new deck.")

    photo_swap(old=old_photo, new=new_photo, user=photo_desk)
    response = editor_client.post(url, opened)

    assertContains(response, "Changed by photodesk at", status_code=400)
    assert [change.label for change in response.context["conflict_changes"]] == ["Lead photo"]
    assert Story.objects.get(pk=lead_story.pk).lead_photo == new_photo
