"""The editors' admin: who may see what, publishing enforced on the server, refusals that keep data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.photos.models import Photo
from articles.stories.models import Byline, InlinePhoto, Quote, RichText, Story
from tests import factories
from tests.admin_forms import admin_form_data

ROLES = ("editor", "reporter", "photo_desk", "staff_without_role")
APP_OF = {
    "story": "stories",
    "photo": "photos",
    "author": "stories",
    "section": "stories",
    "subscriber": "alerts",
}

# For each admin page, the roles that may open it; every other role gets 403.
PAGE_ACCESS = {
    ("story", "changelist"): {"editor", "reporter"},
    ("story", "add"): {"editor", "reporter"},
    ("story", "change"): {"editor", "reporter"},
    ("photo", "changelist"): {"editor", "reporter", "photo_desk"},
    ("photo", "add"): {"editor", "reporter", "photo_desk"},
    ("photo", "change"): {"editor", "reporter", "photo_desk"},
    ("author", "changelist"): {"editor", "reporter"},
    ("author", "add"): {"editor"},
    ("author", "change"): {"editor", "reporter"},
    ("section", "changelist"): {"editor", "reporter"},
    ("section", "add"): {"editor"},
    ("section", "change"): {"editor", "reporter"},
    # The README sends editors here for the alerts list and its CSV export.
    ("subscriber", "changelist"): {"editor"},
}


@pytest.fixture
def objects(db):
    author = factories.make_author()
    photo = factories.make_photo()
    story = factories.make_story(bylines=[author], lead_photo=photo)
    return {"story": story, "photo": photo, "author": author, "section": story.section}


def admin_url(model, page, objects):
    if page == "change":
        return reverse(f"admin:{APP_OF[model]}_{model}_change", args=[objects[model].pk])
    return reverse(f"admin:{APP_OF[model]}_{model}_{page}")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_pages(role, request, client, objects):
    client.force_login(request.getfixturevalue(role))

    for (model, page), allowed in PAGE_ACCESS.items():
        response = client.get(admin_url(model, page, objects))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, f"{role} {model} {page}"


def test_anonymous_visitors_are_sent_to_the_login_page(client, objects):
    response = client.get(admin_url("story", "changelist", objects))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_story_form_follows_newsroom_order(client, editor):
    client.force_login(editor)

    page = client.get(reverse("admin:stories_story_add")).content.decode()

    landmarks = [
        'name="headline"',
        'name="deck"',
        'name="section"',
        "Bylines, in the order they are printed",
        'name="lead_photo"',
        'id="stories_richtext_set-group"',
        'id="stories_inlinephoto_set-group"',
        "contributed to this report",
        'name="tags"',
        "Related stories",
        'name="status"',
    ]
    positions = [page.index(landmark) for landmark in landmarks]
    assert positions == sorted(positions)


def test_an_editor_writes_and_publishes_a_complete_story_through_the_form(client, editor):
    section = factories.make_section()
    first, second, contributor = (factories.make_author() for _ in range(3))
    lead, inline = factories.make_photo(), factories.make_photo()
    client.force_login(editor)
    form_page = client.get(reverse("admin:stories_story_add"))
    published_at = timezone.localtime().replace(microsecond=0)

    data = admin_form_data(
        form_page,
        headline="Harbour bridge to close for repairs",
        deck="Commuters face a month of detours from Monday.",
        section=str(section.pk),
        slug="harbour-bridge-repairs",
        lead_photo=str(lead.pk),
        tags="Transport, Harbour",
        status=Story.Status.PUBLISHED,
        published_at_0=published_at.date().isoformat(),
        published_at_1=published_at.time().isoformat(),
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": str(second.pk),
            "bylines-0-position": "2",
            "bylines-1-author": str(first.pk),
            "bylines-1-position": "1",
            "contributions-TOTAL_FORMS": "1",
            "contributions-0-author": str(contributor.pk),
            "stories_richtext_set-TOTAL_FORMS": "1",
            "stories_richtext_set-0-region": "body",
            "stories_richtext_set-0-ordering": "10",
            "stories_richtext_set-0-text": '<p>Work starts <script>x()</script><a href="https://example.org">Monday</a>.</p>',
            "stories_quote_set-TOTAL_FORMS": "1",
            "stories_quote_set-0-region": "body",
            "stories_quote_set-0-ordering": "20",
            "stories_quote_set-0-quote": "It has to be done.",
            "stories_quote_set-0-attribution": "City engineer",
            "stories_inlinephoto_set-TOTAL_FORMS": "1",
            "stories_inlinephoto_set-0-region": "body",
            "stories_inlinephoto_set-0-ordering": "30",
            "stories_inlinephoto_set-0-photo": str(inline.pk),
        },
    )

    response = client.post(reverse("admin:stories_story_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    story = Story.objects.get(slug="harbour-bridge-repairs")
    assert story.is_published()
    assert [b.author for b in Byline.objects.filter(story=story).order_by("position")] == [first, second]
    assert list(story.contributors.all()) == [contributor]
    assert set(story.tags.names()) == {"Transport", "Harbour"}
    assert (
        RichText.objects.get(parent=story).text
        == '<p>Work starts <a href="https://example.org">Monday</a>.</p>'
    )
    assert Quote.objects.get(parent=story).attribution == "City engineer"
    assert InlinePhoto.objects.get(parent=story).photo == inline


def test_an_invalid_story_is_refused_with_400_and_the_editors_words_kept(client, editor):
    client.force_login(editor)
    form_page = client.get(reverse("admin:stories_story_add"))

    data = admin_form_data(form_page, headline="A headline worth keeping", slug="", section="")
    response = client.post(reverse("admin:stories_story_add"), data)

    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert b'value="A headline worth keeping"' in response.content
    assert not Story.objects.exists()


class TestReportersCannotPublish:
    def test_the_status_and_time_are_read_only_for_them(self, client, reporter):
        client.force_login(reporter)

        page = client.get(reverse("admin:stories_story_add"))

        assert 'name="status"' not in page.content.decode()
        assert 'name="published_at_0"' not in page.content.decode()

    def test_a_crafted_post_to_publish_a_new_story_is_refused(self, client, reporter):
        section = factories.make_section()
        client.force_login(reporter)
        form_page = client.get(reverse("admin:stories_story_add"))
        data = admin_form_data(
            form_page, headline="Sneaky", slug="sneaky", section=str(section.pk), status="published"
        )

        response = client.post(reverse("admin:stories_story_add"), data)

        assert response.status_code == 403
        assert b"only editors can" in response.content
        assert not Story.objects.exists()

    def test_a_crafted_post_to_schedule_their_draft_is_refused_and_the_draft_kept(self, client, reporter):
        story = factories.make_story(headline="My draft", created_by=reporter)
        client.force_login(reporter)
        form_page = client.get(reverse("admin:stories_story_change", args=[story.pk]))
        data = admin_form_data(
            form_page, headline="Changed", published_at_0="2030-01-01", published_at_1="09:00"
        )

        response = client.post(reverse("admin:stories_story_change", args=[story.pk]), data)

        assert response.status_code == 403
        story.refresh_from_db()
        assert (story.headline, story.status, story.published_at) == ("My draft", Story.Status.DRAFT, None)

    def test_they_can_save_their_draft(self, client, reporter):
        story = factories.make_story(headline="My draft", created_by=reporter)
        client.force_login(reporter)
        form_page = client.get(reverse("admin:stories_story_change", args=[story.pk]))

        response = client.post(
            reverse("admin:stories_story_change", args=[story.pk]),
            admin_form_data(form_page, headline="My better draft"),
        )

        assert response.status_code == 302
        story.refresh_from_db()
        assert (story.headline, story.status) == ("My better draft", Story.Status.DRAFT)

    def test_the_publish_action_is_refused(self, client, reporter):
        story = factories.make_story()
        client.force_login(reporter)

        response = client.post(
            reverse("admin:stories_story_changelist"),
            {"action": "publish_now", "_selected_action": [story.pk]},
        )

        assert response.status_code == 403
        assert "not allowed to run the action" in response.content.decode()
        assert "publish_now" not in client.get(reverse("admin:stories_story_changelist")).content.decode()
        story.refresh_from_db()
        assert story.status == Story.Status.DRAFT

    def test_a_published_story_is_read_only_for_them(self, client, reporter):
        story = factories.make_story(headline="Live", status=Story.Status.PUBLISHED)
        client.force_login(reporter)
        form_page = client.get(reverse("admin:stories_story_change", args=[story.pk]))

        response = client.post(
            reverse("admin:stories_story_change", args=[story.pk]),
            {**admin_form_data(form_page), "headline": "Defaced"},
        )

        assert response.status_code == 403
        story.refresh_from_db()
        assert story.headline == "Live"


def test_the_publish_action_publishes_for_editors(client, editor):
    stories = [factories.make_story(), factories.make_story()]
    client.force_login(editor)

    response = client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "publish_now", "_selected_action": [story.pk for story in stories]},
        follow=True,
    )

    assert b"Published 2 stories." in response.content
    assert Story.objects.published().count() == 2


def test_deleting_a_used_photo_is_refused_naming_the_stories(client, editor):
    photo = factories.make_photo()
    factories.make_story(headline="Fire at the pier", lead_photo=photo)
    inline_story = factories.make_story(headline="Week in pictures")
    factories.add_inline_photo(inline_story, photo=photo)
    client.force_login(editor)

    response = client.post(reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Fire at the pier" in page and "Week in pictures" in page
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_the_photo_page_lists_the_stories_that_use_it(client, editor):
    photo = factories.make_photo()
    story = factories.make_story(headline="Fire at the pier", lead_photo=photo)
    client.force_login(editor)

    response = client.get(reverse("admin:photos_photo_change", args=[photo.pk]))

    assert reverse("admin:stories_story_change", args=[story.pk]) in response.content.decode()


def test_a_non_image_upload_is_refused_with_a_clear_message(client, editor):
    client.force_login(editor)
    fake = factories.SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")

    response = client.post(
        reverse("admin:photos_photo_add"), {"image": fake, "alt_text": "Something", "caption": "x"}
    )

    assert response.status_code == 400
    assert escape("Upload a valid image") in response.content.decode() or (
        "not a JPEG, PNG or WebP image" in response.content.decode()
    )
    assert not Photo.objects.exists()


def test_uploading_the_same_file_twice_points_to_the_existing_photo(client, editor):
    data = factories.image_bytes()
    client.force_login(editor)
    first = factories.SimpleUploadedFile("a.jpg", data, "image/jpeg")
    client.post(reverse("admin:photos_photo_add"), {"image": first, "alt_text": "A pier", "caption": "x"})
    existing = Photo.objects.get()

    again = factories.SimpleUploadedFile("b.jpg", data, "image/jpeg")
    response = client.post(reverse("admin:photos_photo_add"), {"image": again, "alt_text": "A pier"})

    assert response.status_code == 400
    assert f"already in the library as photo {existing.pk}" in response.content.decode()
    assert Photo.objects.count() == 1


def story_changelist_queries(client, count, bylines_each):
    authors = [factories.make_author() for _ in range(bylines_each)]
    section = factories.make_section()
    for _ in range(count):
        factories.make_story(section=section, bylines=authors, tags=["One", "Two"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:stories_story_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_story_changelist_queries_do_not_grow_with_rows_or_bylines(client, editor):
    client.force_login(editor)
    few = story_changelist_queries(client, count=1, bylines_each=1)
    Story.objects.all().delete()

    many = story_changelist_queries(client, count=20, bylines_each=4)

    assert few == many
