"""The desk on the admin index: per role, short lists with counts, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.photos.models import Photo
from articles.stories.models import Story
from articles.workflow.desk import DESK_ROWS, _end_of_today
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def later_today():
    """A time still to come today, however late the test runs."""
    now = timezone.now()
    return now + (_end_of_today() - now) / 2


def photo_in_trouble(**fields):
    """A photo whose renditions failed and whose licence ends in three days, shown by a live story."""
    photo = factories.make_photo(renditions=False, caption=fields.pop("caption", "Harbour at dawn"))
    Photo.objects.filter(pk=photo.pk).update(
        renditions_status=Photo.RenditionsStatus.FAILED,
        renditions_error="The file could not be decoded.",
        usable_until=timezone.localdate() + timedelta(days=3),
    )
    factories.make_story(status=Story.Status.PUBLISHED, lead_photo=photo)
    return photo


def make_the_desk(count, editor, reporter):
    for number in range(count):
        factories.make_story(headline=f"Editor draft {number}", created_by=editor)
        factories.make_story(headline=f"Reporter draft {number}", created_by=reporter)
        factories.make_story(headline=f"Submitted {number}", status=Story.Status.SUBMITTED)
        factories.make_story(
            headline=f"Goes out today {number}", status=Story.Status.PUBLISHED, published_at=later_today()
        )
        photo_in_trouble(caption=f"Troubled photo {number}")


def lists(response):
    return {desk_list.title: desk_list for desk_list in response.context["desk"]}


def test_an_editor_sees_the_desk(editor_client, editor, reporter):
    factories.make_story(headline="Editor draft", created_by=editor)
    factories.make_story(headline="Reporter draft", created_by=reporter)
    factories.make_story(headline="Waiting", status=Story.Status.SUBMITTED, created_by=reporter)
    factories.make_story(headline="Goes out today", status=Story.Status.PUBLISHED, published_at=later_today())
    factories.make_story(
        headline="Goes out tomorrow",
        status=Story.Status.PUBLISHED,
        published_at=_end_of_today() + timedelta(hours=1),
    )
    factories.make_story(headline="Already live", status=Story.Status.PUBLISHED)
    photo_in_trouble(caption="Harbour at dawn")

    response = editor_client.get(INDEX)

    desk = lists(response)
    assert list(desk) == [
        "My drafts",
        "Awaiting review",
        "Scheduled today",
        "Photos whose renditions failed",
        "Licences ending within 7 days",
    ]
    assert [story.headline for story in desk["My drafts"].rows] == ["Editor draft"]
    assert [story.headline for story in desk["Awaiting review"].rows] == ["Waiting"]
    assert [story.headline for story in desk["Scheduled today"].rows] == ["Goes out today"]
    assert [photo.caption for photo in desk["Photos whose renditions failed"].rows] == ["Harbour at dawn"]
    assert [photo.caption for photo in desk["Licences ending within 7 days"].rows] == ["Harbour at dawn"]
    assertContains(response, "The file could not be decoded.")
    assertContains(response, f"usable until {timezone.localdate() + timedelta(days=3):%-d %b}")
    assertContains(response, reverse("admin:photos_photo_licences"))
    # The apps are still listed below the desk.
    assertContains(response, 'class="app-list"')


def test_a_reporter_sees_their_own_drafts_and_reviews_and_no_photo_desk(reporter_client, reporter, editor):
    author = factories.make_author(user=reporter)
    factories.make_story(headline="Created", created_by=reporter)
    factories.make_story(headline="Bylined", bylines=[author])
    factories.make_story(headline="Assigned").assigned_to.add(reporter)
    factories.make_story(headline="Someone else's", created_by=editor)
    factories.make_story(headline="Theirs waiting", status=Story.Status.SUBMITTED, created_by=reporter)
    factories.make_story(headline="Others waiting", status=Story.Status.SUBMITTED, created_by=editor)
    photo_in_trouble()

    response = reporter_client.get(INDEX)

    desk = lists(response)
    assert list(desk) == ["My drafts", "My stories awaiting review", "Scheduled today"]
    assert {story.headline for story in desk["My drafts"].rows} == {"Created", "Bylined", "Assigned"}
    assert [story.headline for story in desk["My stories awaiting review"].rows] == ["Theirs waiting"]
    assertNotContains(response, "Someone else&#x27;s")
    assertNotContains(response, "Harbour at dawn")


def test_the_photo_desk_sees_only_photos(client, photo_desk):
    factories.make_story(headline="A draft", created_by=photo_desk)
    photo_in_trouble()
    client.force_login(photo_desk)

    response = client.get(INDEX)

    assert list(lists(response)) == ["Photos whose renditions failed", "Licences ending within 7 days"]
    assertNotContains(response, "A draft")


# Every admin page: 1 the session, 2 the user, 3 the user's own permissions, 4 their groups' permissions.
# Then 5 my drafts, 6 awaiting review, 7 scheduled today, 8 failed renditions, 9 expiring licences (each
# list's first rows with the count of all its rows in the same query) and 10 the sidebar's recent actions.
EDITOR_INDEX_QUERIES = 10


@pytest.mark.parametrize("count", [1, DESK_ROWS * 2])
def test_the_desk_costs_the_same_with_one_or_many_rows(
    editor_client, editor, reporter, django_assert_num_queries, count
):
    make_the_desk(count, editor, reporter)

    with django_assert_num_queries(EDITOR_INDEX_QUERIES):
        response = editor_client.get(INDEX)

    for desk_list in response.context["desk"]:
        assert desk_list.count == count
        assert len(desk_list.rows) == min(count, DESK_ROWS)
    if count > DESK_ROWS:
        assertContains(response, f"See all {count}", count=4)  # every list but my drafts has its page
